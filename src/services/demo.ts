import { randomUUID } from 'node:crypto'
import type { Insertable, Kysely, Transaction } from 'kysely'
import { personYearRow } from '../db/ledger.js'
import type { DB, LedgerEntryTable, OrganisationKind, PersonYearTable, Role } from '../db/schema.js'
import { rebuildSummaries } from '../db/summary-rebuild.js'
import { maskResidentId } from '../domain/mask.js'
import { intBetween as int, pick, type Rand, seededRandom } from '../domain/random.js'
import { makeResidentId } from '../domain/resident-id.js'
import { makeUscc } from '../domain/uscc.js'
import { evaluate } from '../policy/evaluate.js'
import { parseRecords } from '../policy/records.js'
import { resolvePolicy } from '../policy/registry.js'
import { recordAudit, transact } from './audit.js'
import { generatedCreditColumns } from './credit-keys.js'
import { loadDemoApplications } from './demo-applications.js'
import {
  DEMO_AGENCY,
  DEMO_CITIES,
  DEMO_PASSWORD,
  DEPARTMENTS,
  type DemoCity,
  GIVEN,
  RARE_NAMES,
  SURNAMES,
} from './demo-data.js'
import { hashPassword } from './passwords.js'
import { personKeyOf, type Secrets, seal, unseal } from './secrets.js'

export interface DemoLogin {
  role: Role
  organisation: string
  username: string
  password: string
  idNumber?: string
}

const MARKER = DEMO_CITIES[0]?.hr.name as string
const QINGDAO = '370200'

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/**
 * Loads the demo: three cities (Changzhou, Qingdao, Nanchang) with HR departments, an industry
 * authority, an institution, employers and an agency; ~500 persons with valid resident ID numbers and
 * a few years of ledger credits; one login per role, and a second person in Qingdao (their five-year
 * window); applications waiting for the demo employer, their evidence stored under `dataDir`
 * (demo-applications.ts). Idempotent: a second run changes nothing.
 */
export async function loadDemo(
  db: Kysely<DB>,
  secrets: Secrets,
  dataDir: string,
): Promise<{ created: boolean; logins: DemoLogin[] }> {
  const existing = await db
    .selectFrom('organisation')
    .select('id')
    .where('name', '=', MARKER)
    .executeTakeFirst()
  if (!existing) await transact(db, (trx) => createDemo(trx, secrets, dataDir))
  return { created: !existing, logins: await demoLogins(db, secrets) }
}

