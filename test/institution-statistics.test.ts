import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertOrganisation } from '../src/db/organisations.js'
import { updatePersonAttributes } from '../src/db/persons.js'
import { rebuildSummaries } from '../src/db/summary-rebuild.js'
import { makeResidentId } from '../src/domain/resident-id.js'
import { transact } from '../src/services/audit.js'
import { creditKey } from '../src/services/credit-keys.js'
import { appendCredits } from '../src/services/ledger.js'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'
import { signInFor } from './org-accounts.js'
import { insertProject, registerStaff } from './people.js'

type Line = {
  key: string
  label: string
  credits: number
  public: number
  professional: number
  total: number
}
type Answer = { year: number; regionName: string; count: number; lines: Line[]; all: Line; none: Line }

const DEMO_INSTITUTION = '常州市专业技术人员继续教育基地（常州工学院）'
const ids = [1, 2, 3].map((n) => makeResidentId('320402', `1990080${n}`, 400 + n))
const names = ['林一', '林二', '林三']

// 统计报表 by training institution (issue 15): a confirmed roster's credits count under the project's
// institution in summary_institution, kept with the ledger writes; a correction's reversals take them out;
// an HR department sees the institutions' hours of its region's persons, an industry authority its
// industry's; the other doors' credits are 无培训机构, apart from the ranking.
describe.each(DATABASES)('statistics by institution on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let institution: Client
  let authority: Client
  let hr: Client
  let qingdao: Client
  let projectId: string
  const keys: string[] = []
  beforeAll(async () => {
    api = await startApi(kind)
    institution = await api.as('institution')
    authority = await api.as('authority')
    hr = await api.as('hr_department')
    qingdao = await signInFor(api, '青岛市卫生健康委员会', 'authority')
    for (const [i, idNumber] of ids.entries())
      keys.push(
        await registerStaff(api.d.db, idNumber, names[i] as string, i < 2 ? 'demo-employer' : undefined),
      )
    // The first is in the Changzhou authority's industry (建筑); the others in none.
    await updatePersonAttributes(api.d.db, keys[0] as string, { industry: '建筑' })
    projectId = (
      await insertProject(api.d.db, {
        title: '工程质量安全培训',
        subject: 'professional',
        way: 'face_to_face',
        start_date: '2025-05-12',
        end_date: '2025-05-13',
        schedule: '2天',
        venue: '常州',
        faculty: '专家',
        rules: '考勤',
        hours: 16,
        advanced_seminar: false,
      })
    ).id
  }, 180_000)
  afterAll(() => api?.stop())

  const get = async (client: Client, query = '') => {
    const res = await client.request('GET', `/api/statistics/institutions?year=2025${query}`)
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as Answer
  }
  /** The live credits of the scope as the make-up of the hours counts them (summary_hours). */
  const allCredits = async (client: Client) =>
    (await client.request('GET', '/api/statistics?year=2025&by=region')).json().hours.all.credits as number
  const upload = async (rows: { idNumber: string; name: string; hours: number }[], correction?: string) => {
    const res = await institution.request(
      'POST',
      `/api/projects/${projectId}/rosters${correction ? `?correction=${encodeURIComponent(correction)}` : ''}`,
      { rows },
    )
    expect(res.statusCode, res.body).toBe(201)
    const confirmed = await authority.request('POST', `/api/rosters/${res.json().roster.id}/confirm`)
    expect(confirmed.statusCode, confirmed.body).toBe(200)
  }

  it('lists no institution before a roster is confirmed: the demo credits have none', async () => {
    const before = await get(hr)
    expect(before).toMatchObject({ year: 2025, regionName: '常州市', count: 0, lines: [] })
    expect(before.all.credits).toBe(0)
    expect(before.none.label).toBe('无培训机构')
    expect(before.none.credits).toBe(await allCredits(hr))
  })

  it('counts a confirmed roster under its institution, for the region and the industry in scope', async () => {
    await upload(ids.map((idNumber, i) => ({ idNumber, name: names[i] as string, hours: 16 })))
    const city = await get(hr)
    expect(city.count).toBe(1)
    expect(city.lines).toEqual([
      expect.objectContaining({
        label: DEMO_INSTITUTION,
        credits: 3,
        public: 0,
        professional: 48,
        total: 48,
      }),
    ])
    expect(city.all).toMatchObject({ credits: 3, total: 48 })
    // Every live credit of the scope is either an institution's or none's.
    expect(city.all.credits + city.none.credits).toBe(await allCredits(hr))
    // The district drilled into, and a series filter.
    expect((await get(hr, '&regionCode=320402')).all.credits).toBe(3)
    expect((await get(hr, '&regionCode=320411')).count).toBe(0)
    expect((await get(hr, '&series=engineering')).count).toBe(0)
    // The authority: its industry's person only; another city's authority: none of these persons.
    expect((await get(authority)).lines).toEqual([
      expect.objectContaining({ label: DEMO_INSTITUTION, credits: 1, professional: 16 }),
    ])
    expect((await get(qingdao)).count).toBe(0)
    expect(
      (await authority.request('GET', '/api/statistics/institutions?year=2025&industry=卫生')).statusCode,
    ).toBe(403)
    expect(
      (await hr.request('GET', '/api/statistics/institutions?year=2025&regionCode=370200')).statusCode,
    ).toBe(403)
  })

  it('a confirmed correction’s reversals take the changed and dropped credits out; a rebuild agrees', async () => {
    await upload(
      [
        { idNumber: ids[0] as string, name: names[0] as string, hours: 12 },
        { idNumber: ids[1] as string, name: names[1] as string, hours: 16 },
      ],
      '林三未参加培训，林一缺勤半天',
    )
    const city = await get(hr)
    expect(city.lines).toEqual([expect.objectContaining({ credits: 2, professional: 28, total: 28 })])
    expect((await get(authority)).lines).toEqual([expect.objectContaining({ credits: 1, professional: 12 })])
    // A move to another city takes the person's institution credits along.
    await updatePersonAttributes(api.d.db, keys[1] as string, { regionCode: '370211' })
    expect((await get(hr)).lines).toEqual([expect.objectContaining({ credits: 1, professional: 12 })])
    await updatePersonAttributes(api.d.db, keys[1] as string, { regionCode: '320402' })
    const kept = await get(hr)
    expect(kept).toEqual(city)
    await transact(api.d.db, (trx) => rebuildSummaries(trx))
    expect(await get(hr)).toEqual(kept)
  })

  it('ranks institutions by hours, lists the top ones and exports them all with 无培训机构', async () => {
    // A second institution's roster line, credited in bulk as a roster confirmation does, with more hours.
    const other = await insertOrganisation(api.d.db, {
      kind: 'institution',
      name: '常州市建设培训中心',
      region_code: '320400',
    })
    const project = await api.d.db
      .insertInto('training_project')
      .values({
        institution_id: other.id,
        title: '建筑节能培训',
        subject: 'professional',
        way: 'online',
        start_date: '2025-03-01',
        end_date: '2025-03-31',
        schedule: '线上',
        venue: '平台',
        faculty: '专家',
        rules: '考试',
        hours: 40,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await transact(api.d.db, (trx) =>
      appendCredits(
        trx,
        { id: 'clerk' },
        [
          {
            personKey: keys[2] as string,
            record: { kind: 'online_course', subject: 'professional', hours: 40, date: '2025-03-31' },
            creditKey: creditKey.project(project.id),
          },
        ],
        'roster',
      ),
    )
    const city = await get(hr)
    expect(city.count).toBe(2)
    expect(city.lines.map((l) => [l.label, l.total])).toEqual([
      ['常州市建设培训中心', 40],
      [DEMO_INSTITUTION, 12 + 16],
    ])
    expect(city.all).toMatchObject({ credits: 3, total: 68 })
    const top = await get(hr, '&top=1')
    expect(top.count).toBe(2)
    expect(top.lines.map((l) => l.label)).toEqual(['常州市建设培训中心'])
    expect(top.all).toEqual(city.all)
    expect((await hr.request('GET', '/api/statistics/institutions?year=2025&top=201')).statusCode).toBe(400)

    const res = await hr.request('GET', '/api/statistics/institutions/export?year=2025')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-disposition']).toContain(
      encodeURIComponent('继续教育统计-按培训机构-常州市-2025年度.xlsx'),
    )
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const sheet = book.getWorksheet('按培训机构') as ExcelJS.Worksheet
    const rows = sheet.getSheetValues().flatMap((r) => (Array.isArray(r) ? [r.slice(1)] : []))
    expect(rows).toContainEqual([
      '机构名称',
      '有效学时记录（条）',
      '公需科目学时',
      '专业科目学时',
      '合计学时',
    ])
    expect(rows).toContainEqual(['常州市建设培训中心', 1, 0, 40, 40])
    expect(rows).toContainEqual([DEMO_INSTITUTION, 2, 0, 28, 28])
    expect(rows).toContainEqual(['合计（培训机构）', 3, 0, 68, 68])
    expect(rows.at(-1)?.[0]).toBe('无培训机构')
    expect(rows.at(-1)?.[1]).toBe(city.none.credits)
  })
})
