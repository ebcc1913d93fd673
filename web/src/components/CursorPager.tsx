import { LeftOutlined, RightOutlined, VerticalRightOutlined } from '@ant-design/icons'
import { Button, Select, Space, Typography } from 'antd'

export interface CursorPagerLabels {
  previous: string
  next: string
  first: string
  page: (n: number, of: number) => string
  size: (n: number) => string
}

/**
 * The pager of a list the server walks from a cursor (a region's compliance list): back, forward and to
 * the first page, the page's number and the exact total; no jumping to page N, which would make the
 * server count through everything before it.
 */
export function CursorPager(props: {
  page: number
  pageSize: number
  total: number
  totalText: string
  hasPrevious: boolean
  hasNext: boolean
  busy: boolean
  labels: CursorPagerLabels
  onFirst: () => void
  onPrevious: () => void
  onNext: () => void
  onPageSize: (size: number) => void
}) {
  const { labels: l } = props
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize))
  return (
    <nav
      aria-label={l.page(props.page, pages)}
      style={{
        display: 'flex',
        justifyContent: 'flex-end',
        alignItems: 'center',
        gap: 12,
        marginTop: 16,
        flexWrap: 'wrap',
      }}
    >
      <Typography.Text type="secondary">{props.totalText}</Typography.Text>
      <Space>
        <Button
          icon={<VerticalRightOutlined />}
          aria-label={l.first}
          title={l.first}
          disabled={!props.hasPrevious || props.busy}
          onClick={props.onFirst}
        />
        <Button
          icon={<LeftOutlined />}
          disabled={!props.hasPrevious || props.busy}
          onClick={props.onPrevious}
        >
          {l.previous}
        </Button>
        <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>
          {l.page(props.page, pages)}
        </Typography.Text>
        <Button disabled={!props.hasNext || props.busy} onClick={props.onNext}>
          {l.next}
          <RightOutlined />
        </Button>
      </Space>
      <Select
        aria-label={l.size(props.pageSize)}
        value={props.pageSize}
        style={{ width: 110 }}
        options={[10, 20, 50, 100].map((n) => ({ value: n, label: l.size(n) }))}
        onChange={props.onPageSize}
      />
    </nav>
  )
}
