import { useQuery } from '@tanstack/react-query'
import { Breadcrumb, Button, Card, Empty, Result, Select, Space, Table, Tag, Typography } from 'antd'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { api, dataOf } from '../../api/client.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'
import { dateOf, daysSince, KIND_OPTIONS, QUEUE_ORDER, type QueueKind } from './review-queue.js'

type QueuePage = paths['/api/applications']['get']['responses'][200]['content']['application/json']
type Item = QueuePage['items'][number]

const PAGE_SIZE = 20

/** A page number from the URL (?page=), 1 when missing or not a page. */
const pageOf = (raw: string | null) => {
  const n = Number(raw)
  return Number.isInteger(n) && n >= 1 ? n : 1
}

/** The reviewer's queue: pending applications in the organisation's scope, longest waiting first. */
export default function ReviewQueue() {
  const { t } = useT()
  const q = t.reviewQueuePage
  const navigate = useNavigate()
  const [params, setParams] = useSearchParams()
  const page = pageOf(params.get('page'))
  const kind = (params.get('kind') || undefined) as QueueKind | undefined
  const queue = useQuery({
    queryKey: ['review-queue', page, kind],
    queryFn: async () =>
      dataOf(
        await api.GET('/api/applications', {
          params: { query: { ...QUEUE_ORDER, kind, page: String(page), pageSize: String(PAGE_SIZE) } },
        }),
      ),
  })
  const go = (next: { page?: number; kind?: string }) => {
    const merged = { page: String(next.page ?? page), kind: next.kind ?? kind ?? '' }
    setParams(
      Object.fromEntries(Object.entries(merged).filter(([k, v]) => v && !(k === 'page' && v === '1'))),
    )
  }
  const open = (a: Item) => navigate(`/reviews/${a.personKey}/${a.id}`)

  if (queue.error)
    return (
      <Result
        status="error"
        title={t.common.failed}
        subTitle={queue.error.message}
        extra={<Button onClick={() => queue.refetch()}>{t.common.retry}</Button>}
      />
    )
  const total = queue.data?.total
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: q.breadcrumbHome }, { title: q.title }]} />
      <div
        style={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          gap: 12,
          flexWrap: 'wrap',
        }}
      >
        <div>
          <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
            {total === undefined ? q.title : q.titleCount(total)}
          </Typography.Title>
          <Typography.Text type="secondary">{q.intro}</Typography.Text>
        </div>
        <Space>
          <label htmlFor="queue-kind">{q.kind}</label>
          <Select
            id="queue-kind"
            style={{ width: 180 }}
            value={kind ?? ''}
            onChange={(v) => go({ kind: v, page: 1 })}
            options={[
              { value: '', label: q.allKinds },
              ...KIND_OPTIONS.map((k) => ({ value: k, label: t.kinds[k] ?? k })),
            ]}
          />
        </Space>
      </div>
      <Card size="small">
        <Table<Item>
          rowKey="id"
          size="middle"
          loading={queue.isPending}
          dataSource={queue.data?.items ?? []}
          locale={{
            emptyText: queue.isPending ? ' ' : <Empty description={kind ? q.emptyFiltered : q.empty} />,
          }}
          onRow={(a) => ({ onClick: () => open(a), style: { cursor: 'pointer' } })}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: total ?? 0,
            showSizeChanger: false,
            showTotal: (n) => q.total(n),
            hideOnSinglePage: false,
            onChange: (p) => go({ page: p }),
          }}
          columns={[
            {
              key: 'waiting',
              title: q.waiting,
              width: 90,
              align: 'right',
              render: (_, a) => {
                const days = daysSince(a.createdAt)
                return (
                  <Tag
                    color={days > 20 ? '#a8071a' : days > 10 ? '#ad4e00' : undefined}
                    style={{ marginInlineEnd: 0 }}
                  >
                    {q.waitingDays(days)}
                  </Tag>
                )
              },
            },
            { key: 'submitted', title: q.submitted, width: 108, render: (_, a) => dateOf(a.createdAt) },
            {
              key: 'person',
              title: q.person,
              width: 190,
              render: (_, a) => (
                <>
                  <Typography.Text strong>{a.personName}</Typography.Text>
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                    {a.idMasked}
                  </Typography.Text>
                </>
              ),
            },
            {
              key: 'kind',
              title: q.kind,
              width: 110,
              render: (_, a) => t.kinds[a.record.kind] ?? a.record.kind,
            },
            {
              key: 'title',
              title: q.activityTitle,
              ellipsis: true,
              render: (_, a) => {
                const title = (a.record as { title?: string }).title
                return title ? title : <Typography.Text type="secondary">{q.untitled}</Typography.Text>
              },
            },
            { key: 'date', title: q.activityDate, width: 108, render: (_, a) => a.record.date },
            {
              key: 'proposed',
              title: q.proposed,
              width: 104,
              align: 'right',
              render: (_, a) => (a.proposal ? a.proposal.public + a.proposal.professional : q.noProposal),
            },
            {
              key: 'action',
              title: q.action,
              width: 72,
              render: (_, a) => (
                <Link to={`/reviews/${a.personKey}/${a.id}`} onClick={(e) => e.stopPropagation()}>
                  {q.open}
                </Link>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  )
}