async function createDemo(db: Transaction<DB>, secrets: Secrets, dataDir: string): Promise<void> {
  const rand = seededRandom(2026)
  const orgIds = new Map<string, string>()
  const addOrg = async (
    kind: OrganisationKind,
    name: string,
    region: string,
    extra: Partial<Insertable<DB['organisation']>> = {},
  ) => {
    const row = await db
      .insertInto('organisation')
      .values({ kind, name, region_code: region, ...extra })
      .returning('id')
      .executeTakeFirstOrThrow()
    orgIds.set(name, row.id)
    return row.id
  }
  let usccSeq = 0
  const uscc = (category: '9' | '1', county: string) => {
    usccSeq += 1
    const registration = category === '9' ? '9' : '1'
    const type = category === '9' ? '1' : '2'
    return makeUscc(
      `${registration}${type}${county}MA${pad(usccSeq, 3)}DEMO`.slice(0, 17).replace(/[IOSVZ]/g, 'X'),
    )
  }

  for (const city of DEMO_CITIES) {
    if (city.hr.province)
      await addOrg('hr_department', city.hr.province.name, city.hr.province.code, { level: 'province' })
    await addOrg('hr_department', city.hr.name, city.code, { level: 'city' })
    await addOrg('authority', city.authority.name, city.code, { industry: city.authority.industry })
    await addOrg('institution', city.institution.name, city.code, {
      level: city.institution.level,
      is_base: true,
      occupation_categories: city.institution.categories,
    })
    for (const e of city.employers) {
      await addOrg('employer', e.name, e.county, { uscc: uscc(e.category, e.county), industry: e.industry })
    }
  }
  const agencyId = await addOrg('agency', DEMO_AGENCY.name, DEMO_AGENCY.county, {
    uscc: uscc('1', DEMO_AGENCY.county),
  })

  const persons: Insertable<DB['person']>[] = []
  const employment: Insertable<DB['employment']>[] = []
  const ledger: Insertable<LedgerEntryTable>[] = []
  const years: Insertable<PersonYearTable>[] = []
  let seq = 0
  let firstPerson: { key: string; id: string } | undefined
  let qingdaoPerson: string | undefined
  for (const city of DEMO_CITIES) {
    for (let n = 0; n < city.persons; n++) {
      seq += 1
      // The demo person (the first) works for the demo employer, so their flows meet.
      const employer =
        n === 0 ? (city.employers[0] as DemoCity['employers'][number]) : pick(rand, city.employers)
      const freelancer = city.code === '320400' && n % 20 === 19
      const county = pick(rand, city.counties)
      const birth = `${int(rand, 1965, 1998)}${pad(int(rand, 1, 12))}${pad(int(rand, 1, 28))}`
      const idNumber = makeResidentId(county, birth, 100 + (seq % 800))
      const key = personKeyOf(secrets, idNumber)
      const series = pick(rand, employer.series)
      const name =
        seq % 125 === 7
          ? (RARE_NAMES[(seq / 125) | 0] as string)
          : `${pick(rand, SURNAMES)}${pick(rand, GIVEN)}${rand() < 0.6 ? pick(rand, GIVEN) : ''}`
      persons.push({
        person_key: key,
        id_cipher: seal(secrets, idNumber),
        id_masked: maskResidentId(idNumber),
        name,
        sex: (100 + (seq % 800)) % 2 === 1 ? 'male' : 'female',
        birth_date: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
        region_code: county,
        series,
        title_level: pick(rand, [
          'junior',
          'intermediate',
          'intermediate',
          'associate_senior',
          'senior',
        ] as const),
        freelancer,
        industry: employer.industry,
      })
      employment.push({
        person_key: key,
        organisation_id: freelancer ? agencyId : (orgIds.get(employer.name) as string),
        relation: freelancer ? 'file_holder' : 'employee',
        from_date: `${int(rand, 2010, 2022)}-0${int(rand, 1, 9)}-01`,
        // In turn, not by the seeded random numbers, so every other demo value stays as it was.
        department: freelancer ? null : departmentOf(employer.industry, seq),
      })
      if (!firstPerson) firstPerson = { key, id: idNumber }
      // A Qingdao person outside the national engineering policy: their title window (青人社字〔2023〕14号 四) runs to this year.
      if (!qingdaoPerson && city.code === QINGDAO && series !== 'engineering') qingdaoPerson = key
      for (const year of demoYears(city, series)) {
        const policy = resolvePolicy(county, series, year)
        const records = parseRecords(demoRecords(rand, policy.id, year))
        const result = evaluate(policy, year, records)
        for (const [i, credit] of result.records.entries()) {
          ledger.push({
            person_key: key,
            id: credit.id,
            entry_type: 'credit',
            year,
            record: JSON.stringify(records[i]),
            ...generatedCreditColumns(records[i] as { id: string }),
            policy_id: policy.id,
            public: credit.public,
            professional: credit.professional,
            basis: credit.basis,
            source: pick(rand, ['application', 'roster', 'grant'] as const),
            actor: 'demo',
            actor_organisation_id: orgIds.get(employer.name) ?? null,
          })
        }
        years.push(personYearRow(key, result))
      }
    }
  }
  for (const rows of chunks(persons, 200)) await db.insertInto('person').values(rows).execute()
  for (const rows of chunks(employment, 500)) await db.insertInto('employment').values(rows).execute()
  for (const rows of chunks(ledger, 500)) await db.insertInto('ledger_entry').values(rows).execute()
  for (const rows of chunks(years, 500)) await db.insertInto('person_year').values(rows).execute()
  // Loaded in bulk past the writers' hooks: the summaries are counted once over what was loaded.
  await rebuildSummaries(db)

  const city = DEMO_CITIES[0] as DemoCity
  const users: [Role, string, string | null, string | null][] = [
    ['person', 'demo-person', null, firstPerson?.key ?? null],
    ['person', 'demo-qingdao', null, qingdaoPerson ?? null],
    ['employer', 'demo-employer', orgIds.get(city.employers[0]?.name as string) ?? null, null],
    ['agency', 'demo-agency', agencyId, null],
    ['institution', 'demo-institution', orgIds.get(city.institution.name) ?? null, null],
    ['authority', 'demo-authority', orgIds.get(city.authority.name) ?? null, null],
    ['hr_department', 'demo-hr', orgIds.get(city.hr.name) ?? null, null],
  ]
  for (const [role, username, organisationId, personKey] of users) {
    await db
      .insertInto('app_user')
      .values({
        role,
        username,
        organisation_id: organisationId,
        person_key: personKey,
        password_hash: await hashPassword(DEMO_PASSWORD[role]),
        is_admin: role !== 'person',
      })
      .execute()
  }
  await loadDemoApplications(db, dataDir)
  await recordAudit(db, {
    actor: 'demo',
    action: 'demo.load',
    entity: 'deployment',
    entityId: 'demo',
    after: {
      organisations: orgIds.size,
      persons: persons.length,
      ledgerEntries: ledger.length,
      users: users.length,
    },
  })
}

