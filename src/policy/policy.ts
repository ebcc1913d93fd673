import type { ActivityRecord, ConferenceRecord, Kind, RecordOf, Requirement, Subject } from './types.js'

/**
 * What a rule credits for one record, before the year's caps. A record may earn several parts
 * (a conference attended and a paper presented there fall under different clauses and caps).
 */
export interface Part {
  public: number
  professional: number
  /** Document number + article/clause. */
  basis: string
  /** Plain-language explanation of zero or reduced credit. */
  note?: string
  /** The annual cap this part fills in record order (裁定1); the record crossing it gets the remainder. */
  bucket?: string
  /** A cap this part uses up in full before any `bucket` part fills it, never cut itself. */
  consumes?: string
  /** The record counts as completing the whole year (视同完成). */
  completesYear?: boolean
}

export interface YearContext {
  year: number
  /** The records counted in this year, in cap order (date, then input order). */
  records: readonly ActivityRecord[]
}

export type Rule<R extends ActivityRecord> = (record: R, ctx: YearContext) => Part | readonly Part[]
export type Rules = { [K in Kind]?: Rule<RecordOf<K>> }

/** An annual cap: the most a year can hold of the parts in its bucket, per subject or in total. */
export interface Cap {
  public?: number
  professional?: number
  total?: number
  basis: string
  /** What is capped, in words: '自学每年累计不超过30学时'. */
  label: string
}

export interface PolicyInfo {
  id: string
  title: string
  documentNo: string
  /** GB/T 2260 code of the issuing jurisdiction. */
  jurisdiction: string
  effectiveFrom: string
  effectiveTo: string | null
  extends: string | null
}

export interface Policy extends PolicyInfo {
  /** Only these 职称 series fall under the policy when it is resolved by region (absent: every series). */
  series?: readonly string[]
  required: Requirement
  rules: Rules
  caps: Readonly<Record<string, Cap>>
  /** Cited when the policy does not list a kind among its ways. */
  waysBasis: string
  /** Cited when a repeated result (same dedupKey) is not credited again (裁定9). */
  dedupBasis: string
  /** Set when a record may be made up in the next year (cn-engineering-2026 第二十条, 裁定8). */
  makeUpBasis?: string
  /** What the text calls itself ('本规定', '本办法', '本通知'), for 裁定11's note. */
  selfName: string
  /** Where the text sets its in-force dates (or the issue date it takes effect on), for 裁定11's note. */
  inForceBasis: string
}

/** Every part has the same fields in the same order, so the engine's loop sees one object shape. */
export const part = (
  publicHours: number,
  professionalHours: number,
  basis: string,
  note?: string,
  bucket?: string,
): Part => ({
  public: publicHours,
  professional: professionalHours,
  basis,
  note,
  bucket,
  consumes: undefined,
  completesYear: undefined,
})

export const professional = (hours: number, basis: string, note?: string): Part => part(0, hours, basis, note)

export const publicHours = (hours: number, basis: string, note?: string): Part => part(hours, 0, basis, note)

export const bySubject = (subject: Subject, hours: number, basis: string, note?: string): Part =>
  subject === 'public' ? part(hours, 0, basis, note) : part(0, hours, basis, note)

export const zero = (basis: string, note: string): Part => part(0, 0, basis, note)

/** The same part, filling an annual cap. */
export const inBucket = (p: Part, bucket: string): Part =>
  part(p.public, p.professional, p.basis, p.note, bucket)

/** A zero part that completes the year (视同完成). */
export const completesYear = (basis: string, note: string): Part => {
  const p = zero(basis, note)
  p.completesYear = true
  return p
}

/** 按实际学时，不超过8学时/天 (裁定4): min(hours, 8 × days); 8 × days when hours are not stated. */
export const actualHoursCappedPerDay = (hours: number | undefined, days: number): number =>
  hours === undefined ? 8 * days : Math.min(hours, 8 * days)

/**
 * A conference attended (按实际学时，不超过8学时/天) and, when the person presented a paper there, the
 * paper as a 学术会议交流论文 under the policy's results clause.
 */
export function conferenceParts(r: ConferenceRecord, basis: string, paper: Part): Part | Part[] {
  const attended =
    r.days !== undefined
      ? professional(actualHoursCappedPerDay(r.hours, r.days), basis)
      : r.hours !== undefined
        ? professional(r.hours, basis)
        : zero(basis, '学术会议按实际学时认定，记录未注明学时或天数')
  return r.paperChars ? [attended, paper] : attended
}

/** '2021-03-31' → '2021年3月31日'. */
export const chineseDate = (iso: string): string =>
  `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`

/**
 * 裁定11: a record dated outside the in-force period, in a year the period touches, is credited under the
 * policy all the same, with this note naming the period.
 */
export function outsideInForceNote(policy: Policy, date: string): string | undefined {
  const name = policy.selfName
  const why = `（${policy.inForceBasis}，裁定11）`
  if (date < policy.effectiveFrom) {
    return `${name}自${chineseDate(policy.effectiveFrom)}起施行，此前的活动按${name}参照认定${why}`
  }
  if (policy.effectiveTo !== null && date > policy.effectiveTo) {
    return `${name}有效期至${chineseDate(policy.effectiveTo)}，此后的活动按${name}参照认定${why}`
  }
  return undefined
}

/** The year ranges in which a policy is in force at some day of the year. */
export function inForce(policy: PolicyInfo, year: number): boolean {
  const from = Number(policy.effectiveFrom.slice(0, 4))
  const to = policy.effectiveTo === null ? Number.POSITIVE_INFINITY : Number(policy.effectiveTo.slice(0, 4))
  return year >= from && year <= to
}
