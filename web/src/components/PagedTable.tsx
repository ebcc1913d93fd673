import { Button, Empty, Result, Skeleton, Table, type TableProps } from 'antd'
import type { ReactNode } from 'react'
import { useT } from '../i18n/i18n.js'

/** What a list query gives: a page of items with the number that match, or the error that came instead. */
interface PageQuery<T> {
  data?: { items: T[]; total: number }
  error: Error | null
  isFetching: boolean
  refetch?: () => unknown
}

type Props<T> = Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination'> & {
  list: PageQuery<T>
  /** What an empty list says (the filter's words when a filter is set). */
  empty: ReactNode
  page: number
  pageSize: number
  onPage: (page: number) => void
  /** Lines of the skeleton shown before the first page arrives. */
  skeletonRows?: number
}

/**
 * A server-paged list in its four states: the error (with a retry when the query can refetch), a skeleton
 * before the first page, the empty state, and the table with its pager (hidden on a single page).
 */
export function PagedTable<T extends object>({
  list,
  empty,
  page,
  pageSize,
  onPage,
  skeletonRows = 3,
  ...table
}: Props<T>) {
  const { t } = useT()
  if (list.error)
    return (
      <Result
        status="error"
        title={t.common.failed}
        subTitle={list.error.message}
        extra={list.refetch && <Button onClick={() => list.refetch?.()}>{t.common.retry}</Button>}
      />
    )
  if (!list.data) return <Skeleton active paragraph={{ rows: skeletonRows }} />
  if (list.data.total === 0) return <Empty description={empty} />
  return (
    <Table<T>
      size="small"
      {...table}
      loading={list.isFetching}
      dataSource={list.data.items}
      pagination={{
        current: page,
        pageSize,
        total: list.data.total,
        showSizeChanger: false,
        hideOnSinglePage: true,
        onChange: onPage,
      }}
    />
  )
}
