import { InputError, PolicyNotInForceError } from './errors.js'
import {
  chineseDate,
  inForce,
  outsideInForceNote,
  type Part,
  type Policy,
  type Rule,
  zero,
} from './policy.js'
import { yearOf } from './records.js'
import type {
  ActivityRecord,
  Evaluation,
  Kind,
  RecordCredit,
  Requirement,
  Totals,
  YearSummary,
} from './types.js'

/** Hours are computed exactly; this only strips binary floating-point noise (0.1 + 0.2) from output. */
const round = (x: number): number => Math.round(x * 1e6) / 1e6

const NO_NOTES = Object.freeze([]) as unknown as string[]
const NO_KEYS: ReadonlyMap<string, number> = new Map()

function usedOf(used: Record<string, Totals>, bucket: string): Totals {
  let u = used[bucket]
  if (u === undefined) {
    u = { public: 0, professional: 0, total: 0 }
    used[bucket] = u
  }
  return u
}
const DUPLICATE_NOTE = '同一成果或活动已登记，只计算一次（裁定9）'

const UNRECOGNISED = new WeakMap<Policy, Map<Kind, Part>>()

/** A kind the policy does not list earns 0 with a note (contract §2); one shared part per policy and kind. */
function unrecognised(policy: Policy, kind: Kind): Part {
  let byKind = UNRECOGNISED.get(policy)
  if (byKind === undefined) {
    byKind = new Map()
    UNRECOGNISED.set(policy, byKind)
  }
  let p = byKind.get(kind)
  if (p === undefined) {
    p = zero(policy.waysBasis, `本政策未列入该继续教育方式（${kind}），不计学时`)
    byKind.set(kind, p)
  }
  return p
}

/** A part that uses up its cap in full before the capped parts fill what is left (e.g. 计满60学时). */
function consume(used: Record<string, Totals>, p: Part): void {
  if (p.consumes === undefined) return
  const u = usedOf(used, p.consumes)
  u.public += p.public
  u.professional += p.professional
  u.total += p.public + p.professional
}

function addNote(credit: RecordCredit, note: string): void {
  if (credit.notes === NO_NOTES) credit.notes = [note]
  else credit.notes.push(note)
}

/** Adds one part to a record's credit, cut by its annual cap (裁定1); true when it completes the year. */
function applyPart(policy: Policy, used: Record<string, Totals>, credit: RecordCredit, p: Part): boolean {
  let pp = p.public
  let pq = p.professional
  if (p.bucket !== undefined) {
    const cap = policy.caps[p.bucket]
    if (cap === undefined) throw new Error(`policy ${policy.id}: unknown cap ${p.bucket}`)
    const u = usedOf(used, p.bucket)
    if (cap.public !== undefined) pp = Math.max(0, Math.min(pp, cap.public - u.public))
    if (cap.professional !== undefined) pq = Math.max(0, Math.min(pq, cap.professional - u.professional))
    if (cap.total !== undefined) {
      const room = Math.max(0, cap.total - u.total)
      if (pp > room) pp = room
      if (pp + pq > room) pq = room - pp
    }
    u.public += pp
    u.professional += pq
    u.total += pp + pq
    const cut = p.public + p.professional - pp - pq
    if (cut > 0) addNote(credit, `${cap.label}，本条核减${round(cut)}学时（${cap.basis}）`)
  }
  if (p.note !== undefined) addNote(credit, p.note)
  credit.public += pp
  credit.professional += pq
  if (credit.basis === '') credit.basis = p.basis
  else if (!credit.basis.split('；').includes(p.basis)) credit.basis = `${credit.basis}；${p.basis}`
  return p.completesYear === true
}

interface YearResult {
  /** Credits by input position; undefined for records not counted in this year. */
  credits: (RecordCredit | undefined)[]
  /** Dedup keys of the results credited this year (裁定9), for the later years (裁定13). */
  earnedKeys: string[]
  totals: Totals
  yearComplete: boolean
}

/** The year a record counts in: its own, or the previous one for an allowed make-up (裁定8). */
function countedYear(policy: Policy, r: ActivityRecord, all: readonly ActivityRecord[]): [number, string?] {
  const own = yearOf(r)
  if (r.makeUpFor === undefined) return [own]
  if (policy.makeUpBasis === undefined) {
    return [own, `本政策没有补学上一年度的规定，计入${own}年度`]
  }
  // 裁定15: a year before the policy has nothing to make up under it.
  if (r.makeUpFor === own - 1 && !inForce(policy, own - 1)) {
    return [
      own,
      `${own - 1}年度不在${policy.selfName}施行期内（${policy.selfName}自${chineseDate(policy.effectiveFrom)}起施行），补学记录计入${own}年度（${policy.makeUpBasis}，裁定15）`,
    ]
  }
  if (r.makeUpFor === own - 1 && hasMakeUpLeave(all, own - 1)) {
    return [own - 1, `补学${own - 1}年度学时，计入${own - 1}年度（${policy.makeUpBasis}）`]
  }
  return [
    own,
    `补学须为上一年度（${own - 1}）且该年度有用人单位证明的伤、病、孕假，条件不符，计入${own}年度（${policy.makeUpBasis}）`,
  ]
}

