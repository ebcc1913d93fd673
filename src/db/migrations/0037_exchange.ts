import { type Kysely, sql } from 'kysely'

// Reporting upward and taking in (issue 16; cn-engineering-2026 第二十二条, 苏人社函〔2023〕308号 五（四）):
// a region's ledger sent to the upper level's system as signed increments (docs/exchange.md).
//
// ledger_entry.txid is the transaction that wrote the entry. An export covers the entries whose
// transaction lies below the oldest transaction still running when it was taken (the snapshot's xmin), from
// where the previous export stopped: every entry below that horizon has committed, so an entry whose
// transaction began early and committed late is in the next export, never lost, and never in two. Entries
// written before this migration keep NULL and count as below every horizon.
const STATEMENTS = [
  `ALTER TABLE ledger_entry ADD COLUMN txid xid8`,
  `ALTER TABLE ledger_entry ALTER COLUMN txid SET DEFAULT pg_current_xact_id()`,
  `CREATE INDEX ledger_entry_txid ON ledger_entry (txid)`,
  // The exports taken: where each stopped, so the next one starts there.
  `
CREATE TABLE exchange_export (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid,
  region_code text NOT NULL,
  cursor_from text NOT NULL,
  cursor_to text NOT NULL,
  credits integer NOT NULL,
  reversals integer NOT NULL,
  sha256 text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
)`,
  `CREATE INDEX exchange_export_region ON exchange_export (region_code, created_at)`,
  // The lower systems an HR department takes files from: their Ed25519 public keys.
  `
CREATE TABLE exchange_partner (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL,
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  region_code text NOT NULL,
  public_key text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
)`,
  `CREATE UNIQUE INDEX exchange_partner_key ON exchange_partner (organisation_id, public_key)`,
  // The files taken in, with what each did.
  `
CREATE TABLE exchange_import (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid,
  issuer_name text NOT NULL,
  issuer_key text NOT NULL,
  region_code text NOT NULL,
  cursor_from text NOT NULL,
  cursor_to text NOT NULL,
  sha256 text NOT NULL,
  credited integer NOT NULL,
  present integer NOT NULL,
  reversed integer NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
)`,
  `CREATE INDEX exchange_import_organisation ON exchange_import (organisation_id, created_at)`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the exchange migration cannot be undone')
}
