import type { Transaction } from 'kysely'
import type { DB, Role } from '../db/schema.js'
import { recordAudit } from './audit.js'
import { ConflictError, InvalidInputError } from './errors.js'
import type { Actor } from './ledger.js'
import { hashPassword, oneTimePassword } from './passwords.js'

/** Letters, digits, '.', '_' and '-', 3 to 64 of them, starting with a letter or digit. */
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/

export function assertUsername(username: string, field = 'username'): void {
  if (!USERNAME.test(username))
    throw new InvalidInputError(field, '用户名须为3至64位字母、数字或 . _ -，以字母或数字开头')
}

export interface NewAccount {
  organisationId: string
  role: Exclude<Role, 'person'>
  username: string
  displayName?: string | null
  isAdmin: boolean
  /** A password the owner chose (a registration request); without it a one-time password is issued. */
  password?: string
}

/** An account's id and username, and the one-time password to hand over (undefined when the owner chose one). */
export interface CreatedAccount {
  id: string
  username: string
  oneTimePassword?: string
}

/**
 * Creates an organisation account in the caller's transaction, audited. Without a chosen password it
 * gets a one-time password, shown once and to be changed at first sign-in.
 */
export async function insertAccount(
  trx: Transaction<DB>,
  actor: Actor,
  a: NewAccount,
): Promise<CreatedAccount> {
  assertUsername(a.username)
  const taken = await trx
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', a.username)
    .executeTakeFirst()
  if (taken) throw new ConflictError(`用户名 ${a.username} 已被使用`, { field: 'username' })
  const issued = a.password === undefined ? oneTimePassword() : undefined
  const row = await trx
    .insertInto('app_user')
    .values({
      username: a.username,
      role: a.role,
      organisation_id: a.organisationId,
      display_name: a.displayName?.trim() || null,
      password_hash: await hashPassword(a.password ?? (issued as string)),
      is_admin: a.isAdmin,
      must_change_password: issued !== undefined,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await recordAudit(trx, {
    actor: actor.id,
    actorOrganisationId: actor.organisationId,
    action: 'account.create',
    entity: 'app_user',
    entityId: row.id,
    after: {
      username: a.username,
      organisationId: a.organisationId,
      isAdmin: a.isAdmin,
      oneTimePassword: !!issued,
    },
  })
  return { id: row.id, username: a.username, ...(issued ? { oneTimePassword: issued } : {}) }
}