/** 第二十条 因伤、病、孕等特殊原因无法完成…由用人单位出具证明 (裁定8). */
function hasMakeUpLeave(all: readonly ActivityRecord[], year: number): boolean {
  return all.some(
    (r) => r.kind === 'leave' && r.employerApproved && r.reason !== 'overseas_posting' && yearOf(r) === year,
  )
}

function earns(credited: Part | readonly Part[]): boolean {
  if (!Array.isArray(credited)) {
    const p = credited as Part
    return p.public + p.professional > 0 || p.completesYear === true
  }
  return (credited as readonly Part[]).some((p) => p.public + p.professional > 0 || p.completesYear === true)
}

/** A reviewer approved less than proposed: the record's parts, professional first, cut to that total. */
function lowered(credited: Part | readonly Part[], max: number): Part[] {
  let room = max
  const out: Part[] = []
  for (const p of Array.isArray(credited) ? (credited as readonly Part[]) : [credited as Part]) {
    const professional = Math.min(p.professional, room)
    room -= professional
    const pub = Math.min(p.public, room)
    room -= pub
    const cut = p.public + p.professional - pub - professional
    out.push(
      cut > 0 ? { ...p, public: pub, professional, note: `审核认定为${max}学时，核减${round(cut)}学时` } : p,
    )
  }
  return out
}

/**
 * 裁定9: records sharing a dedupKey are credited once; for a competition its activityId is the key, even
 * when a dedupKey is also given (裁定13). The prefixes keep the two kinds of key apart.
 */
function dedupKeyOf(r: ActivityRecord): string | undefined {
  if (r.kind === 'competition') return `activity:${r.activityId}`
  if (r.dedupKey !== undefined) return `key:${r.dedupKey}`
  return undefined
}

const fromYear = (policy: Policy): number => Number(policy.effectiveFrom.slice(0, 4))
const toYear = (policy: Policy): number | undefined =>
  policy.effectiveTo === null ? undefined : Number(policy.effectiveTo.slice(0, 4))

/** 裁定13: a result that earned hours in an earlier year is not credited again. */
const earlierNote = (year: number): string => `同一成果或活动已在${year}年度计算学时，只计算一次（裁定13）`

/**
 * @param seenBefore dedup keys that records counted in earlier years earned hours with, and the year of
 *   each (裁定13).
 */
