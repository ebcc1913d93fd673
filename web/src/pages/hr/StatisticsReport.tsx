import { ArrowUpOutlined, DownloadOutlined } from '@ant-design/icons'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import {
  App,
  Breadcrumb,
  Button,
  Card,
  Checkbox,
  Col,
  Result,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd'
import { useMemo, useState } from 'react'
import { useSearchParams } from 'react-router'
import { api, dataOf } from '../../api/client.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'
import { save } from '../reviewer/staff-import-upload.js'
import { HoursMakeUp } from './HoursMakeUp.js'
import { InstitutionStats } from './InstitutionStats.js'
import { type Definition, SavedQueries } from './SavedQueries.js'
import { type Series, StackedChart } from './StatisticsCharts.js'

type Report = paths['/api/statistics']['get']['responses'][200]['content']['application/json']
type Line = Report['lines'][number]
type By = Report['by']
/** The groupings offered: the report's, and 按培训机构 (its own API: hours by institution, no persons). */
type Grouping = By | 'institution'
const BYS: readonly Grouping[] = ['region', 'industry', 'series', 'employer', 'institution']
type Measure = Definition['measures'][number]
/** The measures (显示指标) in the order the table and the export show them; the API checks the same list. */
const MEASURES: readonly Measure[] = [
  'persons',
  'compliant',
  'rate',
  'public',
  'professional',
  'total',
  'perPerson',
  'from75',
  'from50',
  'from25',
  'above0',
  'none',
]
/** The shortfall measures, in the order of the buckets after 已达标. */
const SHORTFALL = ['from75', 'from50', 'from25', 'above0', 'none'] as const
const REGION = /^\d{6}$/
/** Bars the chart draws at most (an employer grouping can have hundreds of lines; the table has them all). */
const CHART_BARS = 40
/** Years the trend chart shows: the year chosen and the four before it. */
const TREND_YEARS = 5
/** Colours of the compliance buckets, from done to nothing done. */
const COLOURS = ['#389e0d', '#d4b106', '#fa8c16', '#f5222d', '#a8071a', '#8c8c8c']

/** A line's persons by how far they have come: compliant, then the shortfall buckets, then no hours. */
const buckets = (l: Line) => [
  l.compliant,
  l.shortfall.from75,
  l.shortfall.from50,
  l.shortfall.from25,
  l.shortfall.above0,
  l.shortfall.none,
]
const perPerson = (l: Line) => (l.persons === 0 ? 0 : Math.round((l.total / l.persons) * 10) / 10)
const number = (n: number) => n.toLocaleString('zh-CN')

/**
 * 统计报表: a year's figures of the caller's region (an authority: its industry) from the summaries — persons,
 * compliance, hours and how far those not compliant are — grouped by the divisions below, industry, series
 * or employer, with a stacked chart and the table under it, the hours' make-up by way and by door (学时构成),
 * the trend of the last five years, and the view
 * as xlsx. A region's bar or name drills down; the drill path and the grouping live in the URL.
 */
export default function StatisticsReportPage() {
  const { t } = useT()
  const k = t.statisticsReportPage
  const { message } = App.useApp()
  const [params, setParams] = useSearchParams()
  const thisYear = new Date().getFullYear()
  const asked = Number(params.get('year'))
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= thisYear + 1 ? asked : thisYear
  const by = (BYS as readonly string[]).includes(params.get('by') ?? '')
    ? (params.get('by') as Grouping)
    : 'region'
  const byInstitution = by === 'institution'
  // By institution the persons' figures above and below the ranking are the region's.
  const reportBy: By = byInstitution ? 'region' : by
  const path = (params.get('path') ?? '').split(',').filter((c) => REGION.test(c))
  const region = path.at(-1)
  const listed = (params.get('measures') ?? '').split(',')
  const measures = MEASURES.filter((m) => listed.includes(m))
  const shown = measures.length > 0 ? measures : MEASURES
  const industry = params.get('industry') || undefined
  const series = params.get('series') || undefined
  const [exporting, setExporting] = useState(false)
  const scope = {
    ...(region ? { regionCode: region } : {}),
    ...(industry ? { industry } : {}),
    ...(series ? { series } : {}),
  }
  const query = { year: String(year), by: reportBy, ...scope }

  const report = useQuery({
    queryKey: ['statistics', query],
    queryFn: async () => dataOf(await api.GET('/api/statistics', { params: { query } })),
    placeholderData: keepPreviousData,
  })
  const trendQuery = { from: String(year - TREND_YEARS + 1), to: String(year), ...scope }
  const trend = useQuery({
    queryKey: ['statistics-trend', trendQuery],
    queryFn: async () => dataOf(await api.GET('/api/statistics/trend', { params: { query: trendQuery } })),
    placeholderData: keepPreviousData,
  })

  const go = (next: { year?: number; by?: Grouping; path?: string[]; measures?: readonly Measure[] }) => {
    const p = next.path ?? path
    const m = MEASURES.filter((x) => (next.measures ?? measures).includes(x))
    setParams({
      year: String(next.year ?? year),
      by: next.by ?? by,
      ...(p.length ? { path: p.join(',') } : {}),
      ...(industry ? { industry } : {}),
      ...(series ? { series } : {}),
      ...(m.length && m.length < MEASURES.length ? { measures: m.join(',') } : {}),
    })
  }
  /** A saved query on the year on screen: its grouping, region, industry, series and measures. */
  const apply = (d: Definition) =>
    setParams({
      year: String(year),
      by: d.by,
      ...(d.regionCode ? { path: d.regionCode } : {}),
      ...(d.industry ? { industry: d.industry } : {}),
      ...(d.series ? { series: d.series } : {}),
      ...(d.measures.length < MEASURES.length ? { measures: d.measures.join(',') } : {}),
    })
  const current: Definition = { by: reportBy, ...scope, measures: [...shown] }
  const drillable = (l: Line) => by === 'region' && l.key !== region && l.key.endsWith('00')
  const drill = (l: Line | undefined) => {
    if (l && drillable(l)) go({ path: [...path, l.key] })
  }

  async function exportAll() {
    setExporting(true)
    try {
      const where = report.data?.regionName ?? ''
      if (byInstitution) {
        const r = await api.GET('/api/statistics/institutions/export', {
          params: { query: { year: String(year), ...scope } },
          parseAs: 'blob',
        })
        save(dataOf(r) as unknown as Blob, `继续教育统计-按培训机构-${where}-${year}年度.xlsx`)
      } else {
        const r = await api.GET('/api/statistics/export', {
          params: { query: { ...query, ...(measures.length ? { measures: shown.join(',') } : {}) } },
          parseAs: 'blob',
        })
        save(dataOf(r) as unknown as Blob, `继续教育统计-${where}-${year}年度.xlsx`)
      }
      message.success(k.exported)
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e))
    } finally {
      setExporting(false)
    }
  }

  const lines = useMemo(() => report.data?.lines ?? [], [report.data])
  const distribution: Series[] = useMemo(
    () =>
      k.buckets.map((name, i) => ({
        name,
        colour: COLOURS[i] as string,
        values: lines.slice(0, CHART_BARS).map((l) => buckets(l)[i] ?? 0),
      })),
    [lines, k.buckets],
  )
  const categories = useMemo(() => lines.slice(0, CHART_BARS).map((l) => l.label), [lines])
  // Years before the first with any hours are left out: today's population in a year nobody recorded
  // anything would show as 0 % compliant.
  const trendLines = useMemo(() => {
    const lines = trend.data?.lines ?? []
    const first = lines.findIndex((l) => l.total > 0 || l.compliant > 0)
    return first < 0 ? [] : lines.slice(first)
  }, [trend.data])
  const trendCategories = useMemo(() => trendLines.map((l) => l.label), [trendLines])
  const trendSeries: Series[] = useMemo(
    () => [
      { name: k.compliant, colour: COLOURS[0] as string, values: trendLines.map((l) => l.compliant) },
      {
        name: k.notCompliant,
        colour: COLOURS[3] as string,
        values: trendLines.map((l) => l.persons - l.compliant),
      },
      { name: k.rate, colour: '#1d39c4', values: trendLines.map((l) => l.rate), line: true },
    ],
    [trendLines, k.compliant, k.notCompliant, k.rate],
  )

  if (report.error)
    return (
      <Result
        status="error"
        title={t.common.failed}
        subTitle={report.error.message}
        extra={<Button onClick={() => go({ path: [] })}>{k.top}</Button>}
      />
    )

  const figure = (title: string, key: string, value: (l: Line) => number, suffix = '') => ({
    key,
    title,
    align: 'right' as const,
    width: 96,
    sorter: (a: Line, b: Line) => value(a) - value(b),
    render: (_: unknown, l: Line) => `${number(value(l))}${suffix}`,
  })
  const figures: Record<Measure, ReturnType<typeof figure>> = {
    persons: figure(k.persons, 'persons', (l) => l.persons),
    compliant: figure(k.compliant, 'compliant', (l) => l.compliant),
    rate: figure(k.rate, 'rate', (l) => l.rate, '%'),
    public: figure(k.public, 'public', (l) => l.public),
    professional: figure(k.professional, 'professional', (l) => l.professional),
    total: figure(k.total, 'total', (l) => l.total),
    perPerson: figure(k.perPerson, 'perPerson', perPerson),
    ...(Object.fromEntries(
      SHORTFALL.map((m, i) => [m, figure(k.buckets[i + 1] as string, m, (l) => buckets(l)[i + 1] ?? 0)]),
    ) as Record<(typeof SHORTFALL)[number], ReturnType<typeof figure>>),
  }
  const measureLabel = (m: Measure) => figures[m].title
  const columns: TableColumnsType<Line> = [
    {
      key: 'label',
      title: k.heads[reportBy],
      fixed: 'left',
      width: 200,
      render: (_, l) =>
        drillable(l) ? (
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => drill(l)}>
            {l.label}
          </Button>
        ) : (
          l.label
        ),
    },
    ...shown.map((m) => figures[m]),
  ]
  const grouping = (
    <Segmented<Grouping>
      aria-label={k.groupBy}
      value={by}
      options={BYS.map((b) => ({ value: b, label: k.byOption[b] }))}
      onChange={(b) => go({ by: b })}
    />
  )
  const r = report.data
  const years = Array.from({ length: 8 }, (_, i) => thisYear + 1 - i)
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
                  onClick={() => go({ path: [] })}
                >
                  {k.title}
                </Button>
              ) : (
                k.title
              ),
            },
            ...(path.length && r ? [{ title: r.regionName }] : []),
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
            {r ? k.heading(r.regionName, year) : k.title}
          </Typography.Title>
          <Space wrap>
            {path.length > 0 && (
              <Button icon={<ArrowUpOutlined />} onClick={() => go({ path: path.slice(0, -1) })}>
                {k.up}
              </Button>
            )}
            <Select
              aria-label={k.year}
              value={year}
              style={{ width: 120 }}
              options={years.map((y) => ({ value: y, label: k.yearOption(y) }))}
              onChange={(y) => go({ year: y })}
            />
            <Button icon={<DownloadOutlined />} loading={exporting} disabled={!r} onClick={exportAll}>
              {k.export}
            </Button>
          </Space>
        </div>
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', maxWidth: 960 }}>
          {k.intro}
        </Typography.Paragraph>
      </div>
      <Card loading={!r}>
        {r && (
          <Row gutter={[16, 16]}>
            <Col xs={12} md={5}>
              <Statistic title={k.persons} value={r.all.persons} />
            </Col>
            <Col xs={12} md={5}>
              <Statistic title={k.compliant} value={r.all.compliant} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={k.rate} value={r.all.rate} suffix="%" />
            </Col>
            <Col xs={12} md={5}>
              <Statistic title={k.total} value={r.all.total} />
            </Col>
            <Col xs={12} md={5}>
              <Statistic title={k.perPerson} value={perPerson(r.all)} />
            </Col>
          </Row>
        )}
      </Card>
      {!byInstitution && (
        <Card size="small">
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            <Space wrap align="center">
              <Typography.Text strong>{t.savedQueries.label}</Typography.Text>
              <SavedQueries current={current} onApply={apply} />
            </Space>
            <Space wrap align="start">
              <Typography.Text strong id="measures-label">
                {t.savedQueries.measures}
              </Typography.Text>
              <Checkbox.Group<Measure>
                aria-labelledby="measures-label"
                value={[...shown]}
                options={MEASURES.map((m) => ({ value: m, label: measureLabel(m) }))}
                onChange={(next) =>
                  next.length === 0 ? message.warning(t.savedQueries.atLeastOne) : go({ measures: next })
                }
              />
            </Space>
            <Typography.Text type="secondary">{t.savedQueries.measuresHint}</Typography.Text>
          </Space>
        </Card>
      )}
      {byInstitution ? (
        <InstitutionStats query={{ year: String(year), ...scope }} extra={grouping} />
      ) : (
        <Card size="small" title={k.distribution} extra={grouping}>
          {lines.length > 0 && (
            <StackedChart
              categories={categories}
              series={distribution}
              label={k.chartLabel(k.byOption[by])}
              onPick={(i) => drill(lines[i])}
            />
          )}
          <Table<Line>
            rowKey="key"
            size="small"
            loading={report.isFetching}
            columns={columns}
            dataSource={lines}
            scroll={{ x: 200 + 96 * shown.length }}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            locale={{ emptyText: k.empty }}
            summary={() =>
              r && lines.length > 1 ? (
                <Table.Summary.Row>
                  {columns.map((c, i) => (
                    <Table.Summary.Cell key={String(c.key)} index={i} align={i === 0 ? 'left' : 'right'}>
                      {i === 0 ? (
                        <strong>{k.all}</strong>
                      ) : (
                        (c as { render: (v: unknown, l: Line) => string }).render(undefined, r.all)
                      )}
                    </Table.Summary.Cell>
                  ))}
                </Table.Summary.Row>
              ) : null
            }
          />
        </Card>
      )}
      <HoursMakeUp hours={r?.hours} loading={report.isFetching} />
      <Card size="small" title={k.trend(TREND_YEARS)}>
        {trendLines.length > 0 && (
          <StackedChart
            categories={trendCategories}
            series={trendSeries}
            label={k.chartLabel(k.trend(TREND_YEARS))}
            height={260}
          />
        )}
        <Table<Line>
          rowKey="key"
          size="small"
          loading={trend.isFetching}
          columns={[
            { ...columns[0], title: k.year, render: (_: unknown, l: Line) => l.label },
            ...columns.slice(1),
          ].map((c) => ({ ...c, sorter: undefined, fixed: undefined }))}
          dataSource={trendLines}
          pagination={false}
          locale={{ emptyText: k.empty }}
        />
      </Card>
    </Space>
  )
}
