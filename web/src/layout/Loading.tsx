import { Skeleton } from 'antd'

/** While a page or the session loads: a skeleton, never a blank screen. */
export function Loading() {
  return (
    <div style={{ padding: 24 }}>
      <Skeleton active paragraph={{ rows: 6 }} />
    </div>
  )
}
