import { type Kysely, sql } from 'kysely'

// The registry's schema. Large tables (person data, records, evidence, ledger, audit) carry
// person_key and lead their primary keys with it, so a national deployment can distribute them by
// person with Citus (docs/scaling.md); organisations, regions and accounts are small reference tables.
const STATEMENTS = [
  `
CREATE TABLE region (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
  name text NOT NULL,
  parent_code text,
  level text NOT NULL CHECK (level IN ('province', 'city', 'county'))
)
  `,
  `
CREATE TABLE organisation (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('employer', 'agency', 'institution', 'authority', 'hr_department')),
  name text NOT NULL,
  uscc text UNIQUE,
  region_code text NOT NULL,
  -- institutions and bases: national | provincial | city; HR departments: national | province | city | district
  level text,
  is_base boolean NOT NULL DEFAULT false,
  industry text,
  occupation_categories text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'employer' OR uscc IS NOT NULL)
)
  `,
  `
CREATE INDEX organisation_kind_region ON organisation (kind, region_code)
  `,
  `
CREATE TABLE person (
  -- HMAC-SHA256 of the resident ID number (first 16 bytes, hex): the look-up key, never the number.
  person_key text PRIMARY KEY,
  id_cipher bytea NOT NULL,
  id_masked text NOT NULL,
  name text NOT NULL,
  sex text NOT NULL CHECK (sex IN ('male', 'female')),
  birth_date date NOT NULL,
  region_code text NOT NULL,
  series text NOT NULL,
  title_level text NOT NULL CHECK (title_level IN ('none', 'junior', 'intermediate', 'associate_senior', 'senior')),
  industry text,
  freelancer boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
)
  `,
  `
CREATE INDEX person_region ON person (region_code text_pattern_ops)
  `,
  `
CREATE TABLE employment (
  person_key text NOT NULL REFERENCES person (person_key),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL,
  relation text NOT NULL CHECK (relation IN ('employee', 'file_holder')),
  from_date date NOT NULL,
  to_date date,
  PRIMARY KEY (person_key, id),
  CHECK (to_date IS NULL OR to_date >= from_date)
)
  `,
  `
CREATE INDEX employment_current ON employment (organisation_id, person_key) WHERE to_date IS NULL
  `,
  `
CREATE TABLE activity_record (
  person_key text NOT NULL REFERENCES person (person_key),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  kind text NOT NULL,
  activity_date date NOT NULL,
  record jsonb NOT NULL,
  source text NOT NULL CHECK (source IN ('application', 'roster', 'grant', 'import')),
  status text NOT NULL CHECK (status IN ('submitted', 'returned', 'rejected', 'approved', 'awaiting_confirmation')),
  reviewer_organisation_id uuid,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_key, id)
)
  `,
  `
CREATE INDEX activity_record_queue ON activity_record (reviewer_organisation_id, status)
  `,
  `
CREATE TABLE evidence (
  person_key text NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  record_id uuid NOT NULL,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size integer NOT NULL CHECK (size > 0),
  media_type text NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  filename text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_key, id),
  FOREIGN KEY (person_key, record_id) REFERENCES activity_record (person_key, id)
)
  `,
  `
-- The ledger: approved credits, append-only. A correction or revocation is a reversal entry that
-- points at the credit it cancels; each credit can be reversed at most once.
CREATE TABLE ledger_entry (
  person_key text NOT NULL REFERENCES person (person_key),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  entry_type text NOT NULL CHECK (entry_type IN ('credit', 'reversal')),
  year integer NOT NULL CHECK (year BETWEEN 1990 AND 2200),
  record_id uuid,
  -- The activity record as approved (contract vocabulary), so the engine can recompute caps.
  record jsonb,
  -- The policy in force for the person that year when it was credited; NULL when none was (Qingdao's
  -- window still counts such years under its own policy).
  policy_id text,
  public numeric(8, 2) NOT NULL,
  professional numeric(8, 2) NOT NULL,
  basis text NOT NULL,
  source text NOT NULL CHECK (source IN ('application', 'roster', 'grant', 'import', 'revocation', 'correction')),
  actor text NOT NULL,
  actor_organisation_id uuid,
  reason text,
  reverses_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_key, id),
  UNIQUE (person_key, reverses_id),
  FOREIGN KEY (person_key, reverses_id) REFERENCES ledger_entry (person_key, id),
  CHECK ((entry_type = 'credit') = (reverses_id IS NULL)),
  CHECK (entry_type = 'reversal' OR record IS NOT NULL),
  CHECK (entry_type = 'credit' OR reason IS NOT NULL)
)
  `,
  `
CREATE INDEX ledger_entry_person_year ON ledger_entry (person_key, year)
  `,
  `
-- The year as the engine sees it over the ledger, kept current with every ledger write.
CREATE TABLE person_year (
  person_key text NOT NULL REFERENCES person (person_key),
  year integer NOT NULL,
  policy_id text NOT NULL,
  public numeric(10, 2) NOT NULL,
  professional numeric(10, 2) NOT NULL,
  total numeric(10, 2) NOT NULL,
  year_complete boolean NOT NULL,
  compliant boolean NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_key, year)
)
  `,
  `
CREATE INDEX person_year_year ON person_year (year, compliant)
  `,
  `
-- The audit trail: every state change, append-only and hash-chained (seq order).
CREATE TABLE audit_event (
  person_key text NOT NULL DEFAULT '',
  seq bigint NOT NULL,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  actor_organisation_id uuid,
  action text NOT NULL,
  entity text NOT NULL,
  entity_id text NOT NULL,
  before text,
  after text,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (person_key, seq)
)
  `,
  `
CREATE INDEX audit_event_seq ON audit_event (seq)
  `,
  `
CREATE TABLE app_user (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('person', 'employer', 'agency', 'institution', 'authority', 'hr_department')),
  organisation_id uuid REFERENCES organisation (id),
  person_key text,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'person') = (person_key IS NOT NULL)),
  CHECK (role = 'person' OR organisation_id IS NOT NULL)
)
  `,
  `
-- Append-only tables refuse UPDATE, DELETE and TRUNCATE in the database itself, whoever asks.
CREATE FUNCTION xueshi_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$
  `,
  `
CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
  FOR EACH ROW EXECUTE FUNCTION xueshi_refuse_change()
  `,
  `
CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_entry
  FOR EACH STATEMENT EXECUTE FUNCTION xueshi_refuse_change()
  `,
  `
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION xueshi_refuse_change()
  `,
  `
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION xueshi_refuse_change()
  `,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the initial migration cannot be undone: the ledger and audit trail are append-only')
}
