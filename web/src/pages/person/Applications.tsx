import { ArrowLeftOutlined, EditOutlined, PaperClipOutlined } from '@ant-design/icons'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Grid,
  List,
  Result,
  Select,
  Skeleton,
  Space,
  Table,
  type TableProps,
  Tag,
  Timeline,
  Typography,
} from 'antd'
import type { ReactNode } from 'react'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import { COMMON, type FieldSpec, VOCABULARY } from '../../../../src/policy/vocabulary.js'
import { ApiFailure, api, dataOf } from '../../api/client.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'

type ListRoute = paths['/api/applications']['get']
type Item = ListRoute['responses'][200]['content']['application/json']['items'][number]
type Status = NonNullable<NonNullable<ListRoute['parameters']['query']>['status']>
type Detail =
  paths['/api/applications/{personKey}/{id}']['get']['responses'][200]['content']['application/json']

const STATUSES: Status[] = ['submitted', 'returned', 'approved', 'rejected']
const PAGE_SIZE = 10
// Solid tags in dark shades: white text on them keeps axe's contrast ratio (the light presets do not).
const COLORS: Record<string, string> = {
  submitted: '#0958d9',
  returned: '#ad4e00',
  approved: '#237804',
  rejected: '#a8071a',
  lowered: '#874d00',
  awaiting_confirmation: '#0958d9',
}
/** China Standard Time (UTC+8) date of an instant, YYYY-MM-DD (with the time when asked). */
const chinaTime = (iso: string, withTime = false): string => {
  const s = new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString()
  return withTime ? `${s.slice(0, 10)} ${s.slice(11, 16)}` : s.slice(0, 10)
}

/** 核减: approved, with fewer hours than proposed (the reviewer set the most to approve). */
const statusOf = (a: { status: string; credited?: Item['credited'] }): string =>
  a.status === 'approved' && a.credited?.approvedMax != null ? 'lowered' : a.status

/** My applications (the list), or one application (/me/applications/:id) with its evidence and history. */
export default function Applications() {
  const { id } = useParams()
  return id ? <ApplicationDetail id={id} /> : <ApplicationList />
}

function StatusTag({ status }: { status: string }) {
  const { t } = useT()
  return (
    <Tag color={COLORS[status]} style={{ marginInlineEnd: 0 }}>
      {t.applicationsPage.statuses[status] ?? status}
    </Tag>
  )
}

function ApplicationList() {
  const { t } = useT()
  const p = t.applicationsPage
  const narrow = !Grid.useBreakpoint().md
  const navigate = useNavigate()
  const [params, setParams] = useSearchParams()
  const status = (STATUSES as string[]).includes(params.get('status') ?? '')
    ? (params.get('status') as Status)
    : undefined
  const page = Math.max(1, Number(params.get('page')) || 1)
  const list = useQuery({
    queryKey: ['my-applications', status, page],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/applications', {
          params: { query: { status, page: String(page), pageSize: String(PAGE_SIZE) } },
        }),
      ),
  })
  if (list.error)
    return (
      <Result
        status="error"
        title={t.common.failed}
        subTitle={list.error.message}
        extra={<Button onClick={() => list.refetch()}>{t.common.retry}</Button>}
      />
    )

  const hoursOf = (a: Item): ReactNode => {
    if (a.credited) {
      const total = a.credited.public + a.credited.professional
      return (
        <>
          <Typography.Text strong>{p.credited(total)}</Typography.Text>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {p.creditedSplit(a.credited.public, a.credited.professional)}
          </Typography.Text>
        </>
      )
    }
    if (a.proposal)
      return (
        <>
          <Typography.Text>{p.proposed(a.proposal.public + a.proposal.professional)}</Typography.Text>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {p.pending}
          </Typography.Text>
        </>
      )
    return (
      <Typography.Text type="secondary">
        {a.status === 'rejected' ? p.none : a.status === 'approved' ? '—' : p.pending}
      </Typography.Text>
    )
  }
  const activity = (a: Item) => (
    <>
      <Typography.Text strong>{t.kinds[a.record.kind] ?? a.record.kind}</Typography.Text>
      {typeof a.record.title === 'string' && ` · ${a.record.title}`}
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
        {p.activityDate} {a.record.date}
      </Typography.Text>
    </>
  )
  const columns: TableProps<Item>['columns'] = [
    {
      key: 'submitted',
      title: p.submittedOn,
      width: 110,
      responsive: ['md'],
      render: (_, a) => chinaTime(a.createdAt),
    },
    {
      key: 'activity',
      title: p.activity,
      render: (_, a) =>
        narrow ? (
          <>
            <Space size={6} style={{ marginBottom: 2 }}>
              <StatusTag status={statusOf(a)} />
              <Typography.Text type="secondary">{chinaTime(a.createdAt)}</Typography.Text>
            </Space>
            <div>{activity(a)}</div>
            {a.reviewNote && (
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {p.reasonIs(a.reviewNote)}
              </Typography.Text>
            )}
          </>
        ) : (
          activity(a)
        ),
    },
    {
      key: 'status',
      title: p.status,
      width: 90,
      responsive: ['md'],
      render: (_, a) => <StatusTag status={statusOf(a)} />,
    },
    { key: 'hours', title: p.hours, width: narrow ? 96 : 130, render: (_, a) => hoursOf(a) },
    {
      key: 'note',
      title: p.note,
      responsive: ['md'],
      render: (_, a) => a.reviewNote ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      key: 'open',
      title: <span className="sr-only">{p.open}</span>,
      width: narrow ? 64 : 150,
      render: (_, a) => (
        <Space size={4} wrap>
          <Link to={`/me/applications/${a.id}`}>{p.open}</Link>
          {a.status === 'returned' && !narrow && (
            <Link to={`/me/applications/${a.id}/edit`}>{p.resubmit}</Link>
          )}
        </Space>
      ),
    },
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
        <Space size={6}>
          <label htmlFor="application-status">{p.status}</label>
          <Select
            id="application-status"
            value={status ?? ''}
            style={{ width: 140 }}
            options={[
              { value: '', label: p.allStatuses },
              ...STATUSES.map((s) => ({ value: s, label: p.statuses[s] })),
            ]}
            onChange={(s) => setParams(s ? { status: s } : {})}
          />
        </Space>
      </Card>
      <Card size="small">
        {!data ? (
          <Skeleton active paragraph={{ rows: 5 }} />
        ) : data.total === 0 ? (
          <Empty description={status ? p.emptyFiltered : p.empty}>
            <Button type="primary" onClick={() => navigate('/me/register')}>
              {p.toRegister}
            </Button>
          </Empty>
        ) : (
          <Table<Item>
            rowKey="id"
            size="small"
            loading={list.isFetching}
            dataSource={data.items}
            columns={columns}
            onChange={(pagination) => {
              const next: Record<string, string> = status ? { status } : {}
              if ((pagination.current ?? 1) > 1) next.page = String(pagination.current)
              setParams(next)
            }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: data.total,
              simple: narrow,
              showTotal: narrow ? undefined : t.ledgerPage.pageTotal,
            }}
          />
        )}
      </Card>
    </Space>
  )
}

