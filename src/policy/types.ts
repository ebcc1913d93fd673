/** The activity-record vocabulary of the evaluation contract §2 (docs/records.md, policy/vocabulary.ts), and the engine's result. */

export type Subject = 'public' | 'professional'
export type Authorship = 'sole' | 'first' | 'other'

interface Common<K extends string> {
  id: string
  kind: K
  /** YYYY-MM-DD: the day the activity finished or the result was obtained; it decides the year. */
  date: string
  title?: string
  evidence?: unknown[]
  /** Records with the same key are credited once (裁定9). */
  dedupKey?: string
  /** cn-engineering-2026 第二十条: count this record in that (previous) year (裁定8). */
  makeUpFor?: number
  /** Addition to the contract: the most a reviewer approved for this record (approved lower, with a reason). */
  approvedMax?: number
}

export interface TrainingRecord extends Common<'training'> {
  subject: Subject
  organizer: 'hrss' | 'industry' | 'employer' | 'institution' | 'base'
  days: number
  hours?: number
}
export interface OnlineCourseRecord extends Common<'online_course'> {
  subject: Subject
  hours: number
}
export interface PublicCourseExamRecord extends Common<'public_course_exam'> {
  hours?: number
}
export interface PracticeRecord extends Common<'practice'> {
  days: number
  hours?: number
}
export interface ConferenceRecord extends Common<'conference'> {
  level: 'national' | 'provincial' | 'other'
  paperChars?: number
  days?: number
  hours?: number
}
export interface LecturingRecord extends Common<'lecturing'> {
  type: 'course' | 'report'
  hours: number
}
export interface OverseasTrainingRecord extends Common<'overseas_training'> {
  days: number
  durationDays: number
}
export interface StudyTourRecord extends Common<'study_tour'> {}
export interface QualificationExamRecord extends Common<'qualification_exam'> {
  subjectsPassed: number
  certificate: boolean
}
export interface SkillLevelExamRecord extends Common<'skill_level_exam'> {
  level: 'senior' | 'intermediate' | 'junior'
}
export interface DegreeCourseRecord extends Common<'degree_course'> {
  coursesPassed: number
  /** Optional addition: hours the employer's archive or the school certifies (鲁人社发〔2016〕10号, 江西). */
  hours?: number
}
export interface DegreeCompletedRecord extends Common<'degree_completed'> {
  level: 'bachelor' | 'master' | 'doctor'
  /** Optional addition, as for degree_course. */
  hours?: number
}
export interface SelfStudyRecord extends Common<'self_study'> {
  hours: number
  days?: number
  archived: boolean
}
export interface PaperRecord extends Common<'paper'> {
  authorship: Authorship
  cnJournal?: boolean
}
export interface BookRecord extends Common<'book'> {
  authorship: Authorship
}
export interface PatentRecord extends Common<'patent'> {
  type: 'invention' | 'utility_model' | 'software_copyright'
}
export interface StandardRecord extends Common<'standard'> {
  role: 'first' | 'other'
}
export interface ResearchProjectRecord extends Common<'research_project'> {
  level: 'national' | 'provincial' | 'city' | 'other'
  role: 'sole' | 'host' | 'main' | 'participant'
  completed: boolean
}
export interface AchievementAwardRecord extends Common<'achievement_award'> {}
export interface ExamItemWritingRecord extends Common<'exam_item_writing'> {
  times: number
}
export interface CompetitionRecord extends Common<'competition'> {
  level: 'provincial_or_above' | 'other'
  prize: 'first' | 'second' | 'third' | 'none'
  activityId: string
}
export interface GrassrootsServiceRecord extends Common<'grassroots_service'> {
  days: number
}
export interface ExpertServiceRecord extends Common<'expert_service'> {
  days: number
}
export interface AidAssignmentRecord extends Common<'aid_assignment'> {
  months: number
}
export interface LeaveRecord extends Common<'leave'> {
  reason: 'injury' | 'illness' | 'maternity' | 'overseas_posting'
  months: number
  employerApproved: boolean
}
export interface LanguageExamRecord extends Common<'language_exam'> {
  grade: 'A' | 'B' | 'C'
  score: number
  /** The exam authority's verdict; when given it decides, else a score of 60 passes (裁定14). */
  passed?: boolean
}
export interface ComputerExamRecord extends Common<'computer_exam'> {
  modules: number
}
export interface EpidemicFrontlineRecord extends Common<'epidemic_frontline'> {}
export interface MentorshipRecord extends Common<'mentorship'> {
  role: 'mentee'
  hours: number
}
export interface OtherRecord extends Common<'other'> {
  subject: Subject
  hours: number
}

export type ActivityRecord =
  | TrainingRecord
  | OnlineCourseRecord
  | PublicCourseExamRecord
  | PracticeRecord
  | ConferenceRecord
  | LecturingRecord
  | OverseasTrainingRecord
  | StudyTourRecord
  | QualificationExamRecord
  | SkillLevelExamRecord
  | DegreeCourseRecord
  | DegreeCompletedRecord
  | SelfStudyRecord
  | PaperRecord
  | BookRecord
  | PatentRecord
  | StandardRecord
  | ResearchProjectRecord
  | AchievementAwardRecord
  | ExamItemWritingRecord
  | CompetitionRecord
  | GrassrootsServiceRecord
  | ExpertServiceRecord
  | AidAssignmentRecord
  | LeaveRecord
  | LanguageExamRecord
  | ComputerExamRecord
  | EpidemicFrontlineRecord
  | MentorshipRecord
  | OtherRecord

export type Kind = ActivityRecord['kind']
export type RecordOf<K extends Kind> = Extract<ActivityRecord, { kind: K }>

/** Hours credited to one record, as the contract's output lists them. */
export interface RecordCredit {
  id: string
  kind: Kind
  public: number
  professional: number
  basis: string
  notes: string[]
}

export interface Totals {
  public: number
  professional: number
  total: number
}

export interface Requirement {
  total: number
  public: number
  professional: number
}

/** One year's figures inside a window evaluation (an addition to the contract's output). */
export interface YearSummary {
  year: number
  totals: Totals
  yearComplete: boolean
}

export interface Evaluation {
  policy: string
  year: number
  window?: [number, number]
  records: RecordCredit[]
  totals: Totals
  required: Requirement
  yearComplete: boolean
  compliant: boolean
  shortfall: Totals
  years?: YearSummary[]
  /** Window-level explanations, such as a year counted as complete (an addition to the contract). */
  notes?: string[]
}