function creditYear(
  policy: Policy,
  year: number,
  all: readonly ActivityRecord[],
  seenBefore: ReadonlyMap<string, number>,
): YearResult {
  const order: number[] = []
  const makeUpNotes: (string | undefined)[] = []
  const madeUpEarlier: number[] = []
  for (let i = 0; i < all.length; i++) {
    const r = all[i] as ActivityRecord
    if (r.makeUpFor === undefined) {
      if (yearOf(r) === year) order.push(i)
      continue
    }
    const [y, note] = countedYear(policy, r, all)
    if (y === year) {
      order.push(i)
      makeUpNotes[i] = note
    } else if (yearOf(r) === year) madeUpEarlier.push(i)
  }
  // 裁定1: caps fill in the order of date, then input order.
  order.sort((a, b) => {
    const da = (all[a] as ActivityRecord).date
    const db = (all[b] as ActivityRecord).date
    return da < db ? -1 : da > db ? 1 : a - b
  })
  const ctx = { year, records: order.map((i) => all[i] as ActivityRecord) }

  const parts: (Part | readonly Part[])[] = []
  // Keys of results counted this year; one that a cap cut to nothing is not passed on to later years.
  let seenHere: Set<string> | undefined
  const keys: (string | undefined)[] = []
  const earnedKeys: string[] = []
  const used: Record<string, Totals> = {}
  for (const i of order) {
    const r = all[i] as ActivityRecord
    const key = dedupKeyOf(r)
    if (key !== undefined) {
      const earnedIn = seenBefore.get(key)
      if (earnedIn !== undefined) {
        parts[i] = zero(policy.dedupBasis, earlierNote(earnedIn))
        continue
      }
      if (seenHere?.has(key)) {
        parts[i] = zero(policy.dedupBasis, DUPLICATE_NOTE)
        continue
      }
    }
    const rule = policy.rules[r.kind] as Rule<ActivityRecord> | undefined
    const proposed = rule ? rule(r, ctx) : unrecognised(policy, r.kind)
    // 裁定16: approved lower is cut before every cap and allowance (and before 计满60 counts it).
    const credited = r.approvedMax === undefined ? proposed : lowered(proposed, r.approvedMax)
    // Only a record that earns something uses up its key: a 0-hour entry is not "the result counted".
    if (key !== undefined && earns(credited)) {
      seenHere ??= new Set()
      seenHere.add(key)
      keys[i] = key
    }
    parts[i] = credited
    if (Array.isArray(credited)) for (const p of credited as readonly Part[]) consume(used, p)
    else consume(used, credited as Part)
  }

  const credits: (RecordCredit | undefined)[] = new Array(all.length)
  // 裁定11: in the first and last year of the in-force period, records dated outside it get a note.
  const edgeYear = year === fromYear(policy) || year === toYear(policy)
  let totalPublic = 0
  let totalProfessional = 0
  let yearComplete = false
  for (const i of order) {
    const r = all[i] as ActivityRecord
    const credit: RecordCredit = {
      id: r.id,
      kind: r.kind,
      public: 0,
      professional: 0,
      basis: '',
      notes: NO_NOTES,
    }
    const p = parts[i] as Part | readonly Part[]
    let completes = false
    if (Array.isArray(p)) {
      for (const one of p as readonly Part[]) completes = applyPart(policy, used, credit, one) || completes
    } else completes = applyPart(policy, used, credit, p as Part)
    yearComplete ||= completes
    const key = keys[i]
    if (key !== undefined && (completes || credit.public + credit.professional > 0)) earnedKeys.push(key)
    const makeUp = makeUpNotes[i]
    if (makeUp !== undefined) addNote(credit, makeUp)
    if (edgeYear) {
      const outside = outsideInForceNote(policy, r.date)
      if (outside !== undefined) addNote(credit, outside)
    }
    totalPublic += credit.public
    totalProfessional += credit.professional
    credit.public = round(credit.public)
    credit.professional = round(credit.professional)
    credits[i] = credit
  }
  for (const i of madeUpEarlier) {
    const r = all[i] as ActivityRecord
    const note = `补学${year - 1}年度学时，已计入${year - 1}年度，不计入本年度（${policy.makeUpBasis}）`
    credits[i] = {
      id: r.id,
      kind: r.kind,
      public: 0,
      professional: 0,
      basis: policy.makeUpBasis ?? '',
      notes: [note],
    }
  }
  return {
    credits,
    earnedKeys,
    totals: {
      public: round(totalPublic),
      professional: round(totalProfessional),
      total: round(totalPublic + totalProfessional),
    },
    yearComplete,
  }
}

const countedYearOf = (policy: Policy, r: ActivityRecord, all: readonly ActivityRecord[]): number =>
  r.makeUpFor === undefined ? yearOf(r) : countedYear(policy, r, all)[0]

/**
 * 裁定13 (青人社字〔2023〕14号 四（三）"不重复计算"): the dedup keys that records counted before `first`
 * earned hours with, and the year each was earned in. Those years are credited as a window credits them
 * (in order, under this policy), but only when a record counted from `first` on shares a key with an
 * earlier one; otherwise nothing earlier can matter, and the cost is one pass over the records.
 */
function earnedBefore(
  policy: Policy,
  first: number,
  all: readonly ActivityRecord[],
): ReadonlyMap<string, number> {
  let earlier: Set<string> | undefined
  let later: string[] | undefined
  for (const r of all) {
    if (r.dedupKey === undefined && r.kind !== 'competition') continue
    const key = dedupKeyOf(r) as string
    if (countedYearOf(policy, r, all) < first) {
      earlier ??= new Set()
      earlier.add(key)
    } else {
      later ??= []
      later.push(key)
    }
  }
  if (earlier === undefined || later === undefined || !later.some((k) => earlier.has(k))) return NO_KEYS
  const years = new Set<number>()
  for (const r of all) {
    const y = countedYearOf(policy, r, all)
    if (y < first) years.add(y)
  }
  const seen = new Map<string, number>()
  for (const y of [...years].sort((a, b) => a - b)) {
    for (const key of creditYear(policy, y, all, seen).earnedKeys) seen.set(key, y)
  }
  return seen
}

