import { DownloadOutlined } from '@ant-design/icons'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import {
  Button,
  Card,
  Empty,
  Grid,
  Result,
  Select,
  Skeleton,
  Space,
  Table,
  type TableProps,
  Tag,
  Tooltip,
  Typography,
} from 'antd'
import type { CSSProperties, ReactNode } from 'react'
import { useNavigate, useSearchParams } from 'react-router'
import { findPolicy } from '../../../../src/policy/registry.js'
import { api, dataOf } from '../../api/client.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'

type LedgerRoute = paths['/api/persons/{personKey}/ledger']['get']
type LedgerQuery = NonNullable<LedgerRoute['parameters']['query']>
type Line = LedgerRoute['responses'][200]['content']['application/json']['items'][number]
type Kind = NonNullable<LedgerQuery['kind']>
type Source = NonNullable<LedgerQuery['source']>

const SOURCES: Source[] = ['application', 'roster', 'grant', 'import', 'revocation', 'correction']
const FIRST_YEAR = 2020
const PAGE_SIZES = ['10', '20', '50', '100']

/** China Standard Time (UTC+8) date of an instant, YYYY-MM-DD. */
const chinaDate = (iso: string): string =>
  new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10)

const hours = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1))

/** The filter in the URL (?year=&kind=&source=&sort=&page=&pageSize=), so a filtered list can be linked and reloaded. */
function filterOf(params: URLSearchParams, kinds: readonly string[]) {
  const year = Number(params.get('year'))
  const kind = params.get('kind') ?? ''
  const source = params.get('source') ?? ''
  const page = Number(params.get('page'))
  const pageSize = params.get('pageSize') ?? ''
  return {
    year: Number.isInteger(year) && year >= 1990 && year <= 2200 ? year : undefined,
    kind: kinds.includes(kind) ? (kind as Kind) : undefined,
    source: (SOURCES as string[]).includes(source) ? (source as Source) : undefined,
    sort: params.get('sort') === 'date' ? ('date' as const) : ('-date' as const),
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: PAGE_SIZES.includes(pageSize) ? Number(pageSize) : 20,
  }
}

type Filter = ReturnType<typeof filterOf>

/** The filter as the API's query (the list and its export take the same). */
const queryOf = (f: Filter): Record<string, string> =>
  Object.fromEntries(
    Object.entries({ year: f.year, kind: f.kind, source: f.source, sort: f.sort }).flatMap(([k, v]) =>
      v === undefined ? [] : [[k, String(v)]],
    ),
  )

