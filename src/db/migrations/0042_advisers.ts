import { type Kysely, sql } from 'kysely'

// 青岛市人力资源和社会保障局 青人社字〔2023〕14号 六（一）: the city's HR department sets up an expert advisory
// committee on continuing education (专家咨询委员会) and appoints respected senior experts as continuing-education
// supervisors (学监) who guide and oversee the city's continuing education. A register of who was appointed, by
// which department and document, for what term; an appointment ends early only with a reason. Few rows: a
// reference table under Citus (docs/scaling.md).
const STATEMENTS = [
  `
CREATE TABLE adviser (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- the appointing department's region: its committee and its supervisors
  region_code text NOT NULL,
  -- committee: 专家咨询委员会委员; supervisor: 继续教育学监
  kind text NOT NULL CHECK (kind IN ('committee', 'supervisor')),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 50),
  -- 职称或职务
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 100),
  -- 工作单位
  employer text NOT NULL CHECK (char_length(employer) BETWEEN 1 AND 100),
  -- 专业领域
  field text CHECK (char_length(field) <= 100),
  term_from date NOT NULL,
  term_to date,
  -- 聘任文件 (its document number), shown publicly
  document text NOT NULL CHECK (char_length(document) BETWEEN 1 AND 200),
  appointed_by_organisation_id uuid NOT NULL REFERENCES organisation (id),
  appointed_by text NOT NULL,
  appointed_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  ended_by text,
  end_reason text CHECK (char_length(end_reason) BETWEEN 1 AND 500),
  CHECK (term_to IS NULL OR term_to >= term_from),
  CHECK ((ended_at IS NULL) = (end_reason IS NULL) AND (ended_at IS NULL) = (ended_by IS NULL))
)`,
  `CREATE INDEX adviser_region ON adviser (region_code, kind, term_from DESC)`,
  // One live appointment of a person (by name and employer) to the same body of a region.
  `CREATE UNIQUE INDEX adviser_live ON adviser (region_code, kind, name, employer) WHERE ended_at IS NULL`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the advisers migration cannot be undone')
}
