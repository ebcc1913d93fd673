import { DownloadOutlined } from '@ant-design/icons'
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  InputNumber,
  Segmented,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { api, dataOf } from '../../api/client.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'
import { useSession } from '../../session.js'
import { save } from '../reviewer/staff-import-upload.js'
import { grouped } from './grouped.js'

type Line =
  paths['/api/education-funds']['get']['responses'][200]['content']['application/json']['items'][number]
type SummaryLine =
  paths['/api/education-funds/summary']['get']['responses'][200]['content']['application/json']['lines'][number]
type Status = 'below' | 'met' | 'missing'

const COLOUR: Record<Status, string> = { below: '#a8071a', met: '#237804', missing: 'default' }

/**
 * 职工教育经费统计 (鲁人社发〔2016〕10号 （二十三）): the employers in the HR department's region (an authority's
 * industry) with the year's share, those below filtered, the sums by district or industry, the workbook; the
 * HR department marks employers with high training needs (2.5 %).
 */
export default function EducationFundsRegion() {
  const { t } = useT()
  const k = t.educationFundsRegionPage
  const { message } = App.useApp()
  const client = useQueryClient()
  const hr = useSession().data?.role === 'hr_department'
  const [year, setYear] = useState(new Date().getFullYear() - 1)
  const [status, setStatus] = useState<Status | 'all'>('all')
  const [by, setBy] = useState<'region' | 'industry'>('region')
  const [page, setPage] = useState({ page: 1, pageSize: 20 })
  const [exporting, setExporting] = useState(false)
  const list = useQuery({
    queryKey: ['education-funds', year, status, page],
    placeholderData: keepPreviousData,
    retry: false,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/education-funds', {
          params: {
            query: {
              year: String(year),
              ...(status === 'all' ? {} : { status }),
              page: String(page.page),
              pageSize: String(page.pageSize),
            },
          },
        }),
      ),
  })
  const summary = useQuery({
    queryKey: ['education-funds-summary', year, by],
    placeholderData: keepPreviousData,
    retry: false,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/education-funds/summary', { params: { query: { year: String(year), by } } }),
      ),
  })

  async function mark(l: Line, high: boolean) {
    try {
      dataOf(
        await api.PUT('/api/organisations/{id}/training-need', {
          params: { path: { id: l.organisationId } },
          body: { highTrainingNeed: high },
        }),
      )
      message.success(high ? k.highNeedOn(l.name) : k.highNeedOff(l.name))
      await Promise.all([
        client.invalidateQueries({ queryKey: ['education-funds'] }),
        client.invalidateQueries({ queryKey: ['education-funds-summary'] }),
      ])
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e))
    }
  }

  async function exportBook() {
    setExporting(true)
    try {
      const r = await api.GET('/api/education-funds/export', {
        params: { query: { year: String(year) } },
        parseAs: 'blob',
      })
      save(dataOf(r) as unknown as Blob, `职工教育经费-${summary.data?.regionName ?? ''}-${year}年度.xlsx`)
      message.success(k.exported)
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e))
    } finally {
      setExporting(false)
    }
  }

  const pct = (s: string | null) => (s === null ? '—' : k.percent(s))
  const columns: TableColumnsType<Line> = [
    { key: 'name', title: k.name, dataIndex: 'name' },
    { key: 'region', title: k.region, dataIndex: 'regionName', width: 100 },
    { key: 'industry', title: k.industry, width: 100, render: (_, l) => l.industry ?? k.noIndustry },
    {
      key: 'payroll',
      title: k.payroll,
      align: 'right',
      render: (_, l) => (l.payroll === null ? '—' : grouped(l.payroll)),
    },
    {
      key: 'spending',
      title: k.spending,
      align: 'right',
      render: (_, l) => (l.spending === null ? '—' : grouped(l.spending)),
    },
    { key: 'share', title: k.share, align: 'right', width: 90, render: (_, l) => pct(l.share) },
    {
      key: 'threshold',
      title: k.threshold,
      align: 'right',
      width: 90,
      render: (_, l) => k.percent(l.threshold),
    },
    {
      key: 'shortfall',
      title: k.shortfall,
      align: 'right',
      render: (_, l) => (l.status === 'below' && l.shortfall !== null ? grouped(l.shortfall) : '—'),
    },
    {
      key: 'status',
      title: k.status,
      width: 100,
      render: (_, l) => <Tag color={COLOUR[l.status]}>{k[l.status]}</Tag>,
    },
    {
      key: 'high',
      title: k.highNeed,
      width: 110,
      render: (_, l) => (
        <Switch
          size="small"
          checked={l.highTrainingNeed}
          disabled={!hr}
          aria-label={`${k.highNeed}：${l.name}`}
          onChange={(on) => mark(l, on)}
        />
      ),
    },
  ]
  const summaryColumns: TableColumnsType<SummaryLine> = [
    { key: 'label', title: by === 'region' ? k.region : k.industry, dataIndex: 'label' },
    { key: 'employers', title: k.employers, dataIndex: 'employers', align: 'right' },
    { key: 'reported', title: k.reported, dataIndex: 'reported', align: 'right' },
    { key: 'below', title: k.belowCount, dataIndex: 'below', align: 'right' },
    { key: 'payroll', title: k.payroll, align: 'right', render: (_, l) => grouped(l.payroll) },
    { key: 'spending', title: k.spending, align: 'right', render: (_, l) => grouped(l.spending) },
    { key: 'share', title: k.share, align: 'right', render: (_, l) => pct(l.share) },
  ]
  const s = summary.data
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Breadcrumb items={[{ title: k.crumb }, { title: k.title }]} />
        <Space style={{ width: '100%', justifyContent: 'space-between', alignItems: 'flex-start' }} wrap>
          <Typography.Title level={1} style={{ fontSize: 22, margin: '8px 0 0' }}>
            {s ? k.heading(s.regionName, year) : k.title}
          </Typography.Title>
          <Space wrap>
            <span>{k.year}</span>
            <InputNumber
              aria-label={k.year}
              min={1990}
              max={new Date().getFullYear()}
              value={year}
              onChange={(v) => {
                if (v) {
                  setYear(v)
                  setPage((p) => ({ ...p, page: 1 }))
                }
              }}
              style={{ width: 100 }}
            />
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportBook}>
              {k.export}
            </Button>
          </Space>
        </Space>
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
          {k.intro}
        </Typography.Paragraph>
      </div>
      {(list.error || summary.error) && (
        <Alert type="error" showIcon role="alert" title={(list.error ?? summary.error)?.message} />
      )}
      <Card
        title={k.summary}
        extra={
          <Segmented
            value={by}
            onChange={(v) => setBy(v as 'region' | 'industry')}
            options={[
              { value: 'region', label: k.byRegion },
              { value: 'industry', label: k.byIndustry },
            ]}
          />
        }
      >
        <Table<SummaryLine>
          rowKey="key"
          size="small"
          columns={summaryColumns}
          dataSource={s?.lines ?? []}
          loading={summary.isFetching}
          pagination={false}
          locale={{ emptyText: k.empty }}
          summary={() =>
            s && (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>{s.all.label}</Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  {s.all.employers}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  {s.all.reported}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  {s.all.below}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">
                  {grouped(s.all.payroll)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={5} align="right">
                  {grouped(s.all.spending)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={6} align="right">
                  {pct(s.all.share)}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )
          }
        />
      </Card>
      <Card
        extra={
          <Segmented
            value={status}
            onChange={(v) => {
              setStatus(v as Status | 'all')
              setPage((p) => ({ ...p, page: 1 }))
            }}
            options={[
              { value: 'all', label: k.all },
              { value: 'below', label: k.below },
              { value: 'met', label: k.met },
              { value: 'missing', label: k.missing },
            ]}
          />
        }
        title={k.employersTitle}
      >
        <Table<Line>
          rowKey="organisationId"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          locale={{ emptyText: k.empty }}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: list.data?.total ?? 0,
            showTotal: (n) => k.count(n),
            onChange: (p, sz) => setPage({ page: p, pageSize: sz }),
          }}
        />
      </Card>
    </Space>
  )
}
