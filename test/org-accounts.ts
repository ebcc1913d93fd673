import type { Role } from '../src/db/schema.js'
import { hashPassword } from '../src/services/passwords.js'
import type { Client, startApi } from './api-helpers.js'

type Api = Awaited<ReturnType<typeof startApi>>

/** Signs in as a new account of the demo organisation named `organisation` (e.g. 南昌 institution). */
export async function signInFor(api: Api, organisation: string, role: Role): Promise<Client> {
  const org = await api.d.db
    .selectFrom('organisation')
    .select('id')
    .where('name', '=', organisation)
    .executeTakeFirstOrThrow()
  const username = `t-${org.id.slice(0, 8)}-${role}`
  const password = 'Org-Account-2026!'
  const existing = await api.d.db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirst()
  if (!existing)
    await api.d.db
      .insertInto('app_user')
      .values({ username, role, organisation_id: org.id, password_hash: await hashPassword(password) })
      .execute()
  return api.signIn(username, password)
}
