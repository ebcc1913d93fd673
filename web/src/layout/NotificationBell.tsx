import { BellOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Badge, Button } from 'antd'
import { useNavigate } from 'react-router'
import { api, dataOf } from '../api/client.js'
import { useT } from '../i18n/i18n.js'

/** The bell in the header: unread notifications, counted every minute; it opens the notifications page. */
export function NotificationBell() {
  const { t } = useT()
  const navigate = useNavigate()
  const { data } = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: async () => dataOf(await api.GET('/api/notifications/unread-count')).unread,
    refetchInterval: 60_000,
  })
  const unread = data ?? 0
  return (
    <Button
      type="text"
      onClick={() => navigate('/notifications')}
      icon={
        <Badge count={unread} size="small" offset={[2, -2]}>
          <BellOutlined style={{ color: '#fff', fontSize: 18 }} />
        </Badge>
      }
    >
      <span className="sr-only">{unread ? t.header.unread(unread) : t.header.notifications}</span>
    </Button>
  )
}
