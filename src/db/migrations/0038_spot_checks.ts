import { type Kysely, sql } from 'kysely'

// 随机抽查 (青人社字〔2023〕14号 六（三）; 鲁人社发〔2016〕10号 （十五） 随机统计): an HR department's or industry
// authority's reproducible random sample of persons, ledger credits, employers or institutions in its scope —
// the population's definition, its size and hash, the seed and the allocation per stratum kept with it, so
// anyone can redraw the same sample — and the checklist worked through per item. A few per organisation and
// year: reference tables under Citus (docs/scaling.md).
const STATEMENTS = [
  `
CREATE TABLE spot_check (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL,
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 60),
  population text NOT NULL CHECK (population IN ('persons', 'entries', 'employers', 'institutions')),
  definition jsonb NOT NULL,
  seed bigint NOT NULL CHECK (seed BETWEEN 1 AND 2147483647),
  sample_size integer NOT NULL CHECK (sample_size >= 0),
  population_size integer NOT NULL CHECK (population_size >= 0),
  population_hash text NOT NULL,
  allocation jsonb NOT NULL,
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  conclusion text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  closed_by text,
  closed_at timestamptz
)
  `,
  `CREATE INDEX spot_check_organisation ON spot_check (organisation_id, created_at)`,
  `
CREATE TABLE spot_check_item (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  spot_check_id uuid NOT NULL REFERENCES spot_check (id),
  position integer NOT NULL,
  stratum text NOT NULL,
  subject_id text NOT NULL,
  person_key text,
  label text NOT NULL,
  detail text NOT NULL,
  evidence_seen boolean,
  matches_record boolean,
  finding text,
  action text NOT NULL DEFAULT 'none' CHECK (action IN ('none', 'revocation', 'warning', 'criticism')),
  action_ref text,
  checked_by text,
  checked_at timestamptz,
  UNIQUE (spot_check_id, position)
)
  `,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the spot-checks migration cannot be undone')
}
