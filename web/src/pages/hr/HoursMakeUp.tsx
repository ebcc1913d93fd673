import { Card, Col, Row, Table, type TableColumnsType, Typography } from 'antd'
import { useMemo } from 'react'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'
import { type Series, StackedChart } from './StatisticsCharts.js'

type Hours = paths['/api/statistics']['get']['responses'][200]['content']['application/json']['hours']
type Line = Hours['all']

const COLOURS = { public: '#1d39c4', professional: '#13c2c2' }
const number = (n: number) => n.toLocaleString('zh-CN')

/** One half of the section: a stacked chart of public and professional hours, and the table under it. */
function MakeUpPart(p: {
  title: string
  head: string
  lines: readonly Line[]
  all: Line
  label: (l: Line) => string
  loading: boolean
}) {
  const { t } = useT()
  const k = t.hoursMakeUp
  const categories = useMemo(() => p.lines.map(p.label), [p.lines, p.label])
  const series: Series[] = useMemo(
    () => [
      { name: k.public, colour: COLOURS.public, values: p.lines.map((l) => l.public) },
      { name: k.professional, colour: COLOURS.professional, values: p.lines.map((l) => l.professional) },
    ],
    [p.lines, k.public, k.professional],
  )
  const figure = (title: string, key: keyof Line & string) => ({
    key,
    title,
    align: 'right' as const,
    render: (_: unknown, l: Line) => number(l[key] as number),
  })
  const columns: TableColumnsType<Line> = [
    { key: 'label', title: p.head, render: (_, l) => p.label(l) },
    figure(k.credits, 'credits'),
    figure(k.public, 'public'),
    figure(k.professional, 'professional'),
    figure(k.total, 'total'),
  ]
  return (
    <section aria-label={p.title}>
      <Typography.Title level={3} style={{ fontSize: 15, margin: '0 0 8px' }}>
        {p.title}
      </Typography.Title>
      {p.lines.length > 0 && (
        <StackedChart categories={categories} series={series} label={k.chartLabel(p.title)} height={280} />
      )}
      <Table<Line>
        rowKey="key"
        size="small"
        loading={p.loading}
        columns={columns}
        dataSource={[...p.lines]}
        pagination={false}
        locale={{ emptyText: k.empty }}
        summary={() =>
          p.lines.length > 1 ? (
            <Table.Summary.Row>
              {columns.map((c, i) => (
                <Table.Summary.Cell key={String(c.key)} index={i} align={i === 0 ? 'left' : 'right'}>
                  {i === 0 ? (
                    <strong>{k.all}</strong>
                  ) : (
                    (c as { render: (v: unknown, l: Line) => string }).render(undefined, p.all)
                  )}
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          ) : null
        }
      />
    </section>
  )
}

/**
 * 学时构成: the scope's live credits of the year by way (activity kind) and by door (credit source), with
 * their hours as the ledger credited them — before the annual caps, as the hint says.
 */
export function HoursMakeUp(p: { hours: Hours | undefined; loading: boolean }) {
  const { t } = useT()
  const k = t.hoursMakeUp
  const way = useMemo(() => (l: Line) => t.kinds[l.key] ?? (l.key ? l.label : k.noWay), [t.kinds, k.noWay])
  const door = useMemo(() => (l: Line) => t.ledgerPage.sources[l.key] ?? l.label, [t.ledgerPage.sources])
  return (
    <Card size="small" title={k.title} loading={!p.hours}>
      {p.hours && (
        <>
          <Typography.Paragraph type="secondary" style={{ marginTop: 0, maxWidth: 960 }}>
            {k.hint}
          </Typography.Paragraph>
          <Row gutter={[24, 24]}>
            <Col xs={24} xl={12}>
              <MakeUpPart
                title={k.byWay}
                head={k.way}
                lines={p.hours.byWay}
                all={p.hours.all}
                label={way}
                loading={p.loading}
              />
            </Col>
            <Col xs={24} xl={12}>
              <MakeUpPart
                title={k.byDoor}
                head={k.door}
                lines={p.hours.byDoor}
                all={p.hours.all}
                label={door}
                loading={p.loading}
              />
            </Col>
          </Row>
        </>
      )}
    </Card>
  )
}
