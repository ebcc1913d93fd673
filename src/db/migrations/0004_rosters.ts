import calendar from 'chinese-days/dist/chinese-days.json' with { type: 'json' }
import { type Kysely, sql } from 'kysely'

// Training projects, their rosters, and the holiday calendar that working-day deadlines count with.
const STATEMENTS = [
  `CREATE TABLE calendar_day (
     day date PRIMARY KEY,
     kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
     name text NOT NULL
   )`,
  `CREATE TABLE training_project (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     institution_id uuid NOT NULL REFERENCES organisation (id),
     title text NOT NULL,
     subject text NOT NULL CHECK (subject IN ('public', 'professional')),
     way text NOT NULL CHECK (way IN ('face_to_face', 'online', 'public_course_exam')),
     start_date date NOT NULL,
     end_date date NOT NULL,
     schedule text NOT NULL,
     venue text NOT NULL,
     faculty text NOT NULL,
     rules text NOT NULL,
     hours numeric(6, 1) NOT NULL CHECK (hours > 0),
     advanced_seminar boolean NOT NULL DEFAULT false,
     published_at timestamptz NOT NULL DEFAULT now(),
     CHECK (end_date >= start_date)
   )`,
  `CREATE INDEX training_project_institution ON training_project (institution_id, start_date)`,
  `CREATE TABLE roster (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     project_id uuid NOT NULL REFERENCES training_project (id),
     version integer NOT NULL,
     status text NOT NULL CHECK (status IN ('pending', 'confirmed', 'superseded')),
     idempotency_key text,
     content_hash text NOT NULL,
     row_count integer NOT NULL,
     uploaded_by text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     UNIQUE (project_id, version),
     UNIQUE (project_id, idempotency_key)
   )`,
  `CREATE TABLE roster_row (
     person_key text NOT NULL REFERENCES person (person_key),
     roster_id uuid NOT NULL REFERENCES roster (id),
     row_no integer NOT NULL,
     record jsonb NOT NULL,
     ledger_entry_id uuid,
     confirmed_by text,
     PRIMARY KEY (person_key, roster_id, row_no)
   )`,
  `CREATE INDEX roster_row_roster ON roster_row (roster_id)`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
  // The State Council's holidays and make-up working days, from the maintained package chinese-days;
  // an administrator adds later years as data.
  const days = [
    ...Object.entries(calendar.holidays).map(([day, name]) => ({
      day,
      kind: 'holiday',
      name: name.split(',')[1] ?? name,
    })),
    ...Object.entries(calendar.workdays).map(([day, name]) => ({
      day,
      kind: 'workday',
      name: name.split(',')[1] ?? name,
    })),
  ]
  for (let i = 0; i < days.length; i += 500)
    await db
      .insertInto('calendar_day')
      .values(days.slice(i, i + 500))
      .execute()
}

export async function down(): Promise<void> {
  throw new Error('the rosters migration cannot be undone')
}