/** My ledger (学时档案 / 终身学习账户): every credit and reversal, filtered, sorted, paged and exported. */
export default function Ledger() {
  const { t } = useT()
  const p = t.ledgerPage
  const narrow = !Grid.useBreakpoint().md
  const [params, setParams] = useSearchParams()
  const navigate = useNavigate()
  const kinds = Object.keys(t.kinds)
  const f = filterOf(params, kinds)
  const thisYear = new Date().getFullYear()
  const years = Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => thisYear - i)

  const me = useQuery({ queryKey: ['me'], queryFn: async () => dataOf(await api.GET('/api/me')) })
  const personKey = me.data?.personKey
  const list = useQuery({
    queryKey: ['ledger', personKey, f],
    enabled: personKey !== undefined,
    placeholderData: keepPreviousData,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/persons/{personKey}/ledger', {
          params: {
            path: { personKey: personKey as string },
            query: { ...queryOf(f), page: String(f.page), pageSize: String(f.pageSize) },
          },
        }),
      ),
  })

  /** Changes the filter in the URL; any change but paging goes back to page 1. */
  const change = (next: Partial<Filter>) => {
    const merged = { ...f, page: 1, ...next }
    const q: Record<string, string> = queryOf(merged)
    if (merged.sort === '-date') delete q.sort
    if (merged.page > 1) q.page = String(merged.page)
    if (merged.pageSize !== 20) q.pageSize = String(merged.pageSize)
    setParams(q)
  }

  const failed = me.error ?? list.error
  if (failed)
    return (
      <Result
        status="error"
        title={t.common.failed}
        subTitle={failed.message}
        extra={<Button onClick={() => (me.error ? me.refetch() : list.refetch())}>{t.common.retry}</Button>}
      />
    )

  const exportHref = personKey
    ? `/api/persons/${encodeURIComponent(personKey)}/ledger/export?${new URLSearchParams(queryOf(f))}`
    : undefined
  const filtered = f.year !== undefined || f.kind !== undefined || f.source !== undefined

  const sourceTag = (source: string) => (
    <Tooltip title={p.sourceHelp[source]}>
      <Tag
        color={source === 'revocation' ? '#a8071a' : source === 'correction' ? '#ad4e00' : 'default'}
        style={{ marginInlineEnd: 0 }}
      >
        {p.sources[source] ?? source}
      </Tag>
    </Tooltip>
  )
  const struck = (l: Line): CSSProperties | undefined =>
    l.reversedBy ? { textDecoration: 'line-through', color: '#595959' } : undefined

  /** The activity: kind and title (struck through when cancelled), with what cancelled it and why. */
  const activity = (l: Line): ReactNode => {
    const kind = l.kind ? (t.kinds[l.kind] ?? l.kind) : ''
    return (
      <>
        <span style={struck(l)} data-testid="ledger-activity">
          {l.entryType === 'reversal' && <Typography.Text type="danger">{p.reversalOf}</Typography.Text>}
          <Typography.Text strong={!narrow} delete={Boolean(l.reversedBy)} style={struck(l)}>
            {kind}
            {l.title && <span style={{ fontWeight: 'normal' }}>{` · ${l.title}`}</span>}
          </Typography.Text>
        </span>
        {l.reversedBy && (
          <Typography.Text type="danger" style={{ display: 'block', fontSize: 12 }}>
            {l.reversedBy.source === 'correction' ? p.corrected : p.revoked}（
            {p.reversedOn(chinaDate(l.reversedBy.createdAt))}）
            {l.reversedBy.reason ? ` ${p.reason(l.reversedBy.reason)}` : ''}
          </Typography.Text>
        )}
        {l.entryType === 'reversal' && (
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {p.reversedOn(chinaDate(l.createdAt))}
            {l.reason ? ` ${p.reason(l.reason)}` : ''}
          </Typography.Text>
        )}
      </>
    )
  }

  /** The clause behind the hours, and the policy's title when the clause does not name its document. */
  const basis = (l: Line): ReactNode => {
    const policy = l.policyId ? findPolicy(l.policyId) : undefined
    return (
      <>
        <span style={struck(l)}>{l.basis}</span>
        {policy && l.entryType === 'credit' && !l.basis.includes(policy.documentNo) && (
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {policy.documentNo}
          </Typography.Text>
        )}
      </>
    )
  }

  const hoursCell = (n: number, l: Line) => (
    <span
      style={{
        ...struck(l),
        fontVariantNumeric: 'tabular-nums',
        color: n < 0 ? '#a8071a' : struck(l)?.color,
      }}
    >
      {hours(n)}
    </span>
  )

  const columns: TableProps<Line>['columns'] = [
    {
      key: 'date',
      title: p.date,
      width: 112,
      responsive: ['md'],
      sorter: true,
      sortOrder: f.sort === 'date' ? 'ascend' : 'descend',
      sortDirections: ['descend', 'ascend', 'descend'],
      render: (_, l) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{l.date ?? '—'}</span>,
    },
    { key: 'year', title: p.year, width: 72, responsive: ['lg'], dataIndex: 'year' },
    {
      key: 'activity',
      title: p.activity,
      render: (_, l) =>
        narrow ? (
          <>
            <Space size={6} wrap style={{ marginBottom: 2 }}>
              <Typography.Text type="secondary" style={{ fontVariantNumeric: 'tabular-nums' }}>
                {l.date}
              </Typography.Text>
              {sourceTag(l.source)}
            </Space>
            <div>{activity(l)}</div>
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {basis(l)}
            </Typography.Text>
          </>
        ) : (
          activity(l)
        ),
    },
    {
      key: 'source',
      title: p.source,
      width: 104,
      responsive: ['md'],
      render: (_, l) => sourceTag(l.source),
    },
    {
      key: 'public',
      title: <span style={{ whiteSpace: 'nowrap' }}>{p.public}</span>,
      width: narrow ? 56 : 72,
      align: 'right',
      render: (_, l) => hoursCell(l.public, l),
    },
    {
      key: 'professional',
      title: <span style={{ whiteSpace: 'nowrap' }}>{p.professional}</span>,
      width: narrow ? 56 : 72,
      align: 'right',
      render: (_, l) => hoursCell(l.professional, l),
    },
    { key: 'basis', title: p.basis, width: 240, responsive: ['md'], render: (_, l) => basis(l) },
  ]

  const data = list.data
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {p.title}
        </Typography.Title>
        <Typography.Text type="secondary">{p.subtitle}</Typography.Text>
      </div>

      <Card size="small">
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center' }}>
          <Space size={6}>
            <label htmlFor="ledger-year">{p.year}</label>
            <Select
              id="ledger-year"
              value={f.year ?? 0}
              style={{ width: 128 }}
              options={[
                { value: 0, label: p.allYears },
                ...years.map((y) => ({ value: y, label: p.yearOption(y) })),
              ]}
              onChange={(y) => change({ year: y === 0 ? undefined : y })}
            />
          </Space>
          <Space size={6}>
            <label htmlFor="ledger-kind">{p.kind}</label>
            <Select
              id="ledger-kind"
              value={f.kind ?? ''}
              style={{ width: 150 }}
              options={[
                { value: '', label: p.allKinds },
                ...kinds.map((k) => ({ value: k, label: t.kinds[k] })),
              ]}
              onChange={(k) => change({ kind: k === '' ? undefined : (k as Kind) })}
            />
          </Space>
          <Space size={6}>
            <label htmlFor="ledger-source">{p.source}</label>
            <Select
              id="ledger-source"
              value={f.source ?? ''}
              style={{ width: 128 }}
              options={[
                { value: '', label: p.allSources },
                ...SOURCES.map((s) => ({ value: s, label: p.sources[s] })),
              ]}
              onChange={(s) => change({ source: s === '' ? undefined : (s as Source) })}
            />
          </Space>
          {narrow && (
            <Space size={6}>
              <label htmlFor="ledger-sort">{p.sort}</label>
              <Select
                id="ledger-sort"
                value={f.sort}
                style={{ width: 128 }}
                options={[
                  { value: '-date', label: p.latestFirst },
                  { value: 'date', label: p.earliestFirst },
                ]}
                onChange={(sort) => change({ sort })}
              />
            </Space>
          )}
          {filtered && (
            <Button type="link" onClick={() => setParams({})} style={{ paddingInline: 0 }}>
              {p.clear}
            </Button>
          )}
          <div style={{ flex: 1 }} />
          <Tooltip title={p.exportHint}>
            <Button
              icon={<DownloadOutlined />}
              href={exportHref}
              disabled={!exportHref || !data || data.total === 0}
              download
            >
              {p.export}
            </Button>
          </Tooltip>
        </div>
      </Card>

      <Card size="small" title={data ? p.count(data.total) : undefined}>
        {!data ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : data.total === 0 ? (
          <Empty description={filtered ? p.empty : p.emptyAll}>
            <Space>
              {filtered && <Button onClick={() => setParams({})}>{p.clear}</Button>}
              <Button type="primary" onClick={() => navigate('/me/register')}>
                {p.toRegister}
              </Button>
            </Space>
          </Empty>
        ) : (
          <Table<Line>
            rowKey="id"
            size="small"
            loading={list.isFetching}
            dataSource={data.items}
            columns={columns}
            rowClassName={(l) =>
              l.reversedBy ? 'ledger-revoked' : l.entryType === 'reversal' ? 'ledger-reversal' : ''
            }
            onChange={(pagination, _filters, sorter) => {
              const s = Array.isArray(sorter) ? sorter[0] : sorter
              const sort = s?.order === 'ascend' ? 'date' : '-date'
              if (sort !== f.sort) change({ sort })
              else change({ page: pagination.current ?? 1, pageSize: pagination.pageSize ?? 20 })
            }}
            pagination={{
              current: f.page,
              pageSize: f.pageSize,
              total: data.total,
              showSizeChanger: !narrow,
              pageSizeOptions: PAGE_SIZES,
              showTotal: narrow ? undefined : p.pageTotal,
              simple: narrow,
            }}
          />
        )}
      </Card>
    </Space>
  )
}
