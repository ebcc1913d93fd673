import type { ColumnType, Generated } from 'kysely'

/** The tables as Kysely sees them (migrations/0001_initial.ts). Rows are mapped to domain types in db/. */

type Timestamp = ColumnType<Date, Date | string | undefined, never>
/** numeric columns arrive as strings from pg and PGlite alike; write numbers. */
type Numeric = ColumnType<string, number | string, number | string>

export interface RegionTable {
  code: string
  name: string
  parent_code: string | null
  level: 'province' | 'city' | 'county'
}

export type OrganisationKind = 'employer' | 'agency' | 'institution' | 'authority' | 'hr_department'

export interface OrganisationTable {
  id: Generated<string>
  kind: OrganisationKind
  name: string
  uscc: string | null
  region_code: string
  level: string | null
  is_base: Generated<boolean>
  industry: string | null
  occupation_categories: Generated<string[]>
  created_at: Generated<Date>
  /** A self-registered employer or agency waits for the HR department of its region (approved otherwise). */
  status: Generated<'pending' | 'approved' | 'rejected'>
  contact_name: Generated<string | null>
  contact_phone: Generated<string | null>
  /** Who registered it: an account id, 'self' (a request), 'init' or 'demo'. */
  registered_by: Generated<string | null>
  decided_by: Generated<string | null>
  decided_at: Generated<Date | null>
  /** Why a request was rejected (required then). */
  decision_reason: Generated<string | null>
  /** Removed from the directory (江西 第二十五条, migration 0036): no new projects or rosters from then on. */
  removed_at: Generated<Date | null>
  removal_reason: Generated<string | null>
}

export type TitleLevel = 'none' | 'junior' | 'intermediate' | 'associate_senior' | 'senior'

export interface PersonTable {
  person_key: string
  id_cipher: Uint8Array
  id_masked: string
  name: string
  sex: 'male' | 'female'
  birth_date: ColumnType<string, string, string>
  region_code: string
  series: string
  title_level: TitleLevel
  industry: string | null
  freelancer: Generated<boolean>
  created_at: Generated<Date>
}

export interface EmploymentTable {
  person_key: string
  id: Generated<string>
  organisation_id: string
  relation: 'employee' | 'file_holder'
  from_date: string
  to_date: string | null
  /** The department at the employer (migration 0014); NULL when not placed. */
  department: ColumnType<string | null, string | null | undefined, string | null>
}

export type RecordSource = 'application' | 'roster' | 'grant' | 'import'
export type RecordStatus = 'submitted' | 'returned' | 'rejected' | 'approved' | 'awaiting_confirmation'

export interface ActivityRecordTable {
  person_key: string
  id: Generated<string>
  kind: string
  activity_date: string
  record: ColumnType<unknown, string, string>
  source: RecordSource
  status: RecordStatus
  reviewer_organisation_id: string | null
  created_by: string
  created_at: Generated<Date>
  updated_at: Generated<Date>
  review_note: string | null
  reviewed_by: string | null
  ledger_entry_id: string | null
  /** The organisation that filed it (an institution's roster, an employer's own training); NULL for an application. */
  organisation_id: string | null
}

export interface EvidenceTable {
  person_key: string
  id: Generated<string>
  record_id: string
  sha256: string
  size: number
  media_type: 'application/pdf' | 'image/jpeg' | 'image/png'
  filename: string
  created_at: Generated<Date>
}

export type LedgerSource = RecordSource | 'revocation' | 'correction'

export interface LedgerEntryTable {
  person_key: string
  id: Generated<string>
  entry_type: 'credit' | 'reversal'
  year: number
  record_id: string | null
  record: ColumnType<unknown, string | null, never>
  policy_id: string | null
  public: Numeric
  professional: Numeric
  basis: string
  source: LedgerSource
  actor: string
  actor_organisation_id: string | null
  reason: string | null
  reverses_id: string | null
  /** The credit's natural key (credit-keys.ts) and its revision; NULL for reversals. */
  credit_key: string | null
  credit_revision: number | null
  /** SHA-256 of the record's identity (every spelling of one activity hashes alike); NULL for reversals. */
  content_hash: string | null
  /** The bulk write (one audit event) that credited it. */
  batch_id: string | null
  created_at: Timestamp
  /** The writing transaction (pg_current_xact_id(), migration 0037): the exchange cursor; NULL before it. */
  txid: ColumnType<string | null, never, never>
}

