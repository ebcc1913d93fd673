import { useQuery } from '@tanstack/react-query'
import { KINDS } from '../../../../src/policy/records.js'
import { api, dataOf } from '../../api/client.js'
import type { paths } from '../../api/schema.js'

export type QueueKind = NonNullable<
  NonNullable<paths['/api/applications']['get']['parameters']['query']>['kind']
>

/** Every kind of the record vocabulary, for the queue's filter. */
export const KIND_OPTIONS = KINDS as QueueKind[]

/** The reviewer's queue: what waits, longest waiting first. */
export const QUEUE_ORDER = { status: 'submitted', order: 'oldest' } as const

/** The most a page of the API holds: the review page steps through the first 200 waiting (J/K). */
const WINDOW = 200

const DAY_MS = 86_400_000

/** Whole days since an instant (ISO 8601). */
export const daysSince = (iso: string, now = Date.now()): number =>
  Math.max(0, Math.floor((now - Date.parse(iso)) / DAY_MS))

/** An instant as the local date, YYYY-MM-DD. */
export const dateOf = (iso: string): string => {
  const d = new Date(iso)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** An instant as the local date and time, YYYY-MM-DD HH:mm. */
export const dateTimeOf = (iso: string): string => {
  const d = new Date(iso)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${dateOf(iso)} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** Where an application is: its person and id, as in the review page's URL. */
export interface QueueKey {
  personKey: string
  id: string
}

export const QUEUE_IDS_KEY = ['review-queue-ids']

/** The waiting applications in queue order (the first 200), to step through and to find the next one. */
export function useQueueKeys() {
  return useQuery({
    queryKey: QUEUE_IDS_KEY,
    queryFn: async (): Promise<{ keys: QueueKey[]; total: number }> => {
      const page = dataOf(
        await api.GET('/api/applications', {
          params: { query: { ...QUEUE_ORDER, page: '1', pageSize: String(WINDOW) } },
        }),
      )
      return { keys: page.items.map((a) => ({ personKey: a.personKey, id: a.id })), total: page.total }
    },
  })
}

/**
 * After deciding `current`, the one to open next: the first still waiting of those that came after it in
 * the queue as it was, else the first still waiting; undefined when nothing waits.
 */
export function nextAfter(
  before: readonly QueueKey[],
  now: readonly QueueKey[],
  current: QueueKey,
): QueueKey | undefined {
  const same = (a: QueueKey) => (b: QueueKey) => a.id === b.id && a.personKey === b.personKey
  const waiting = now.filter((k) => !same(current)(k))
  const at = before.findIndex(same(current))
  const later = at < 0 ? [] : before.slice(at + 1)
  return later.find((k) => waiting.some(same(k))) ?? waiting[0]
}
