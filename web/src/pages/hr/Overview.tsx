import { ArrowUpOutlined, DownloadOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import {
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  Result,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd'
import { useState } from 'react'
import { useSearchParams } from 'react-router'
import { api, dataOf } from '../../api/client.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'
import { save } from '../reviewer/staff-import-upload.js'
import { StackedChart } from './StatisticsCharts.js'

type Overview = paths['/api/compliance/overview']['get']['responses'][200]['content']['application/json']
type Line = Overview['byRegion'][number]
const REGION = /^\d{6}$/

/**
 * 统计分析 / 地区达标概况: the region's compliance by district, series, industry and year, a bar chart with its
 * table under each; a district's bar or row drills down (province → city → district); the whole exported as xlsx.
 * The drill path lives in the URL (`path`: the codes drilled into, in order).
 */
export default function OverviewPage() {
  const { t } = useT()
  const k = t.overviewPage
  const { message } = App.useApp()
  const [params, setParams] = useSearchParams()
  const thisYear = new Date().getFullYear()
  const asked = Number(params.get('year'))
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= thisYear + 1 ? asked : thisYear
  const path = (params.get('path') ?? '').split(',').filter((c) => REGION.test(c))
  const region = path.at(-1)
  const [exporting, setExporting] = useState(false)
  const query = { year: String(year), ...(region ? { regionCode: region } : {}) }

  const overview = useQuery({
    queryKey: ['compliance-overview', query],
    queryFn: async () => dataOf(await api.GET('/api/compliance/overview', { params: { query } })),
  })

  const go = (next: string[], y = year) =>
    setParams(next.length ? { year: String(y), path: next.join(',') } : { year: String(y) })
  const drill = (code: string) => {
    const line = overview.data?.byRegion.find((l) => l.key === code)
    if (line?.drillable) go([...path, code])
  }

  async function exportAll() {
    setExporting(true)
    try {
      const r = await api.GET('/api/compliance/overview/export', { params: { query }, parseAs: 'blob' })
      save(dataOf(r) as unknown as Blob, `达标概况-${overview.data?.regionName ?? ''}-${year}年度.xlsx`)
      message.success(k.exported)
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e))
    } finally {
      setExporting(false)
    }
  }

  if (overview.error)
    return (
      <Result
        status="error"
        title={t.common.failed}
        subTitle={overview.error.message}
        extra={<Button onClick={() => go([])}>{k.top}</Button>}
      />
    )
  const o = overview.data
  const years = Array.from({ length: 8 }, (_, i) => thisYear + 1 - i)
  const columns = (head: string, drillable: boolean): TableColumnsType<Line> => [
    {
      key: 'name',
      title: head,
      render: (_, l) =>
        drillable && l.drillable ? (
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => drill(l.key)}>
            {l.name}
          </Button>
        ) : (
          l.name
        ),
    },
    { key: 'total', title: k.total, dataIndex: 'total', align: 'right', width: 90 },
    { key: 'compliant', title: k.compliant, dataIndex: 'compliant', align: 'right', width: 90 },
    { key: 'notCompliant', title: k.notCompliant, dataIndex: 'notCompliant', align: 'right', width: 90 },
    { key: 'rate', title: k.rate, align: 'right', width: 100, render: (_, l) => `${l.rate}%` },
  ]
  const section = (title: string, head: string, lines: Line[], drillable = false) => (
    <Card title={title} size="small">
      <StackedChart
        categories={lines.map((l) => l.name)}
        series={[
          { name: k.compliant, colour: '#389e0d', values: lines.map((l) => l.compliant) },
          { name: k.notCompliant, colour: '#d4380d', values: lines.map((l) => l.notCompliant) },
        ]}
        label={k.chartLabel(title)}
        height={260}
        onPick={drillable ? (i) => drill(lines[i]?.key ?? '') : undefined}
      />
      <Table<Line>
        rowKey="key"
        size="small"
        columns={columns(head, drillable)}
        dataSource={lines}
        pagination={false}
        locale={{ emptyText: k.empty }}
      />
    </Card>
  )

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Breadcrumb
          items={[
            { title: k.crumb },
            {
              title: path.length ? (
                <Button
                  type="link"
                  size="small"
                  style={{ padding: 0, height: 'auto' }}
                  onClick={() => go([])}
                >
                  {k.title}
                </Button>
              ) : (
                k.title
              ),
            },
            ...(path.length && o ? [{ title: o.regionName }] : []),
          ]}
        />
        <div
          style={{
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            gap: 12,
            flexWrap: 'wrap',
            marginTop: 8,
          }}
        >
          <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
            {o ? k.heading(o.regionName) : k.title}
          </Typography.Title>
          <Space wrap>
            {path.length > 0 && (
              <Button icon={<ArrowUpOutlined />} onClick={() => go(path.slice(0, -1))}>
                {k.up}
              </Button>
            )}
            <Select
              aria-label={k.year}
              value={year}
              style={{ width: 120 }}
              options={years.map((y) => ({ value: y, label: k.yearOption(y) }))}
              onChange={(y) => go(path, y)}
            />
            <Button icon={<DownloadOutlined />} loading={exporting} disabled={!o} onClick={exportAll}>
              {k.export}
            </Button>
          </Space>
        </div>
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
          {k.intro}
        </Typography.Paragraph>
      </div>
      <Card loading={overview.isPending}>
        {o && (
          <Row gutter={16}>
            <Col span={8}>
              <Statistic title={k.total} value={o.total} />
            </Col>
            <Col span={8}>
              <Statistic title={k.compliant} value={o.compliant} />
            </Col>
            <Col span={8}>
              <Statistic
                title={k.rate}
                value={o.total === 0 ? 0 : Math.round((o.compliant / o.total) * 1000) / 10}
                suffix="%"
              />
            </Col>
          </Row>
        )}
      </Card>
      {o && (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            {section(k.byRegion, k.region, o.byRegion, true)}
          </Col>
          <Col xs={24} xl={12}>
            {section(
              k.bySeries,
              k.series,
              o.bySeries.map((l) => ({ ...l, name: t.series[l.key] ?? l.name })),
            )}
          </Col>
          <Col xs={24} xl={12}>
            {section(k.byIndustry, k.industry, o.byIndustry)}
          </Col>
          <Col xs={24} xl={12}>
            {section(k.byYear, k.yearHead, o.byYear)}
          </Col>
        </Row>
      )}
    </Space>
  )
}
