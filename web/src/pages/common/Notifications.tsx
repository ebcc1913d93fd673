import { BellOutlined, CheckOutlined, RightOutlined } from '@ant-design/icons'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  App,
  Badge,
  Button,
  Card,
  Empty,
  Pagination,
  Popconfirm,
  Result,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd'
import { useNavigate, useSearchParams } from 'react-router'
import { api, dataOf } from '../../api/client.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'
import './notifications.css'

type Notice =
  paths['/api/notifications']['get']['responses'][200]['content']['application/json']['items'][number]

const PAGE_SIZE = 10

/** YYYY-MM-DD HH:mm in the reader's time zone. */
function when(iso: string): string {
  const d = new Date(iso)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`
}

/** The inbox, newest first: unread ones stand out, opening one marks it read and goes to what it is about. */
export default function Notifications() {
  const { t } = useT()
  const n = t.notificationsPage
  const { message } = App.useApp()
  const navigate = useNavigate()
  const client = useQueryClient()
  const [params, setParams] = useSearchParams()
  const page = Math.max(1, Number(params.get('page')) || 1)
  const list = useQuery({
    queryKey: ['notifications', 'list', page],
    queryFn: async () =>
      dataOf(
        await api.GET('/api/notifications', {
          params: { query: { page: String(page), pageSize: String(PAGE_SIZE) } },
        }),
      ),
  })
  const unread = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: async () => dataOf(await api.GET('/api/notifications/unread-count')).unread,
  })
  const refresh = () => client.invalidateQueries({ queryKey: ['notifications'] })
  const read = useMutation({
    mutationFn: async (id: string) =>
      dataOf(await api.POST('/api/notifications/{id}/read', { params: { path: { id } } })),
    onSettled: refresh,
  })
  const readAll = useMutation({
    mutationFn: async () => dataOf(await api.POST('/api/notifications/read-all')),
    onSuccess: (r) => message.success(n.markAllDone(r.marked)),
    onError: (e) => message.error(e.message),
    onSettled: refresh,
  })

  const open = async (item: Notice) => {
    if (!item.read) await read.mutateAsync(item.id).catch(() => undefined)
    if (item.link) navigate(item.link)
  }

  if (list.error)
    return (
      <Result
        status="error"
        title={t.common.failed}
        subTitle={list.error.message}
        extra={<Button onClick={() => list.refetch()}>{t.common.retry}</Button>}
      />
    )
  const unreadCount = unread.data ?? 0
  const data = list.data

  return (
    <Space direction="vertical" size={16} style={{ width: '100%', maxWidth: 1080 }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {n.title}
      </Typography.Title>
      <Card
        size="small"
        title={
          <Space size={8} wrap>
            <span>{n.all}</span>
            {data && <Typography.Text type="secondary">{n.total(data.total)}</Typography.Text>}
            {unreadCount > 0 && <Tag color="#0b4a8b">{n.unreadOnly(unreadCount)}</Tag>}
          </Space>
        }
        extra={
          unreadCount > 0 && (
            <Popconfirm
              title={n.markAllConfirm(unreadCount)}
              okText={n.markAll}
              cancelText={t.accountPage.cancel}
              onConfirm={() => readAll.mutate()}
            >
              <Button size="small" icon={<CheckOutlined />} loading={readAll.isPending}>
                {n.markAll}
              </Button>
            </Popconfirm>
          )
        }
        styles={{ body: { padding: 0 } }}
      >
        {!data ? (
          <div style={{ padding: 16 }}>
            <Skeleton active paragraph={{ rows: 6 }} />
          </div>
        ) : data.items.length === 0 ? (
          <Empty
            image={<BellOutlined style={{ fontSize: 48, color: '#bfbfbf' }} />}
            description={n.empty}
            style={{ padding: '32px 16px' }}
          />
        ) : (
          <ul className="notice-list" aria-label={n.all}>
            {data.items.map((item) => (
              <NoticeItem
                key={item.id}
                item={item}
                onOpen={() => open(item)}
                onRead={() => read.mutate(item.id)}
              />
            ))}
          </ul>
        )}
      </Card>
      {data && data.total > PAGE_SIZE && (
        <Pagination
          align="end"
          current={page}
          pageSize={PAGE_SIZE}
          total={data.total}
          showSizeChanger={false}
          showTotal={(total) => n.total(total)}
          onChange={(p) => setParams({ page: String(p) })}
        />
      )}
    </Space>
  )
}

function NoticeItem({ item, onOpen, onRead }: { item: Notice; onOpen: () => void; onRead: () => void }) {
  const { t } = useT()
  const n = t.notificationsPage
  const group = item.kind.split('.')[0] ?? 'other'
  return (
    <li className={item.read ? 'notice' : 'notice notice-unread'} data-read={item.read}>
      <Badge status={item.read ? 'default' : 'processing'} className="notice-dot" />
      <div className="notice-main">
        <div className="notice-head">
          <Tag>{n.kinds[group] ?? n.kinds.other}</Tag>
          {item.link ? (
            <button type="button" className="notice-title" onClick={onOpen}>
              {item.title}
            </button>
          ) : (
            <span className="notice-title">{item.title}</span>
          )}
          {!item.read && <span className="sr-only"> {n.unread}</span>}
        </div>
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
          {item.body}
        </Typography.Paragraph>
      </div>
      <div className="notice-side">
        <time dateTime={item.createdAt}>{when(item.createdAt)}</time>
        {item.link ? (
          <Button size="small" type="link" onClick={onOpen} aria-label={n.openItem(item.title)}>
            {n.open}
            <RightOutlined />
          </Button>
        ) : (
          !item.read && (
            <Button size="small" type="link" onClick={onRead} aria-label={n.readItem(item.title)}>
              {n.markRead}
            </Button>
          )
        )}
      </div>
    </li>
  )
}
