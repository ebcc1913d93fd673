import type { Transaction } from 'kysely'
import type { LedgerEntry } from '../db/ledger.js'
import type { DB } from '../db/schema.js'
import type { Principal } from './accounts.js'
import { actorOf } from './applications.js'
import { InvalidInputError } from './errors.js'
import { reverseEntry } from './ledger.js'
import { notify } from './notifications.js'
import { assertCanAccessPerson } from './scope.js'

export const FRAUD_BASIS = '工程技术人员继续教育规定（征求意见稿）第二十七条'

/**
 * 第二十七条 以欺骗、贿赂等不正当手段取得继续教育学时的，违规取得的学时予以撤销，并通报给用人单位:
 * a reversal entry with the reason, the employer notified, the audit trail written (by reverseEntry).
 */
export async function revokeHours(
  trx: Transaction<DB>,
  p: Principal,
  personKey: string,
  entryId: string,
  reason: string,
): Promise<LedgerEntry> {
  await assertCanAccessPerson(trx, p, personKey)
  if (!reason.trim()) throw new InvalidInputError('reason', '撤销学时须说明理由')
  const reversal = await reverseEntry(trx, actorOf(p), {
    personKey,
    entryId,
    reason: reason.trim(),
    source: 'revocation',
    basis: FRAUD_BASIS,
  })
  const person = await trx
    .selectFrom('person')
    .select('name')
    .where('person_key', '=', personKey)
    .executeTakeFirstOrThrow()
  const employers = await trx
    .selectFrom('employment')
    .select('organisation_id')
    .where('person_key', '=', personKey)
    .where('to_date', 'is', null)
    .execute()
  const body = `${person.name}的${-reversal.public - reversal.professional}学时（${reversal.year}年度）因以不正当手段取得已被撤销。理由：${reason.trim()}（${FRAUD_BASIS}）`
  for (const e of employers) {
    await notify(trx, {
      organisationId: e.organisation_id,
      kind: 'ledger.revocation',
      title: '学时撤销通报',
      body,
      link: `/persons/${personKey}/ledger`,
    })
  }
  await notify(trx, {
    personKey,
    kind: 'ledger.revocation',
    title: '您的部分学时已被撤销',
    body,
    link: `/years/${reversal.year}`,
  })
  return reversal
}
