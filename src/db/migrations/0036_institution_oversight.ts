import { type Kysely, sql } from 'kysely'

// The institution directory and its quality (issue 16): 江西省人民政府令第259号 第十四条 (the recommended
// directory by occupation category), 第十八条 (periodic evaluation, results public), 第十九条 (provincial and
// city bases), 第二十三条 (credit records), 第二十五条 (warning, 通报批评, removal from the directory);
// cn-engineering-2026 第二十五条 (quality monitoring); trainees' ratings of the projects they attended.
// Designations, sanctions and evaluation rounds are few: reference tables under Citus; ratings belong to a
// person and are distributed by person_key (docs/scaling.md).
const STATEMENTS = [
  // Removed (第二十五条 移出推荐目录) after serious violations: gone from public pages, no new projects or
  // rosters from that instant; the hours already credited stay valid.
  `ALTER TABLE organisation ADD COLUMN removed_at timestamptz`,
  `ALTER TABLE organisation ADD COLUMN removal_reason text`,
  `
CREATE TABLE institution_designation (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  institution_id uuid NOT NULL REFERENCES organisation (id),
  -- recommended: in the recommended directory for an occupation category (第十四条); base: a provincial or
  -- city continuing-education base (第十九条)
  kind text NOT NULL CHECK (kind IN ('recommended', 'base')),
  occupation_category text,
  base_level text CHECK (base_level IN ('provincial', 'city')),
  -- how it was chosen (竞争性方式确定: the call, its document number), shown publicly
  basis text NOT NULL CHECK (char_length(basis) BETWEEN 1 AND 200),
  designated_by_organisation_id uuid NOT NULL REFERENCES organisation (id),
  designated_by text NOT NULL,
  designated_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  ended_by text,
  end_reason text,
  CHECK ((kind = 'recommended') = (occupation_category IS NOT NULL)),
  CHECK ((kind = 'base') = (base_level IS NOT NULL))
)`,
  `CREATE INDEX institution_designation_institution ON institution_designation (institution_id)`,
  `CREATE UNIQUE INDEX institution_designation_live ON institution_designation
     (institution_id, kind, coalesce(occupation_category, ''), coalesce(base_level, '')) WHERE ended_at IS NULL`,
  `
CREATE TABLE institution_sanction (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  institution_id uuid NOT NULL REFERENCES organisation (id),
  -- 第二十五条: 警告, 通报批评, 移出推荐目录
  kind text NOT NULL CHECK (kind IN ('warning', 'criticism', 'removal')),
  reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 500),
  -- the clause breached (src/services/sanction-grounds.ts)
  ground text NOT NULL DEFAULT 'other'
    CHECK (ground IN ('conditions', 'faculty', 'duties', 'prohibited', 'publication', 'reporting', 'other')),
  -- the spot check whose finding started it, if any (青人社字〔2023〕14号 六（三）)
  spot_check_id uuid,
  decided_by_organisation_id uuid NOT NULL REFERENCES organisation (id),
  decided_by text NOT NULL,
  decided_at timestamptz NOT NULL DEFAULT now()
)`,
  `CREATE INDEX institution_sanction_institution ON institution_sanction (institution_id, decided_at)`,
  `
CREATE TABLE evaluation_round (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisation (id),
  region_code text NOT NULL,
  year integer NOT NULL,
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 100),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'published')),
  opened_by text NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT now(),
  published_by text,
  published_at timestamptz
)`,
  `
CREATE TABLE evaluation_entry (
  round_id uuid NOT NULL REFERENCES evaluation_round (id),
  institution_id uuid NOT NULL REFERENCES organisation (id),
  -- the indicators as computed when the round opened (never typed in)
  indicators jsonb NOT NULL,
  score numeric(5, 1) CHECK (score BETWEEN 0 AND 100),
  grade text CHECK (grade IN ('excellent', 'qualified', 'basically_qualified', 'unqualified')),
  remarks text CHECK (char_length(remarks) <= 500),
  reviewed_by text,
  reviewed_at timestamptz,
  PRIMARY KEY (round_id, institution_id)
)`,
  `
CREATE TABLE project_rating (
  person_key text NOT NULL REFERENCES person (person_key),
  project_id uuid NOT NULL,
  rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment text CHECK (char_length(comment) <= 300),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_key, project_id)
)`,
  `CREATE INDEX project_rating_project ON project_rating (project_id)`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the institution oversight migration cannot be undone')
}
