import { type Kysely, sql } from 'kysely'

// A removal from the recommended directory (江西 第二十五条) can be lifted by the department that decided it, or
// one above, with a reason: the removal stays in the public credit record, marked lifted, with when, by whom
// and why. Only removals are lifted; warnings and 通报批评 stay as decided.
const STATEMENTS = [
  `ALTER TABLE institution_sanction
     ADD COLUMN lifted_at timestamptz,
     ADD COLUMN lifted_by text,
     ADD COLUMN lifted_by_organisation_id uuid REFERENCES organisation (id),
     ADD COLUMN lift_reason text CHECK (char_length(lift_reason) BETWEEN 1 AND 500),
     ADD CONSTRAINT institution_sanction_lifted_removal CHECK (
       (lifted_at IS NULL AND lifted_by IS NULL AND lifted_by_organisation_id IS NULL AND lift_reason IS NULL)
       OR (kind = 'removal' AND lifted_at IS NOT NULL AND lifted_by IS NOT NULL
           AND lifted_by_organisation_id IS NOT NULL AND lift_reason IS NOT NULL))`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the removal-lifted migration cannot be undone')
}
