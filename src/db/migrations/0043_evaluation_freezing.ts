import { type Kysely, sql } from 'kysely'

// An evaluation round's indicators are frozen after the request that opens it (江西省人民政府令第259号 第十八条):
// at a province's scale the count reads every credit of the year, longer than a request should wait. A round
// is `freezing` until its entries are written, then `open`; a freeze that fails leaves the round `failed`
// with the reason, and nothing half-written. `frozen_at` is when the indicators were taken.
const STATEMENTS = [
  `ALTER TABLE evaluation_round DROP CONSTRAINT evaluation_round_status_check`,
  `ALTER TABLE evaluation_round ADD CONSTRAINT evaluation_round_status_check
     CHECK (status IN ('freezing', 'open', 'failed', 'published'))`,
  `ALTER TABLE evaluation_round ADD COLUMN frozen_at timestamptz`,
  `ALTER TABLE evaluation_round ADD COLUMN failure text CHECK (char_length(failure) <= 500)`,
  `UPDATE evaluation_round SET frozen_at = opened_at`,
  `CREATE INDEX evaluation_round_freezing ON evaluation_round (opened_at) WHERE status = 'freezing'`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the evaluation freezing migration cannot be undone')
}