export interface PersonYearTable {
  person_key: string
  year: number
  policy_id: string
  public: Numeric
  professional: Numeric
  total: Numeric
  year_complete: boolean
  compliant: boolean
  computed_at: Generated<Date>
}

/** Registered persons per current attributes and employer (migration 0029; src/db/summaries.ts). */
export interface SummaryPopulationTable {
  region_code: string
  industry: string
  series: string
  /** The current employer's organisation id; '' for none. */
  employer: string
  persons: number
}

/** The person_year rows per year, current attributes and employer (migration 0029; src/db/summaries.ts). */
export interface SummaryYearTable {
  region_code: string
  year: number
  industry: string
  series: string
  employer: string
  persons: number
  compliant: number
  public: Numeric
  professional: Numeric
  total: Numeric
  short_75: number
  short_50: number
  short_25: number
  short_0: number
  no_hours: number
}

/** A year of the compliance roll: being filled, or open (migration 0033; src/db/compliance-roll.ts). */
export interface RollYearTable {
  year: number
  state: 'opening' | 'open'
  opened_at: Date | null
}

/** One line per registered person and open year, in the order the compliance lists page (migration 0033). */
export interface ComplianceRollTable {
  person_key: string
  year: number
  region_code: string
  industry: string
  series: string
  employer: string
  name: string
  total: Numeric
  compliant: boolean
}

/** The ledger's live credits and their hours as credited, by way and door (migration 0032; src/db/summaries.ts). */
export interface SummaryHoursTable {
  region_code: string
  year: number
  industry: string
  series: string
  employer: string
  way: string
  door: string
  credits: number
  public: Numeric
  professional: Numeric
}

/** Live credits by training institution (migration 0035); institution '' for credits from other doors. */
export interface SummaryInstitutionTable {
  region_code: string
  year: number
  industry: string
  series: string
  institution: string
  credits: number
  public: Numeric
  professional: Numeric
}

export interface AuditEventTable {
  person_key: string
  seq: ColumnType<string, string | number, never>
  at: ColumnType<Date, Date, never>
  actor: string
  actor_organisation_id: string | null
  action: string
  entity: string
  entity_id: string
  before: string | null
  after: string | null
  prev_hash: string
  hash: string
}

export type Role = 'person' | 'employer' | 'agency' | 'institution' | 'authority' | 'hr_department'

export interface AppUserTable {
  id: Generated<string>
  username: string
  role: Role
  organisation_id: string | null
  person_key: string | null
  password_hash: string
  created_at: Generated<Date>
  failed_logins: Generated<number>
  locked_until: Date | null
  password_changed_at: Generated<Date>
  totp_secret_cipher: Uint8Array | null
  totp_enabled: Generated<boolean>
  recovery_code_hashes: Generated<string[]>
  display_name: string | null
  /** A second factor being enrolled: it replaces totp_secret_cipher once confirmed with a code. */
  totp_pending_cipher: Uint8Array | null
  /** The last accepted TOTP time step (RFC 6238 §5.2). */
  totp_last_step: number | null
  /** The hashes of the previous passwords, newest first. */
  previous_password_hashes: Generated<string[]>
  /** An organisation's administrator: manages its accounts and API tokens (clerks do the daily work). */
  is_admin: Generated<boolean>
  /** Signed in with a one-time password: only the password change, the session and sign-out until changed. */
  must_change_password: Generated<boolean>
  /** Set by an administrator: the account cannot sign in, its sessions and tokens stop working. */
  disabled_at: Date | null
  /** Signed up for a person already registered: signs in once the chosen organisation has checked who they are. */
  awaiting_confirmation: Generated<boolean>
}

export interface SessionTable {
  id: string
  user_id: string
  csrf_token: string
  second_factor_done: boolean
  created_at: Generated<Date>
  last_seen_at: Generated<Date>
  ended_at: Date | null
}

export interface ApiTokenTable {
  id: Generated<string>
  organisation_id: string
  name: string
  token_hash: string
  created_by: string
  created_at: Generated<Date>
  last_used_at: Date | null
  revoked_at: Date | null
  /** After this instant the token is refused (null: until revoked). */
  expires_at: Date | null
}

