import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query'
import { Cascader, Spin } from 'antd'
import { type CSSProperties, useCallback, useEffect, useMemo, useState } from 'react'
import { api, dataOf } from '../api/client.js'
import type { paths } from '../api/schema.js'
import { useT } from '../i18n/i18n.js'
import './region-picker.css'

type RegionNode =
  paths['/api/regions']['get']['responses'][200]['content']['application/json']['items'][number]
export type RegionFound = paths['/api/regions/{code}']['get']['responses'][200]['content']['application/json']

interface Option {
  value: string
  label: string
  isLeaf: boolean
  children?: Option[]
}

// GB/T 2260 changes with a release of the server, not during a session.
const FOREVER = Number.POSITIVE_INFINITY

const childrenQuery = (parent: string) => ({
  queryKey: ['regions', 'children', parent],
  staleTime: FOREVER,
  queryFn: async () =>
    // At most 50 divisions lie below any one (重庆市: 38): one page holds them all.
    dataOf(
      await api.GET('/api/regions', {
        params: { query: { pageSize: '200', ...(parent ? { parent } : {}) } },
      }),
    ).items,
})

/** The caller's own region (an HR department's), the top of what it may pick; null for the whole country. */
export const regionScopeQuery = {
  queryKey: ['regions', 'scope'],
  staleTime: FOREVER,
  queryFn: async () => dataOf(await api.GET('/api/regions/scope')).region,
}

/** One region with its path, fetched once per code; a code that is no region answers null. */
export const regionQuery = (code: string) => ({
  queryKey: ['regions', 'one', code],
  staleTime: FOREVER,
  queryFn: async (): Promise<RegionFound | null> => {
    const r = await api.GET('/api/regions/{code}', { params: { path: { code } } })
    return r.response.status === 404 ? null : dataOf(r)
  },
})

/** The region of a code (null when the code is none), from the cache when known. */
export const findRegion = (client: QueryClient, code: string) => client.fetchQuery(regionQuery(code))

/** The part of a path from `within` down (the whole path without it). */
const fromWithin = <T extends { code: string }>(path: readonly T[], within?: string | null): T[] => {
  if (!within) return [...path]
  const i = path.findIndex((p) => p.code === within)
  return i < 0 ? [] : path.slice(i)
}

interface Props {
  id?: string
  value?: string
  onChange?: (code: string | undefined) => void
  /** Only this region and those below it, e.g. an HR department's own; undefined or null: the whole country. */
  within?: string | null
  style?: CSSProperties
  status?: '' | 'error' | 'warning'
  'aria-label'?: string
}

/**
 * 行政区划选择: province → city → county, or a name typed to search (江苏 新北 narrows by the path). The form
 * value is the GB/T 2260 code; the field shows 江苏省 / 常州市 / 新北区. Regions come from the API a level at
 * a time, so the table never enters the bundle.
 */
