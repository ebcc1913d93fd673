/** Which page of a list, counted from 1, and how many items a page holds. */
export interface PageQuery {
  page: number
  pageSize: number
}

/** The one shape every list answers in: the page's items and the number of items in the whole list. */
export interface ListPage<T> extends PageQuery {
  items: T[]
  total: number
}

/** Rows to skip before the page. */
export const offsetOf = (q: PageQuery): number => (q.page - 1) * q.pageSize

/** A page of items out of `total`, in the one list shape. */
export const listPage = <T>(items: T[], total: number, q: PageQuery): ListPage<T> => ({
  items,
  total,
  page: q.page,
  pageSize: q.pageSize,
})

/** One page of a list already in memory (the policies, a year's holidays, an organisation's tokens). */
export const pageOf = <T>(all: readonly T[], q: PageQuery): ListPage<T> =>
  listPage(all.slice(offsetOf(q), offsetOf(q) + q.pageSize), all.length, q)
