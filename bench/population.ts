// The benchmarks' population: persons built like the registry builds them (valid resident ID numbers,
// keyed and encrypted), their current employment, their credits as the engine credits them and their
// person_year. bench/api.ts and bench/stats.ts both draw their persons from here.
import type { Insertable } from 'kysely'
import { personYearRow } from '../src/db/ledger.js'
import type { DB, LedgerEntryTable, PersonTable, PersonYearTable, TitleLevel } from '../src/db/schema.js'
import { maskResidentId } from '../src/domain/mask.js'
import { intBetween as int, pick, type Rand } from '../src/domain/random.js'
import { makeResidentId } from '../src/domain/resident-id.js'
import { evaluate, parseRecords, resolvePolicy } from '../src/policy/index.js'
import { generatedCreditColumns } from '../src/services/credit-keys.js'
import { demoRecords } from '../src/services/demo.js'
import { GIVEN, SURNAMES } from '../src/services/demo-data.js'
import { personKeyOf, type Secrets, seal } from '../src/services/secrets.js'

/** An employer a generated person works for: its series and industry, and its organisation id. */
export interface Employer {
  id: string
  series: string[]
  industry: string
}

/** One generated person with everything the registry holds about them. */
export interface PersonRows {
  person: Insertable<PersonTable>
  employment: Insertable<DB['employment']>
  ledger: Insertable<LedgerEntryTable>[]
  years: Insertable<PersonYearTable>[]
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')
const hex = (rand: Rand, n: number) =>
  Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('')
/** A version-4 UUID from the seeded random numbers (the same run gives the same ids). */
export const uuid = (rand: Rand) =>
  `${hex(rand, 8)}-${hex(rand, 4)}-4${hex(rand, 3)}-${pick(rand, ['8', '9', 'a', 'b'])}${hex(rand, 3)}-${hex(rand, 12)}`

/**
 * A person living in one of `counties` who works for `employer`, with their credits for `years` and
 * person_year as the engine computes them. `taken` holds the person keys already used (a new one is
 * added); a clash moves on to the next sequence number.
 */
export function personRows(
  rand: Rand,
  secrets: Secrets,
  employer: Employer,
  counties: readonly string[],
  years: readonly number[],
  taken: Set<string>,
): PersonRows {
  const county = pick(rand, counties)
  const birth = `${int(rand, 1965, 1998)}${pad(int(rand, 1, 12))}${pad(int(rand, 1, 28))}`
  let seq = int(rand, 0, 999)
  let idNumber = makeResidentId(county, birth, seq)
  let key = personKeyOf(secrets, idNumber)
  while (taken.has(key)) {
    seq = (seq + 1) % 1000
    idNumber = makeResidentId(county, birth, seq)
    key = personKeyOf(secrets, idNumber)
  }
  taken.add(key)
  const series = pick(rand, employer.series)
  const out: PersonRows = {
    person: {
      person_key: key,
      id_cipher: seal(secrets, idNumber),
      id_masked: maskResidentId(idNumber),
      name: `${pick(rand, SURNAMES)}${pick(rand, GIVEN)}${rand() < 0.6 ? pick(rand, GIVEN) : ''}`,
      sex: seq % 2 === 1 ? 'male' : 'female',
      birth_date: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
      region_code: county,
      series,
      title_level: pick<TitleLevel>(rand, [
        'junior',
        'intermediate',
        'intermediate',
        'associate_senior',
        'senior',
      ]),
      industry: employer.industry,
    },
    employment: {
      person_key: key,
      organisation_id: employer.id,
      relation: 'employee',
      from_date: `${int(rand, 2010, 2022)}-${pad(int(rand, 1, 9))}-01`,
      to_date: null,
    },
    ledger: [],
    years: [],
  }
  for (const year of years) {
    const policy = resolvePolicy(county, series, year)
    const records = parseRecords(demoRecords(rand, policy.id, year, () => uuid(rand)))
    const e = evaluate(policy, year, records)
    const credits = new Map(e.records.map((c) => [c.id, c]))
    for (const record of records) {
      const credit = credits.get(record.id)
      out.ledger.push({
        person_key: key,
        id: record.id,
        entry_type: 'credit',
        year,
        record_id: null,
        record: JSON.stringify(record),
        ...generatedCreditColumns(record),
        policy_id: policy.id,
        public: credit?.public ?? 0,
        professional: credit?.professional ?? 0,
        basis: credit?.basis || policy.documentNo,
        source: 'import',
        actor: 'bench',
        actor_organisation_id: null,
      })
    }
    out.years.push(personYearRow(key, e))
  }
  return out
}
