import { type Kysely, sql } from 'kysely'

// 职工教育经费 (鲁人社发〔2016〕10号 （二十三）): an employer's yearly payroll (职工工资总额) and spending on staff
// continuing education (职工教育经费), one report per employer and year (a correction replaces it, audited),
// and the HR department's flag for an enterprise with high training needs (2.5 % instead of 1.5 %). Exact
// amounts in yuan with two decimals. Reference tables under Citus (docs/scaling.md).
const STATEMENTS = [
  `
CREATE TABLE education_fund_report (
  organisation_id uuid NOT NULL,
  year integer NOT NULL CHECK (year BETWEEN 1990 AND 2200),
  payroll numeric(16, 2) NOT NULL CHECK (payroll > 0),
  spending numeric(16, 2) NOT NULL CHECK (spending >= 0),
  revision integer NOT NULL DEFAULT 1,
  reported_by text NOT NULL,
  reported_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, year)
)
  `,
  `
CREATE TABLE education_fund_rate (
  organisation_id uuid PRIMARY KEY,
  high_training_need boolean NOT NULL,
  set_by text NOT NULL,
  set_at timestamptz NOT NULL DEFAULT now()
)
  `,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the education-funds migration cannot be undone')
}
