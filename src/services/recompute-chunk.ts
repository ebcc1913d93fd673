// One chunk of the year-end recomputation, pure: what the ledger service would store for each person's
// year (person-year.ts), compared with what is stored. Runs in the worker threads (recompute-worker.ts).
import type { CreditText, ScopePerson, StoredYear, YearRow } from '../db/recompute.js'
import { maskName } from '../domain/mask.js'
import type { PolicySetting } from '../policy/registry.js'
import type { ActivityRecord } from '../policy/types.js'
import { affectedYears, evaluatePersonYear } from './person-year.js'

export interface ChunkInput {
  year: number
  persons: ScopePerson[]
  /** The persons' credits of years year − EARLIER_YEARS … year + 1, in any order. */
  credits: CreditText[]
  stored: StoredYear[]
}

/** The figures a report shows of a person's year. */
export interface Figures {
  public: number
  professional: number
  total: number
  compliant: boolean
}

/** A person whose year changed; `before` null when no row was stored, `after` null when it is removed. */
export interface Change {
  personKey: string
  idMasked: string
  name: string
  before: Figures | null
  after: Figures | null
}

export interface ChunkResult {
  upserts: YearRow[]
  deletes: string[]
  changes: Change[]
  /** Milliseconds in the engine (evaluate) and in the whole chunk, in the worker. */
  engineMs: number
  busyMs: number
}

// person_year keeps numeric(10, 2): a figure within half a hundredth is the one stored.
const sameHours = (stored: string, computed: number) => Math.abs(Number(stored) - computed) < 0.005 + 1e-9

const sameYear = (s: StoredYear, r: YearRow) =>
  s.policyId === r.policyId &&
  sameHours(s.public, r.public) &&
  sameHours(s.professional, r.professional) &&
  sameHours(s.total, r.total) &&
  s.yearComplete === r.yearComplete &&
  s.compliant === r.compliant

const storedFigures = (s: StoredYear): Figures => ({
  public: Number(s.public),
  professional: Number(s.professional),
  total: Number(s.total),
  compliant: s.compliant,
})

const rowFigures = (r: YearRow): Figures => ({
  public: r.public,
  professional: r.professional,
  total: r.total,
  compliant: r.compliant,
})

/**
 * Replays the ledger service for each person's year: it stores a row whenever a credit or its reversal
 * touches the year (affectedYears) and a policy is in force, evaluated over the live credits — and never
 * one otherwise, so a stored row without such a credit, or without a policy now, is removed.
 */
export function recomputeChunk(input: ChunkInput, settings: readonly PolicySetting[]): ChunkResult {
  const started = performance.now()
  let engineMs = 0
  const byPerson = new Map<string, { id: string; record: ActivityRecord; live: boolean; at: number }[]>()
  for (const c of input.credits) {
    const theirs = byPerson.get(c.personKey) ?? []
    theirs.push({ id: c.id, record: JSON.parse(c.record) as ActivityRecord, live: c.live, at: c.at })
    byPerson.set(c.personKey, theirs)
  }
  for (const theirs of byPerson.values()) theirs.sort((a, b) => a.at - b.at) // oldest first, as liveCredits
  const stored = new Map(input.stored.map((s) => [s.personKey, s]))
  const result: ChunkResult = { upserts: [], deletes: [], changes: [], engineMs: 0, busyMs: 0 }
  for (const person of input.persons) {
    const credits = byPerson.get(person.personKey) ?? []
    const before = stored.get(person.personKey)
    if (credits.length === 0 && before === undefined) continue
    let after: YearRow | undefined
    if (credits.some((c) => affectedYears(c.record).includes(input.year))) {
      const t0 = performance.now()
      const e = evaluatePersonYear(
        person,
        input.year,
        settings,
        credits.filter((c) => c.live),
      )
      engineMs += performance.now() - t0
      if (e)
        after = {
          personKey: person.personKey,
          policyId: e.policy,
          ...e.totals,
          yearComplete: e.yearComplete,
          compliant: e.compliant,
        }
    }
    if (after === undefined && before === undefined) continue
    if (after !== undefined && before !== undefined && sameYear(before, after)) continue
    if (after === undefined) result.deletes.push(person.personKey)
    else result.upserts.push(after)
    result.changes.push({
      personKey: person.personKey,
      idMasked: person.idMasked,
      name: maskName(person.name),
      before: before ? storedFigures(before) : null,
      after: after ? rowFigures(after) : null,
    })
  }
  result.engineMs = engineMs
  result.busyMs = performance.now() - started
  return result
}
