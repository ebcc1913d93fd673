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

// 第十七条 工程技术人员参加继续教育实行学时登记管理。登记内容主要包括继续教育时间、内容、方式、学时数、机构等信息:
// an entry registered wrongly (wrong person, hours or year) is corrected; no one is said to have cheated.
export const ERROR_BASIS = '工程技术人员继续教育规定（征求意见稿）第十七条（更正登记错误）'

/** Why hours are taken back: obtained by fraud (第二十七条), or registered in error and corrected. */
export type RevocationGround = 'fraud' | 'error'

const GROUNDS = {
  fraud: {
    source: 'revocation',
    basis: FRAUD_BASIS,
    done: '因以不正当手段取得已被撤销',
    employerTitle: '学时撤销通报',
    personTitle: '您的部分学时已被撤销',
  },
  error: {
    source: 'correction',
    basis: ERROR_BASIS,
    done: '因登记错误已更正（冲销该条登记）',
    employerTitle: '学时登记更正',
    personTitle: '您的一条学时登记已更正',
  },
} as const

/**
 * 第二十七条 以欺骗、贿赂等不正当手段取得继续教育学时的，违规取得的学时予以撤销，并通报给用人单位; or the
 * correction of a registration error. Either way a reversal entry with the reason, the employer and the
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
  const reversal = await reverseEntry(trx, actorOf(p), {
    personKey,
    entryId,
    reason: reason.trim(),
    source: g.source,
    basis: g.basis,
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
  const body = `${person.name}的${-reversal.public - reversal.professional}学时（${reversal.year}年度）${g.done}。理由：${reason.trim()}（${g.basis}）`
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
