import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { Card, Table, type TableColumnsType, Typography } from 'antd'
import { type ReactNode, useMemo } from 'react'
import { api, dataOf } from '../../api/client.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'
import { type Series, StackedChart } from './StatisticsCharts.js'

type Answer = paths['/api/statistics/institutions']['get']['responses'][200]['content']['application/json']
type Line = Answer['all']
export type InstitutionQuery = NonNullable<
  paths['/api/statistics/institutions']['get']['parameters']['query']
>

/** The institutions the page asks for (the API's most; the export has them all). */
const LISTED = 200
/** Bars the chart draws: the institutions with the most hours. */
const CHART_BARS = 20
const COLOURS = { public: '#1d39c4', professional: '#13c2c2' }
const number = (n: number) => n.toLocaleString('zh-CN')

/**
 * 统计报表 按培训机构: the scope's live credits of the year by the training institution whose confirmed roster
 * credited them, most hours first — a stacked chart of the top institutions' public and professional hours
 * and the table under it, with the institutions' total and 无培训机构 (the other doors) below.
 */
export function InstitutionStats(p: { query: Omit<InstitutionQuery, 'top'>; extra: ReactNode }) {
  const { t } = useT()
  const k = t.institutionStats
  const query = { ...p.query, top: String(LISTED) }
  const answer = useQuery({
    queryKey: ['statistics-institutions', query],
    queryFn: async () => dataOf(await api.GET('/api/statistics/institutions', { params: { query } })),
    placeholderData: keepPreviousData,
  })
  const lines = useMemo(() => answer.data?.lines ?? [], [answer.data])
  const top = useMemo(() => lines.slice(0, CHART_BARS), [lines])
  const categories = useMemo(() => top.map((l) => l.label), [top])
  const series: Series[] = useMemo(
    () => [
      { name: k.public, colour: COLOURS.public, values: top.map((l) => l.public) },
      { name: k.professional, colour: COLOURS.professional, values: top.map((l) => l.professional) },
    ],
    [top, k.public, k.professional],
  )
  const figure = (title: string, key: 'credits' | 'public' | 'professional' | 'total') => ({
    key,
    title,
    align: 'right' as const,
    width: 120,
    render: (_: unknown, l: Line) => number(l[key]),
  })
  const columns: TableColumnsType<Line> = [
    { key: 'label', title: k.name, render: (_, l) => l.label },
    figure(k.credits, 'credits'),
    figure(k.public, 'public'),
    figure(k.professional, 'professional'),
    figure(k.total, 'total'),
  ]
  const a = answer.data
  const summaryRow = (label: ReactNode, l: Line) => (
    <Table.Summary.Row>
      {columns.map((c, i) => (
        <Table.Summary.Cell key={String(c.key)} index={i} align={i === 0 ? 'left' : 'right'}>
          {i === 0 ? label : (c as { render: (v: unknown, l: Line) => string }).render(undefined, l)}
        </Table.Summary.Cell>
      ))}
    </Table.Summary.Row>
  )
  return (
    <Card size="small" title={k.title} extra={p.extra}>
      <Typography.Paragraph type="secondary" style={{ marginTop: 0, maxWidth: 960 }}>
        {k.hint}
      </Typography.Paragraph>
      {a && a.count > lines.length && (
        <Typography.Paragraph>{k.shown(lines.length, a.count)}</Typography.Paragraph>
      )}
      {top.length > 0 && (
        <section aria-label={k.chart(top.length)}>
          <StackedChart categories={categories} series={series} label={k.chartLabel(k.chart(top.length))} />
        </section>
      )}
      <Table<Line>
        rowKey="key"
        size="small"
        loading={answer.isFetching}
        columns={columns}
        dataSource={lines}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: k.empty }}
        summary={() =>
          a ? (
            <>
              {lines.length > 1 && summaryRow(<strong>{k.all}</strong>, a.all)}
              {summaryRow(k.none, a.none)}
            </>
          ) : null
        }
      />
    </Card>
  )
}