/** A demo employee's department: the industry's departments in turn. */
function departmentOf(industry: string, seq: number): string | null {
  const list = DEPARTMENTS[industry]
  return list ? (list[seq % list.length] as string) : null
}

/** The years a demo person has records in: the seeded policies' years up to 2026. */
function demoYears(city: DemoCity, series: string): number[] {
  const base = city.code === '370200' ? [2023, 2024, 2025] : [2024, 2025]
  return series === 'engineering' ? [...base, 2026] : base
}

/**
 * One year's activity records, in the vocabulary, of the kinds the year's policy credits: the public
 * subjects, a training and an online course, sometimes papers, self-study, leave or a conference;
 * three in four persons are diligent enough to comply. Benchmarks pass their own `newId`.
 */
export function demoRecords(
  rand: Rand,
  policyId: string,
  year: number,
  newId: () => string = randomUUID,
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = []
  const date = () => `${year}-${pad(int(rand, 1, 11))}-${pad(int(rand, 1, 28))}`
  const add = (r: Record<string, unknown>) => out.push({ id: newId(), date: date(), ...r })
  const diligent = rand() < 0.75
  // Public subjects
  if (policyId === 'changzhou-2024')
    add({ kind: 'public_course_exam', title: '公需科目：数字经济与创新驱动' })
  else if (policyId === 'qingdao-2023') add({ kind: 'public_course_exam', hours: diligent ? 30 : 20 })
  else add({ kind: 'online_course', subject: 'public', hours: diligent ? 30 : 12, title: '公需科目网络学习' })
  // Professional subjects
  const days = int(rand, 2, 5)
  add({
    kind: 'training',
    subject: 'professional',
    organizer: pick(rand, ['institution', 'employer', 'industry'] as const),
    days,
    hours: days * 8,
  })
  add({
    kind: 'online_course',
    subject: 'professional',
    hours: diligent ? int(rand, 24, 40) : int(rand, 4, 12),
  })
  if (rand() < 0.3)
    add({ kind: 'paper', authorship: pick(rand, ['sole', 'first', 'other'] as const), cnJournal: true })
  if (policyId.startsWith('changzhou') && rand() < 0.4)
    add({ kind: 'self_study', hours: int(rand, 10, 24), archived: true })
  if (policyId === 'qingdao-2023' && rand() < 0.05)
    add({ kind: 'leave', reason: 'maternity', months: 4, employerApproved: true })
  if (rand() < 0.15) add({ kind: 'conference', level: 'provincial', days: 1, hours: 6 })
  return out
}

function* chunks<T>(rows: T[], size: number): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size)
}

async function demoLogins(db: Kysely<DB>, secrets: Secrets): Promise<DemoLogin[]> {
  const rows = await db
    .selectFrom('app_user as u')
    .leftJoin('organisation as o', 'o.id', 'u.organisation_id')
    .leftJoin('person as p', 'p.person_key', 'u.person_key')
    .select(['u.role', 'u.username', 'o.name as organisation', 'p.id_cipher', 'p.name as personName'])
    .where('u.username', 'like', 'demo-%')
    .orderBy('u.username')
    .execute()
  const order: Role[] = ['person', 'employer', 'agency', 'institution', 'authority', 'hr_department']
  return rows
    .map((r) => ({
      role: r.role,
      organisation: r.organisation ?? r.personName ?? '',
      username: r.username,
      password: DEMO_PASSWORD[r.role],
      ...(r.id_cipher ? { idNumber: unseal(secrets, r.id_cipher) } : {}),
    }))
    .sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role))
}
