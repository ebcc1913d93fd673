import type { Transaction } from 'kysely'
import type { LedgerEntry } from '../db/ledger.js'
import { findEntry } from '../db/ledger.js'
import type { DB } from '../db/schema.js'
import { type RevocationGround, revocationBasis } from '../policy/revocation.js'
import type { Principal } from './accounts.js'
import { actorOf } from './applications.js'
import { InvalidInputError } from './errors.js'
import { reverseEntry } from './ledger.js'
import { notify } from './notifications.js'
import { assertCanAccessPerson } from './scope.js'

/** Why hours are taken back: obtained by fraud (违规，弄虚作假), or registered in error and corrected. */
export type { RevocationGround }

const GROUNDS = {
  fraud: {
    source: 'revocation',
    label: '违规（弄虚作假）',
    done: '因以不正当手段取得已被撤销',
    employerTitle: '学时撤销通报',
    personTitle: '您的部分学时已被撤销',
  },
  error: {
    source: 'correction',
    label: '更正错误',
    done: '因登记错误已更正（冲销该条登记）',
    employerTitle: '学时登记更正',
    personTitle: '您的一条学时登记已更正',
  },
} as const

/**
 * Hours obtained by fraud revoked (第二十七条, or the local text: 308号 六, 14号 六（三）), or a registration
 * error corrected; the basis follows the ground and the entry's policy (policy/revocation.ts). Either way a reversal entry with the reason, the employer and the
 * person notified in the ground's words, the audit trail written (by reverseEntry).
 */
export async function revokeHours(
  trx: Transaction<DB>,
  p: Principal,
  personKey: string,
  entryId: string,
  ground: RevocationGround,
  reason: string,
): Promise<LedgerEntry> {
  await assertCanAccessPerson(trx, p, personKey)
  if (!reason.trim())
    throw new InvalidInputError('reason', ground === 'fraud' ? '撤销学时须说明理由' : '更正须说明错误所在')
  const g = GROUNDS[ground]
  // The basis follows the ground and the policy the entry was credited under (reverseEntry refuses a missing one).
  const original = await findEntry(trx, personKey, entryId)
  const { basis, says } = revocationBasis(original?.policyId ?? null, ground)
  const reversal = await reverseEntry(trx, actorOf(p), {
    personKey,
    entryId,
    reason: reason.trim(),
    source: g.source,
    basis,
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
  const body = `【${g.label}】${person.name}的${-reversal.public - reversal.professional}学时（${reversal.year}年度）${g.done}。理由：${reason.trim()}（依据：${basis}：${says}）`
  for (const e of employers) {
    await notify(trx, {
      organisationId: e.organisation_id,
      kind: `ledger.${g.source}`,
      title: g.employerTitle,
      body,
      link: `/persons/${personKey}/ledger`,
    })
  }
  await notify(trx, {
    personKey,
    kind: `ledger.${g.source}`,
    title: g.personTitle,
    body,
    link: `/years/${reversal.year}`,
  })
  return reversal
}