// Key order as in the contract's example output.
const shortfallOf = (totals: Totals, required: Requirement): Totals => ({
  total: round(Math.max(0, required.total - totals.total)),
  public: round(Math.max(0, required.public - totals.public)),
  professional: round(Math.max(0, required.professional - totals.professional)),
})
const NO_SHORTFALL: Readonly<Totals> = Object.freeze({ total: 0, public: 0, professional: 0 })

const meets = (totals: Totals, required: Requirement): boolean =>
  totals.public >= required.public &&
  totals.professional >= required.professional &&
  totals.total >= required.total

function assertInForce(policy: Policy, year: number): void {
  if (!Number.isInteger(year)) throw new InputError(`year must be a whole number, got ${year}`)
  if (!inForce(policy, year)) {
    throw new PolicyNotInForceError(policy.id, year, policy.effectiveFrom, policy.effectiveTo)
  }
}

/**
 * A person's year under a policy (contract §1 Output). Records dated in other years are left out, but a
 * result that earned hours in an earlier year is not credited again (裁定13).
 *
 * @example evaluate(jiangsu2023, 2024, [{ id: 'r1', kind: 'paper', date: '2024-05-01', authorship: 'sole' }])
 */
export function evaluate(policy: Policy, year: number, records: readonly ActivityRecord[]): Evaluation {
  assertInForce(policy, year)
  const result = creditYear(policy, year, records, earnedBefore(policy, year, records))
  const out: RecordCredit[] = []
  for (const c of result.credits) if (c !== undefined) out.push(c)
  const required = policy.required
  return {
    policy: policy.id,
    year,
    records: out,
    totals: result.totals,
    required: { ...required },
    yearComplete: result.yearComplete,
    compliant: result.yearComplete || meets(result.totals, required),
    shortfall: result.yearComplete ? { ...NO_SHORTFALL } : shortfallOf(result.totals, required),
  }
}

/**
 * Years `year - size + 1 .. year` evaluated together (青人社字〔2023〕14号 四, 裁定7): each year under its
 * own caps, credited hours summed, requirement `size` × the annual one. A year that counts as complete
 * (视同完成当年) contributes at least the annual requirement to the sum.
 */
export function evaluateWindow(
  policy: Policy,
  year: number,
  size: number,
  records: readonly ActivityRecord[],
): Evaluation {
  if (!Number.isInteger(size) || size < 1 || size > 5) {
    throw new InputError(`window must be a whole number of years from 1 to 5, got ${size}`)
  }
  assertInForce(policy, year)
  const annual = policy.required
  // 裁定13: results credited before the window are not credited again inside it.
  const seen = new Map(earnedBefore(policy, year - size + 1, records))
  const byIndex: (RecordCredit | undefined)[] = new Array(records.length)
  const years: YearSummary[] = []
  const sum = { public: 0, professional: 0, total: 0 }
  let allComplete = true
  const notes: string[] = []
  for (let y = year - size + 1; y <= year; y++) {
    const r = creditYear(policy, y, records, seen)
    for (const key of r.earnedKeys) seen.set(key, y)
    r.credits.forEach((c, i) => {
      if (c !== undefined) byIndex[i] = c
    })
    years.push({ year: y, totals: r.totals, yearComplete: r.yearComplete })
    // 视同完成当年: the year counts as having at least its annual requirement.
    const pub = r.yearComplete ? Math.max(r.totals.public, annual.public) : r.totals.public
    const pro = r.yearComplete ? Math.max(r.totals.professional, annual.professional) : r.totals.professional
    sum.public += pub
    sum.professional += pro
    sum.total += r.yearComplete ? Math.max(r.totals.total, annual.total, pub + pro) : r.totals.total
    allComplete &&= r.yearComplete
    if (r.yearComplete) {
      notes.push(
        `${y}年度视同完成当年继续教育学时，在窗口内按当年要求计：公需${pub}、专业${pro}（${policy.documentNo}）`,
      )
    }
  }
  const totals = { public: round(sum.public), professional: round(sum.professional), total: round(sum.total) }
  const required = {
    total: annual.total * size,
    public: annual.public * size,
    professional: annual.professional * size,
  }
  return {
    policy: policy.id,
    year,
    window: [year - size + 1, year],
    records: byIndex.filter((c): c is RecordCredit => c !== undefined),
    totals,
    required,
    yearComplete: allComplete,
    compliant: allComplete || meets(totals, required),
    shortfall: allComplete ? { ...NO_SHORTFALL } : shortfallOf(totals, required),
    years,
    ...(notes.length > 0 ? { notes } : {}),
  }
}
