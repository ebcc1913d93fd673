import type { Kysely, Transaction } from 'kysely'
import { countRows } from '../db/count.js'
import type { DB } from '../db/schema.js'
import { listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import type { Principal } from './accounts.js'
import { NotFoundError } from './errors.js'

export interface NotificationInput {
  personKey?: string
  organisationId?: string
  kind: string
  title: string
  body: string
  link?: string
}

/** In-app notification for each step that waits on someone (a person, or every account of an organisation). */
export async function notify(trx: Transaction<DB> | Kysely<DB>, n: NotificationInput): Promise<void> {
  await trx
    .insertInto('notification')
    .values({
      person_key: n.personKey ?? null,
      organisation_id: n.personKey ? null : (n.organisationId ?? null),
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: n.link ?? null,
    })
    .execute()
}

/** A notice to the principal's own inbox (a person's, or their organisation's), e.g. of a change to their account. */
export async function notifyAccount(
  trx: Transaction<DB> | Kysely<DB>,
  p: Principal,
  n: Omit<NotificationInput, 'personKey' | 'organisationId'>,
): Promise<void> {
  if (p.role === 'person') {
    if (p.personKey) await notify(trx, { ...n, personKey: p.personKey })
  } else if (p.organisationId) await notify(trx, { ...n, organisationId: p.organisationId })
}

/** The principal's inbox: a person's own, or their organisation's. */
function inbox(db: Kysely<DB>, p: Principal) {
  const q = db.selectFrom('notification')
  return p.role === 'person'
    ? q.where('person_key', '=', p.personKey as string)
    : q.where('organisation_id', '=', p.organisationId as string)
}

/** The inbox, newest first; the unread count has a route of its own. */
export async function listNotifications(db: Kysely<DB>, p: Principal, page: PageQuery) {
  const [rows, count] = await Promise.all([
    inbox(db, p)
      .selectAll()
      .orderBy('created_at', 'desc')
      .limit(page.pageSize)
      .offset(offsetOf(page))
      .execute(),
    countRows(inbox(db, p)),
  ])
  return listPage(
    rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      link: r.link,
      createdAt: r.created_at.toISOString(),
      read: r.read_at !== null,
    })),
    count,
    page,
  )
}

export async function unreadCount(db: Kysely<DB>, p: Principal): Promise<number> {
  return countRows(inbox(db, p).where('read_at', 'is', null))
}

export async function markRead(db: Kysely<DB>, p: Principal, id: string): Promise<void> {
  const scoped =
    p.role === 'person'
      ? ['person_key', p.personKey as string]
      : ['organisation_id', p.organisationId as string]
  const r = await db
    .updateTable('notification')
    .set({ read_at: new Date() })
    .where('id', '=', id)
    .where(scoped[0] as 'person_key' | 'organisation_id', '=', scoped[1] as string)
    .executeTakeFirst()
  if (Number(r.numUpdatedRows) === 0) throw new NotFoundError('notification', id)
}

/** Marks every unread notification of the principal's inbox read; answers how many were. */
export async function markAllRead(db: Kysely<DB>, p: Principal): Promise<number> {
  const r = await db
    .updateTable('notification')
    .set({ read_at: new Date() })
    .where((eb) =>
      p.role === 'person'
        ? eb('person_key', '=', p.personKey as string)
        : eb('organisation_id', '=', p.organisationId as string),
    )
    .where('read_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}
