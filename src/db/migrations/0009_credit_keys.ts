import { type Kysely, sql } from 'kysely'

// Every credit has a natural key — the person and the source it comes from — so the same hours can never
// be credited twice: at most one credit per (person, key, revision), and a correction reverses the live
// credit before crediting the next revision. Bulk credits carry the batch that wrote them (one audit event
// per batch), so an auditor can list what a batch credited.
const STATEMENTS = [
  `ALTER TABLE ledger_entry ADD COLUMN credit_key text`,
  `ALTER TABLE ledger_entry ADD COLUMN credit_revision integer`,
  `ALTER TABLE ledger_entry ADD COLUMN content_hash text`,
  `ALTER TABLE ledger_entry ADD COLUMN batch_id uuid`,
  `ALTER TABLE ledger_entry ADD CONSTRAINT ledger_entry_credit_key UNIQUE (person_key, credit_key, credit_revision)`,
  // Credits written before this migration keep no key; every new one must have one.
  `ALTER TABLE ledger_entry ADD CONSTRAINT ledger_entry_credit_keyed
     CHECK (entry_type = 'reversal' OR (credit_key IS NOT NULL AND credit_revision >= 0 AND content_hash IS NOT NULL)) NOT VALID`,
  `CREATE INDEX ledger_entry_content ON ledger_entry (person_key, content_hash)`,
  `CREATE INDEX ledger_entry_batch ON ledger_entry (batch_id) WHERE batch_id IS NOT NULL`,
  // A roster sent again after (part of) it was confirmed is a correction, with its reason.
  `ALTER TABLE roster ADD COLUMN correction_reason text`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the credit keys migration cannot be undone')
}
