import { BellOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Badge, Button, Empty, Popover, Skeleton } from 'antd'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import { api, dataOf } from '../api/client.js'
import { useT } from '../i18n/i18n.js'

const LATEST = 5

/**
 * The bell in the header: the unread count (every minute), and on a click the latest notifications, each
 * opening the page it is about (and marked read), with the way to all of them.
 */
export function NotificationBell() {
  const { t } = useT()
  const navigate = useNavigate()
  const client = useQueryClient()
  const [open, setOpen] = useState(false)
  const { data } = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: async () => dataOf(await api.GET('/api/notifications/unread-count')).unread,
    refetchInterval: 60_000,
  })
  const latest = useQuery({
    queryKey: ['notifications', 'list', 'latest'],
    enabled: open,
    queryFn: async () =>
      dataOf(await api.GET('/api/notifications', { params: { query: { pageSize: String(LATEST) } } })),
  })
  const unread = data ?? 0
  const go = async (item: { id: string; read: boolean; link: string | null }) => {
    setOpen(false)
    if (!item.read) {
      await api.POST('/api/notifications/{id}/read', { params: { path: { id: item.id } } })
      await client.invalidateQueries({ queryKey: ['notifications'] })
    }
    navigate(item.link ?? '/notifications')
  }
  const items = latest.data?.items
  const content = (
    <div style={{ width: 320, maxWidth: 'calc(100vw - 32px)' }}>
      {!items ? (
        <Skeleton active paragraph={{ rows: 3 }} title={false} />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.header.noNotifications} />
      ) : (
        <ul aria-label={t.header.latest} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {items.map((item) => (
            <li key={item.id} style={{ borderBottom: '1px solid #f0f0f0' }}>
              <button
                type="button"
                onClick={() => go(item)}
                style={{
                  display: 'block',
                  width: '100%',
                  textAlign: 'left',
                  background: 'none',
                  border: 0,
                  padding: '8px 4px',
                  cursor: 'pointer',
                  font: 'inherit',
                }}
              >
                <Badge status={item.read ? 'default' : 'processing'} />
                <span style={{ fontWeight: item.read ? 400 : 600 }}>{item.title}</span>
                <div style={{ fontSize: 12, color: '#595959', paddingLeft: 14 }}>
                  {item.createdAt.slice(0, 10)}
                </div>
              </button>
            </li>
          ))}
        </ul>
      )}
      <Button
        type="link"
        block
        onClick={() => {
          setOpen(false)
          navigate('/notifications')
        }}
      >
        {t.header.viewAll}
      </Button>
    </div>
  )
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      title={t.header.latest}
      content={content}
      open={open}
      onOpenChange={setOpen}
    >
      <Button
        type="text"
        icon={
          <Badge count={unread} size="small" offset={[2, -2]}>
            <BellOutlined style={{ color: '#fff', fontSize: 18 }} />
          </Badge>
        }
      >
        <span className="sr-only">{unread ? t.header.unread(unread) : t.header.notifications}</span>
      </Button>
    </Popover>
  )
}
