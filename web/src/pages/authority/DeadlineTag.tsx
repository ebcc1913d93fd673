import { Tag, Tooltip, Typography } from 'antd'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'

type Deadline = paths['/api/rosters/{id}']['get']['responses'][200]['content']['application/json']['deadline']

/** A roster's reporting deadline (308号 五（二）, advanced seminars), red when the roster came after it. */
export function DeadlineTag({ deadline }: { deadline: Deadline }) {
  const c = useT().t.confirmationsPage
  if (!deadline) return <Typography.Text type="secondary">{c.noDeadline}</Typography.Text>
  return (
    <Tooltip title={deadline.basis}>
      <span style={{ fontVariantNumeric: 'tabular-nums' }}>
        {deadline.due}
        {deadline.provisional && <Typography.Text type="secondary">（{c.provisional}）</Typography.Text>}
      </span>
      {deadline.late && (
        <Tag color="#a8071a" style={{ marginInlineStart: 6 }}>
          {c.late}
        </Tag>
      )}
    </Tooltip>
  )
}
