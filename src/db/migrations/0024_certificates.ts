import { type Kysely, sql } from 'kysely'

// Certificates (issue 13): what was issued, as issued — the content, the canonical payload that was
// signed and the signatures — so that a certificate verifies later whatever happens to the hours.
// Distributed by person_key (Citus: its keys lead with it); a serial comes from a per-region, per-year
// counter (a reference table), so serials are unique in the deployment without a global unique index.
const STATEMENTS = [
  `CREATE TABLE certificate (
     person_key text NOT NULL REFERENCES person (person_key),
     serial text NOT NULL,
     code text NOT NULL,
     year integer NOT NULL,
     window_years integer,
     content jsonb NOT NULL,
     payload text NOT NULL,
     signatures jsonb NOT NULL,
     issued_by text NOT NULL,
     issued_by_organisation_id uuid,
     issued_at timestamptz NOT NULL,
     revoked_at timestamptz,
     revoked_by text,
     revoked_by_organisation_id uuid,
     revoked_reason text,
     PRIMARY KEY (person_key, serial),
     UNIQUE (person_key, code)
   )`,
  `CREATE INDEX certificate_code ON certificate (code)`,
  `CREATE INDEX certificate_serial ON certificate (serial)`,
  `CREATE INDEX certificate_period ON certificate (person_key, year, issued_at)`,
  `CREATE TABLE certificate_counter (
     year integer NOT NULL,
     region_code text NOT NULL,
     last integer NOT NULL,
     PRIMARY KEY (year, region_code)
   )`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the certificates migration cannot be undone')
}
