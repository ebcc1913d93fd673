import { type Kysely, type Migration, type MigrationResultSet, Migrator } from 'kysely'
import * as initial from './migrations/0001_initial.js'
import * as regions from './migrations/0002_regions.js'
import * as accounts from './migrations/0003_accounts.js'
import * as rosters from './migrations/0004_rosters.js'
import * as reviews from './migrations/0005_reviews.js'
import * as mentorships from './migrations/0006_mentorships.js'
import * as imports from './migrations/0007_imports.js'
import * as signIn from './migrations/0008_sign_in.js'
import * as creditKeys from './migrations/0009_credit_keys.js'
import * as department from './migrations/0014_department.js'
import * as tokenExpiry from './migrations/0015_token_expiry.js'
import * as organisationAccounts from './migrations/0016_accounts.js'
import * as registration from './migrations/0017_registration.js'
import * as signup from './migrations/0018_signup.js'
import * as policySettings from './migrations/0019_policy_settings.js'
import * as accountClaims from './migrations/0023_account_claims.js'
import * as certificates from './migrations/0024_certificates.js'
import * as projectFees from './migrations/0026_project_fees.js'
import * as rosterReturn from './migrations/0027_roster_return.js'
import * as projectPublication from './migrations/0028_project_publication.js'
import * as summaries from './migrations/0029_summaries.js'
import * as rosterLineOrder from './migrations/0030_roster_line_order.js'
import * as recomputeRuns from './migrations/0031_recompute_runs.js'
import * as summaryHours from './migrations/0032_summary_hours.js'
import * as complianceRoll from './migrations/0033_compliance_roll.js'
import * as savedQueries from './migrations/0034_saved_queries.js'
import * as summaryInstitution from './migrations/0035_summary_institution.js'
import * as institutionOversight from './migrations/0036_institution_oversight.js'
import * as exchange from './migrations/0037_exchange.js'
import * as spotChecks from './migrations/0038_spot_checks.js'
import * as educationFunds from './migrations/0039_education_funds.js'
import * as removalLifted from './migrations/0041_removal_lifted.js'
import * as advisers from './migrations/0042_advisers.js'
import * as evaluationFreezing from './migrations/0043_evaluation_freezing.js'
import type { DB } from './schema.js'

/** Migrations in order; the same set serves PostgreSQL and PGlite. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_regions': regions,
  '0003_accounts': accounts,
  '0004_rosters': rosters,
  '0005_reviews': reviews,
  '0006_mentorships': mentorships,
  '0007_imports': imports,
  '0008_sign_in': signIn,
  '0009_credit_keys': creditKeys,
  '0014_department': department,
  '0015_token_expiry': tokenExpiry,
  '0016_accounts': organisationAccounts,
  '0017_registration': registration,
  '0018_signup': signup,
  '0019_policy_settings': policySettings,
  '0023_account_claims': accountClaims,
  '0024_certificates': certificates,
  '0026_project_fees': projectFees,
  '0027_roster_return': rosterReturn,
  '0028_project_publication': projectPublication,
  '0029_summaries': summaries,
  '0030_roster_line_order': rosterLineOrder,
  '0031_recompute_runs': recomputeRuns,
  '0032_summary_hours': summaryHours,
  '0033_compliance_roll': complianceRoll,
  '0034_saved_queries': savedQueries,
  '0035_summary_institution': summaryInstitution,
  '0036_institution_oversight': institutionOversight,
  '0037_exchange': exchange,
  '0038_spot_checks': spotChecks,
  '0039_education_funds': educationFunds,
  '0041_removal_lifted': removalLifted,
  '0042_advisers': advisers,
  '0043_evaluation_freezing': evaluationFreezing,
}

/** The migrations' names, in the order they run. */
export const MIGRATION_NAMES = Object.keys(MIGRATIONS)

/**
 * Runs the migrations not yet applied. In a schema of its own (tests) Kysely's bookkeeping tables are
 * named in that schema, or its existence check could see another schema's.
 */
export async function migrate(db: Kysely<DB>, schema?: string): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    ...(schema ? { migrationTableSchema: schema } : {}),
  })
  return migrator.migrateToLatest()
}

/** Runs the migrations and throws the first error, naming the migration that failed. */
export async function migrateOrThrow(db: Kysely<DB>, schema?: string): Promise<string[]> {
  const { error, results } = await migrate(db, schema)
  const failed = results?.find((r) => r.status === 'Error')
  if (error) {
    const name = failed ? ` (${failed.migrationName})` : ''
    throw new Error(`migration failed${name}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    })
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
