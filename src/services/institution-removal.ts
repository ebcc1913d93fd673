import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../db/schema.js'
import { chinaToday } from '../domain/china-date.js'
import { ForbiddenError } from './errors.js'

/** 江西省人民政府令第259号 第二十五条: removal from the recommended directory. */
export const REMOVAL_BASIS = '江西省人民政府令第259号 第二十五条'

/** Refuses a removed institution's new projects and rosters (第二十五条), naming the day and the reason. */
export async function assertNotRemoved(db: Kysely<DB> | Transaction<DB>, institutionId: string) {
  const row = await db
    .selectFrom('organisation')
    .select(['removed_at', 'removal_reason'])
    .where('id', '=', institutionId)
    .executeTakeFirst()
  if (row?.removed_at)
    throw new ForbiddenError(
      `本机构已于${chinaToday(row.removed_at)}移出继续教育机构推荐目录（${REMOVAL_BASIS}），不能公布培训项目或报送花名册。理由：${row.removal_reason ?? ''}`,
      { code: 'institution_removed', en: 'the institution was removed from the directory' },
    )
}