export function RegionPicker({ id, value, onChange, within, style, status, ...aria }: Props) {
  const { t } = useT()
  const x = t.regionsPage
  const client = useQueryClient()
  const [loaded, setLoaded] = useState<Record<string, RegionNode[]>>({})
  const [typed, setTyped] = useState('')
  const [query, setQuery] = useState('')

  // A pause in typing sends the search; each keystroke does not.
  useEffect(() => {
    const timer = setTimeout(() => setQuery(typed.trim()), 250)
    return () => clearTimeout(timer)
  }, [typed])

  const load = useCallback(
    async (parent: string) => {
      const children = await client.fetchQuery(childrenQuery(parent))
      setLoaded((l) => (l[parent] ? l : { ...l, [parent]: children }))
    },
    [client],
  )

  const top = useQuery({
    queryKey: ['regions', 'top', within ?? ''],
    staleTime: FOREVER,
    queryFn: async (): Promise<RegionNode[]> => {
      if (!within) return client.fetchQuery(childrenQuery(''))
      const root = await client.fetchQuery(regionQuery(within))
      return root ? [{ code: root.code, name: root.name, level: root.level, leaf: root.leaf }] : []
    },
  })
  const current = useQuery({ ...regionQuery(value ?? ''), enabled: Boolean(value) })
  const found = useQuery({
    queryKey: ['regions', 'search', query, within ?? ''],
    staleTime: FOREVER,
    enabled: query !== '',
    queryFn: async () =>
      dataOf(
        await api.GET('/api/regions/search', {
          params: { query: { q: query, pageSize: '20', ...(within ? { within } : {}) } },
        }),
      ).items,
  })

  // Open the levels above the chosen region, so the dropdown shows where it is.
  const path = useMemo(
    () => (current.data ? fromWithin(current.data.path, within) : []),
    [current.data, within],
  )
  const openBelow = current.data?.leaf === false
  useEffect(() => {
    for (const step of openBelow ? path : path.slice(0, -1)) void load(step.code)
  }, [path, openBelow, load])

  const browse = useMemo(() => {
    const toOption = (n: RegionNode): Option => {
      const children = loaded[n.code]
      return {
        value: n.code,
        label: n.name,
        isLeaf: n.leaf,
        ...(children ? { children: children.map(toOption) } : {}),
      }
    }
    return (top.data ?? []).map(toOption)
  }, [top.data, loaded])

  // While searching, the options are the paths of the regions found, so the dropdown lists each in full.
  const searching = typed.trim() !== ''
  const results = useMemo(() => (query !== '' ? (found.data ?? []) : []), [query, found.data])
  const searchOptions = useMemo(() => {
    const roots: Option[] = []
    for (const r of results) {
      let level = roots
      for (const step of fromWithin(r.path, within)) {
        let option = level.find((o) => o.value === step.code)
        if (!option) {
          option = { value: step.code, label: step.name, isLeaf: false, children: [] }
          level.push(option)
        }
        level = option.children as Option[]
      }
    }
    // A region found with nothing found below it is the end of its line: no arrow to open.
    const ends = (options: Option[]) => {
      for (const o of options) {
        if (o.children?.length === 0) {
          o.isLeaf = true
          delete o.children
        } else if (o.children) ends(o.children)
      }
    }
    ends(roots)
    return roots
  }, [results, within])
  const rank = useMemo(() => new Map(results.map((r, i) => [r.code, i])), [results])

  const choose = (codes: string[] | undefined) => {
    const code = codes?.at(-1)
    const chosen = code === undefined ? undefined : results.find((r) => r.code === code)
    if (chosen) client.setQueryData(regionQuery(chosen.code).queryKey, chosen)
    setTyped('')
    setQuery('')
    onChange?.(code)
  }

  const pending = searching && (query !== typed.trim() || found.isFetching)
  return (
    <Cascader<Option>
      id={id}
      {...aria}
      status={status}
      style={style}
      options={searching ? searchOptions : browse}
      value={path.length > 0 ? path.map((p) => p.code) : value ? [value] : undefined}
      onChange={(codes) => choose(codes as string[] | undefined)}
      loadData={(selected) => {
        const last = selected.at(-1)
        if (last && !searching) void load(last.value)
      }}
      changeOnSelect
      placeholder={x.placeholder}
      displayRender={(labels) =>
        current.data ? current.data.path.map((p) => p.name).join(' / ') : labels.join(' / ')
      }
      showSearch={{
        searchValue: typed,
        onSearch: setTyped,
        filter: (_, options) => rank.has(options.at(-1)?.value ?? ''),
        sort: (a, b) => (rank.get(a.at(-1)?.value ?? '') ?? 0) - (rank.get(b.at(-1)?.value ?? '') ?? 0),
        limit: false,
      }}
      notFoundContent={pending ? <Spin size="small" /> : x.noMatch}
      allowClear
      classNames={{ popup: { root: 'region-picker-popup' } }}
    />
  )
}