export interface NotificationTable {
  id: Generated<string>
  person_key: string | null
  organisation_id: string | null
  kind: string
  title: string
  body: string
  link: string | null
  created_at: Generated<Date>
  read_at: Date | null
}

export interface CalendarDayTable {
  day: ColumnType<string, string, string>
  kind: 'holiday' | 'workday'
  name: string
}

export interface TrainingProjectTable {
  id: Generated<string>
  institution_id: string
  title: string
  subject: 'public' | 'professional'
  way: 'face_to_face' | 'online' | 'public_course_exam'
  start_date: ColumnType<string, string, string>
  end_date: ColumnType<string, string, string>
  schedule: string
  venue: string
  faculty: string
  rules: string
  hours: Numeric
  /** 收费项目及标准 (第十五条); null where not stated. */
  fees: ColumnType<string | null, string | null | undefined, string | null>
  advanced_seminar: Generated<boolean>
  published_at: Generated<Date>
  /** A draft is the institution's own until published: never in the public list. */
  draft: Generated<boolean>
}

export interface RosterTable {
  id: Generated<string>
  project_id: string
  version: number
  status: 'pending' | 'confirmed' | 'superseded' | 'returned'
  idempotency_key: string | null
  content_hash: string
  row_count: number
  uploaded_by: string
  /** Set when the upload corrects a roster already (partly) confirmed: why. */
  correction_reason: string | null
  created_at: Generated<Date>
  /** Set when the authority returned it to the institution (status returned): why, who, when. */
  return_reason: Generated<string | null>
  returned_by: Generated<string | null>
  returned_at: Generated<Date | null>
}

export interface RosterRowTable {
  person_key: string
  roster_id: string
  row_no: number
  record: ColumnType<unknown, string, string>
  ledger_entry_id: string | null
  confirmed_by: string | null
}

export interface YearReviewTable {
  person_key: string
  year: number
  kind: 'year_end' | 'departure'
  organisation_id: string
  public: Numeric
  professional: Numeric
  compliant: boolean
  reviewed_by: string
  reviewed_at: Generated<Date>
}

export interface MentorshipTable {
  id: Generated<string>
  organisation_id: string
  mentor_person_key: string
  year: number
  title: string
  plan: string
  status: 'submitted' | 'filed' | 'evaluated'
  filed_by: string | null
  created_at: Generated<Date>
}

export interface MentorshipMenteeTable {
  person_key: string
  mentorship_id: string
  hours: Numeric | null
  ledger_entry_id: string | null
}

export interface ImportBatchTable {
  id: Generated<string>
  organisation_id: string
  idempotency_key: string | null
  content_hash: string
  row_count: number
  created_by: string
  created_at: Generated<Date>
}

export interface EmploymentRequestTable {
  person_key: string
  id: Generated<string>
  organisation_id: string
  status: Generated<'pending' | 'confirmed' | 'declined'>
  requested_at: Generated<Date>
  decided_by: string | null
  decided_at: Date | null
  reason: string | null
  /** The request also confirms the account signed up for a person already registered (its hours are theirs). */
  claims_account: Generated<boolean>
}

export interface PolicySettingTable {
  id: Generated<string>
  policy_id: string
  /** GB/T 2260 code of the HR department that set it: the setting governs that region and below. */
  region_code: string
  applies: boolean
  from_year: number
  reason: string
  set_by: string
  set_by_organisation_id: string
  set_at: Generated<Date>
}

export interface CertificateTable {
  person_key: string
  serial: string
  code: string
  year: number
  /** qingdao-2023's window of N years ending with `year`; NULL for a single year. */
  window_years: number | null
  content: ColumnType<unknown, string, never>
  /** canonicalJson(content): the text the signatures are over. */
  payload: string
  signatures: ColumnType<unknown, string, never>
  issued_by: string
  issued_by_organisation_id: string | null
  issued_at: ColumnType<Date, Date, never>
  revoked_at: Date | null
  revoked_by: string | null
  revoked_by_organisation_id: string | null
  revoked_reason: string | null
}

/** The last serial number given per year and issuing region (XS-<year>-<region>-<sequence>). */
export interface CertificateCounterTable {
  year: number
  region_code: string
  last: number
}