/** The fields of a kind with their labels in both languages (the record vocabulary), common ones first. */
const fieldsOf = (kind: string): FieldSpec[] => [
  ...COMMON,
  ...((VOCABULARY as Record<string, { fields: readonly FieldSpec[] }>)[kind]?.fields ?? []),
]

const HIDDEN = new Set(['id', 'kind', 'date', 'evidence', 'dedupKey'])

function ApplicationDetail({ id }: { id: string }) {
  const { t } = useT()
  const p = t.applicationsPage
  const narrow = !Grid.useBreakpoint().md
  const sizeText = (bytes: number) =>
    bytes < 1024
      ? p.bytes(bytes)
      : bytes < 1024 * 1024
        ? p.size((bytes / 1024).toFixed(1))
        : p.megabytes((bytes / 1048576).toFixed(1))
  const en = t.lang === 'en'
  const me = useQuery({ queryKey: ['me'], queryFn: async () => dataOf(await api.GET('/api/me')) })
  const personKey = me.data?.personKey
  const detail = useQuery({
    queryKey: ['my-application', personKey, id],
    enabled: personKey !== undefined,
    retry: (n, e) => !(e instanceof ApiFailure && e.status < 500) && n < 2,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/applications/{personKey}/{id}', {
          params: { path: { personKey: personKey as string, id } },
        }),
      ),
  })
  const back = (
    <Link to="/me/applications">
      <ArrowLeftOutlined /> {p.back}
    </Link>
  )
  const failed = me.error ?? detail.error
  if (failed) {
    const missing = failed instanceof ApiFailure && (failed.status === 404 || failed.status === 400)
    return (
      <Result
        status={missing ? '404' : 'error'}
        title={missing ? p.notFound : t.common.failed}
        subTitle={missing ? undefined : failed.message}
        extra={back}
      />
    )
  }
  const d = detail.data
  if (!d)
    return (
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {back}
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </Space>
    )
  const a = d.application
  const record = a.record as Record<string, unknown>
  const approval = d.history.find((h) => h.action === 'application.approve')
  const lowered = (approval?.detail as { hours?: number | null } | null)?.hours ?? null
  const status = a.status === 'approved' && lowered !== null ? 'lowered' : a.status

  const valueText = (f: FieldSpec | undefined, v: unknown): string => {
    if (typeof v === 'boolean') return v ? p.yes : p.no
    if (f?.value.type === 'enum') {
      const c = f.value.values.find((x) => x.value === v)
      if (c) return en ? c.en : c.zh
    }
    return Array.isArray(v) ? v.join('、') : String(v)
  }
  const specs = fieldsOf(a.record.kind)
  const fields = Object.entries(record).filter(([k, v]) => !HIDDEN.has(k) && v !== null && v !== undefined)
  const items = [
    { key: 'kind', label: t.myYear.kind, children: t.kinds[a.record.kind] ?? a.record.kind },
    { key: 'date', label: p.activityDate, children: a.record.date },
    ...fields.map(([k, v]) => {
      const f = specs.find((s) => s.name === k)
      return { key: k, label: f ? (en ? f.en : f.zh) : k, children: valueText(f, v) }
    }),
    { key: 'submitted', label: p.submittedOn, children: chinaTime(a.createdAt) },
    { key: 'id', label: p.id, children: <Typography.Text copyable>{a.id}</Typography.Text> },
  ]

  const resubmit = (
    <Link to={`/me/applications/${a.id}/edit`} style={{ display: 'inline-block', marginTop: narrow ? 8 : 0 }}>
      <EditOutlined /> {p.resubmit}
    </Link>
  )
  const stepText = (h: Detail['history'][number]): string => {
    const hours = (h.detail as { hours?: number | null } | null)?.hours
    if (h.action === 'application.approve' && typeof hours === 'number') return p.stepLowered(hours)
    return p.steps[h.action] ?? h.action
  }
  const stepReason = (h: Detail['history'][number]) => (h.detail as { reason?: string | null } | null)?.reason

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {back}
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {p.detailTitle}
        </Typography.Title>
        <StatusTag status={status} />
      </div>

      {a.status === 'returned' && (
        <Alert
          type="warning"
          showIcon
          title={p.returnedAlert}
          description={
            <>
              {a.reviewNote && <div>{p.reasonIs(a.reviewNote)}</div>}
              {narrow && resubmit}
            </>
          }
          action={narrow ? undefined : resubmit}
        />
      )}
      {a.status === 'rejected' && (
        <Alert
          type="error"
          showIcon
          title={p.rejectedAlert}
          description={a.reviewNote ? p.reasonIs(a.reviewNote) : undefined}
        />
      )}
      {status === 'lowered' && (
        <Alert
          type="info"
          showIcon
          title={p.loweredAlert}
          description={a.reviewNote ? p.reasonIs(a.reviewNote) : undefined}
        />
      )}

      <Card size="small" title={p.record}>
        <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }} items={items} />
      </Card>

      {d.proposal && (
        <Card size="small" title={p.proposal}>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 1, md: 2 }}
            items={[
              {
                key: 'hours',
                label: p.hours,
                children: (
                  <>
                    <Typography.Text strong>{p.proposed(d.proposal.hours)}</Typography.Text>
                    {'（'}
                    {p.creditedSplit(d.proposal.public, d.proposal.professional)}
                    {'）'}
                  </>
                ),
              },
              { key: 'basis', label: p.basis, children: d.proposal.basis },
            ]}
          />
          {d.proposal.notes.map((n) => (
            <Typography.Text type="secondary" key={n} style={{ display: 'block', fontSize: 12 }}>
              {n}
            </Typography.Text>
          ))}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.proposalNote}
          </Typography.Text>
        </Card>
      )}

      <Card size="small" title={p.evidence}>
        {d.evidence.length === 0 ? (
          <Typography.Text type="secondary">{p.noEvidence}</Typography.Text>
        ) : (
          <List
            size="small"
            dataSource={d.evidence}
            renderItem={(e) => (
              <List.Item>
                <a
                  href={`/api/applications/${encodeURIComponent(a.personKey)}/${a.id}/evidence/${e.id}`}
                  download={e.filename}
                >
                  <PaperClipOutlined /> {e.filename}
                </a>
                <Typography.Text type="secondary">{sizeText(e.size)}</Typography.Text>
              </List.Item>
            )}
          />
        )}
      </Card>

      <Card size="small" title={p.history}>
        <Timeline
          items={d.history.map((h) => ({
            key: `${h.at}-${h.action}`,
            color:
              h.action === 'application.return'
                ? 'orange'
                : h.action === 'application.reject'
                  ? 'red'
                  : h.action === 'application.approve'
                    ? 'green'
                    : 'blue',
            content: (
              <>
                <Typography.Text strong>{stepText(h)}</Typography.Text>
                <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                  {chinaTime(h.at, true)}
                </Typography.Text>
                {stepReason(h) && (
                  <Typography.Text style={{ display: 'block' }}>
                    {p.reasonIs(stepReason(h) as string)}
                  </Typography.Text>
                )}
              </>
            ),
          }))}
        />
      </Card>
    </Space>
  )
}