/** A year-end recomputation (xueshi recompute) and how far it got (migration 0031). */
export interface RecomputeRunTable {
  id: Generated<string>
  year: number
  region_code: string
  last_person_key: string | null
  persons_done: ColumnType<string, number | undefined, number>
  changed: ColumnType<string, number | undefined, number>
  /** The report file's length when the last chunk committed (lines after it belong to no commit). */
  report_bytes: ColumnType<string, number | undefined, number>
  started_at: Generated<Date>
  updated_at: Generated<Date>
  finished_at: Date | null
}

/** 常用查询: a saved statistics view without its year (migration 0034). */
export interface SavedQueryTable {
  id: Generated<string>
  organisation_id: string
  name: string
  definition: ColumnType<unknown, string, string>
  created_by: string
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

/** In the recommended directory for an occupation category, or a base (江西 第十四条、第十九条; migration 0036). */
export interface InstitutionDesignationTable {
  id: Generated<string>
  institution_id: string
  kind: 'recommended' | 'base'
  occupation_category: string | null
  base_level: 'provincial' | 'city' | null
  basis: string
  designated_by_organisation_id: string
  designated_by: string
  designated_at: Generated<Date>
  ended_at: Date | null
  ended_by: string | null
  end_reason: string | null
}

/**
 * A member of the expert advisory committee or a continuing-education supervisor (学监), appointed by an HR
 * department (青人社字〔2023〕14号 六（一）; migration 0042).
 */
export interface AdviserTable {
  id: Generated<string>
  region_code: string
  kind: 'committee' | 'supervisor'
  name: string
  title: string
  employer: string
  field: string | null
  /** YYYY-MM-DD */
  term_from: string
  term_to: string | null
  document: string
  appointed_by_organisation_id: string
  appointed_by: string
  appointed_at: Generated<Date>
  ended_at: Date | null
  ended_by: string | null
  end_reason: string | null
}

/** A credit record of an institution: 警告, 通报批评 or 移出推荐目录 (江西 第二十三条、第二十五条). */
export interface InstitutionSanctionTable {
  id: Generated<string>
  institution_id: string
  kind: 'warning' | 'criticism' | 'removal'
  reason: string
  /** The clause breached (services/sanction-grounds.ts). */
  ground: Generated<
    'conditions' | 'faculty' | 'duties' | 'prohibited' | 'publication' | 'reporting' | 'other'
  >
  spot_check_id: string | null
  decided_by_organisation_id: string
  decided_by: string
  decided_at: Generated<Date>
  /** A removal lifted by the department that decided it or one above (migration 0041); it stays on record. */
  lifted_at: Generated<Date | null>
  lifted_by: Generated<string | null>
  lifted_by_organisation_id: Generated<string | null>
  lift_reason: Generated<string | null>
}

/** A periodic evaluation of the region's institutions (江西 第十八条). */
export interface EvaluationRoundTable {
  id: Generated<string>
  organisation_id: string
  region_code: string
  year: number
  title: string
  /** freezing: the indicators are being taken (migration 0043); failed: that failed, see `failure`. */
  status: Generated<'freezing' | 'open' | 'failed' | 'published'>
  opened_by: string
  opened_at: Generated<Date>
  published_by: string | null
  published_at: Date | null
  frozen_at: Date | null
  failure: string | null
}

export type EvaluationGrade = 'excellent' | 'qualified' | 'basically_qualified' | 'unqualified'

export interface EvaluationEntryTable {
  round_id: string
  institution_id: string
  indicators: ColumnType<unknown, string, never>
  score: Numeric | null
  grade: EvaluationGrade | null
  remarks: string | null
  reviewed_by: string | null
  reviewed_at: Date | null
}

/** A trainee's rating of a project they attended: once, 1–5, shown only in aggregate. */
export interface ProjectRatingTable {
  person_key: string
  project_id: string
  rating: number
  comment: string | null
  created_at: Generated<Date>
}

/** An export of a region's ledger increment (migration 0037; docs/exchange.md). */
export interface ExchangeExportTable {
  id: Generated<string>
  organisation_id: string | null
  region_code: string
  cursor_from: string
  cursor_to: string
  credits: number
  reversals: number
  sha256: string
  created_by: string
  created_at: Generated<Date>
}

/** A lower system whose exchange files an HR department takes in: its Ed25519 public key (base64url, raw). */
export interface ExchangePartnerTable {
  id: Generated<string>
  organisation_id: string
  name: string
  region_code: string
  public_key: string
  created_by: string
  created_at: Generated<Date>
}

/** An exchange file taken in, and what it did. */
export interface ExchangeImportTable {
  id: Generated<string>
  organisation_id: string | null
  issuer_name: string
  issuer_key: string
  region_code: string
  cursor_from: string
  cursor_to: string
  sha256: string
  credited: number
  present: number
  reversed: number
  created_by: string
  created_at: Generated<Date>
}

/** 随机抽查: a reproducible random sample drawn by an HR department or authority (migration 0038). */
export interface SpotCheckTable {
  id: Generated<string>
  organisation_id: string
  title: string
  population: 'persons' | 'entries' | 'employers' | 'institutions'
  definition: ColumnType<unknown, string, never>
  seed: ColumnType<string, number, never>
  sample_size: number
  population_size: number
  population_hash: string
  allocation: ColumnType<unknown, string, never>
  state: Generated<'open' | 'closed'>
  conclusion: string | null
  created_by: string
  created_at: Generated<Date>
  closed_by: string | null
  closed_at: Date | null
}

/** One sampled item of a spot check and its checklist (migration 0038). */
export interface SpotCheckItemTable {
  id: Generated<string>
  spot_check_id: string
  position: number
  stratum: string
  subject_id: string
  person_key: string | null
  label: string
  detail: string
  evidence_seen: boolean | null
  matches_record: boolean | null
  finding: string | null
  action: Generated<'none' | 'revocation' | 'warning' | 'criticism'>
  action_ref: string | null
  checked_by: string | null
  checked_at: Date | null
}

/** 职工教育经费: an employer's yearly payroll and staff-education spending (migration 0039). */
export interface EducationFundReportTable {
  organisation_id: string
  year: number
  payroll: Numeric
  spending: Numeric
  revision: Generated<number>
  reported_by: string
  reported_at: Generated<Date>
}

/** An employer the HR department marks as having high training needs: 2.5 % instead of 1.5 % (migration 0039). */
export interface EducationFundRateTable {
  organisation_id: string
  high_training_need: boolean
  set_by: string
  set_at: Generated<Date>
}

export interface DB {
  region: RegionTable
  organisation: OrganisationTable
  person: PersonTable
  employment: EmploymentTable
  employment_request: EmploymentRequestTable
  activity_record: ActivityRecordTable
  evidence: EvidenceTable
  ledger_entry: LedgerEntryTable
  person_year: PersonYearTable
  audit_event: AuditEventTable
  app_user: AppUserTable
  session: SessionTable
  api_token: ApiTokenTable
  notification: NotificationTable
  calendar_day: CalendarDayTable
  training_project: TrainingProjectTable
  roster: RosterTable
  roster_row: RosterRowTable
  year_review: YearReviewTable
  mentorship: MentorshipTable
  mentorship_mentee: MentorshipMenteeTable
  import_batch: ImportBatchTable
  policy_setting: PolicySettingTable
  certificate: CertificateTable
  certificate_counter: CertificateCounterTable
  summary_population: SummaryPopulationTable
  summary_year: SummaryYearTable
  roll_year: RollYearTable
  compliance_roll: ComplianceRollTable
  summary_hours: SummaryHoursTable
  summary_institution: SummaryInstitutionTable
  recompute_run: RecomputeRunTable
  saved_query: SavedQueryTable
  institution_designation: InstitutionDesignationTable
  adviser: AdviserTable
  institution_sanction: InstitutionSanctionTable
  evaluation_round: EvaluationRoundTable
  evaluation_entry: EvaluationEntryTable
  project_rating: ProjectRatingTable
  exchange_export: ExchangeExportTable
  exchange_partner: ExchangePartnerTable
  exchange_import: ExchangeImportTable
  spot_check: SpotCheckTable
  spot_check_item: SpotCheckItemTable
  education_fund_report: EducationFundReportTable
  education_fund_rate: EducationFundRateTable
}
