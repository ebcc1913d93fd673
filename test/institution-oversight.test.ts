import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/http/app.js'
import { freezeRound, resumeFreezing } from '../src/services/evaluation-rounds.js'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'
import { signInFor } from './org-accounts.js'
import { insertProject } from './people.js'

const CHANGZHOU_INSTITUTION = '常州市专业技术人员继续教育基地（常州工学院）'
const NANCHANG_INSTITUTION = '江西省专业技术人员继续教育基地（南昌大学）'

// The institution directory and its quality (issue 16): 江西省人民政府令第259号 第十四条 (recommended directory by
// occupation category), 第十八条 (periodic evaluation, results public), 第十九条 (bases), 第二十三条 (credit
// records), 第二十五条 (warning, 通报批评, removal); trainees' ratings. The steps run in order on one database:
// the removal comes last.
describe.each(DATABASES)('institution directory and oversight on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let hr: Client
  let qingdaoHr: Client
  let authority: Client
  let qingdaoAuthority: Client
  let institution: Client
  let person: Client
  let institutionId: string
  let projectId: string

  beforeAll(async () => {
    api = await startApi(kind)
    hr = await api.as('hr_department')
    qingdaoHr = await signInFor(api, '青岛市人力资源和社会保障局', 'hr_department')
    authority = await api.as('authority')
    qingdaoAuthority = await signInFor(api, '青岛市卫生健康委员会', 'authority')
    institution = await api.as('institution')
    person = await api.as('person')
    institutionId = (
      await api.d.db
        .selectFrom('organisation')
        .select('id')
        .where('name', '=', CHANGZHOU_INSTITUTION)
        .executeTakeFirstOrThrow()
    ).id
    projectId = (
      await insertProject(api.d.db, {
        title: '建筑工程质量安全专题培训',
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
    // The demo person attends: the institution reports, the authority confirms.
    const me = await api.d.db
      .selectFrom('person')
      .select('name')
      .where('person_key', '=', api.personKey)
      .executeTakeFirstOrThrow()
    const uploaded = await institution.request('POST', `/api/projects/${projectId}/rosters`, {
      rows: [{ idNumber: api.login('person').idNumber, name: me.name, hours: 16 }],
    })
    expect(uploaded.statusCode, uploaded.body).toBe(201)
    const confirmed = await authority.request('POST', `/api/rosters/${uploaded.json().roster.id}/confirm`)
    expect(confirmed.statusCode, confirmed.body).toBe(200)
  }, 180_000)
  afterAll(() => api?.stop())

  const publicList = async (query = '') => {
    const res = await api.app.inject({ url: `/api/public/institutions?pageSize=50${query}` })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as { items: { name: string; designations: { occupationCategory: string | null }[] }[] }
  }

  it('第十四条: a city HR department lists the institution in the recommended directory by category', async () => {
    const listed = await hr.request('POST', `/api/institutions/${institutionId}/designations`, {
      kind: 'recommended',
      occupationCategory: '工程技术',
      basis: '常人社〔2025〕8号 竞争性遴选',
    })
    expect(listed.statusCode, listed.body).toBe(200)
    expect(listed.json()).toMatchObject({ kind: 'recommended', citation: '江西省人民政府令第259号 第十四条' })
    const inCategory = await publicList('&category=%E5%B7%A5%E7%A8%8B%E6%8A%80%E6%9C%AF')
    expect(inCategory.items.map((i) => i.name)).toEqual([CHANGZHOU_INSTITUTION])
    expect(inCategory.items[0]?.designations).toEqual([
      expect.objectContaining({ occupationCategory: '工程技术', basis: '常人社〔2025〕8号 竞争性遴选' }),
    ])
    expect((await publicList('&category=%E5%8D%AB%E7%94%9F')).items).toEqual([])
    // The same listing twice is a conflict naming the field.
    const again = await hr.request('POST', `/api/institutions/${institutionId}/designations`, {
      kind: 'recommended',
      occupationCategory: '工程技术',
      basis: '重复',
    })
    expect(again.statusCode).toBe(409)
    // Another city's department does not see the institution at all.
    const elsewhere = await qingdaoHr.request('POST', `/api/institutions/${institutionId}/designations`, {
      kind: 'recommended',
      occupationCategory: '卫生',
      basis: '青岛',
    })
    expect(elsewhere.statusCode).toBe(404)
  })

  it('第十九条: a provincial base is the province’s to designate, a city base the city’s', async () => {
    const provincial = await hr.request('POST', `/api/institutions/${institutionId}/designations`, {
      kind: 'base',
      baseLevel: 'provincial',
      basis: '省级遴选',
    })
    expect(provincial.statusCode).toBe(403)
    expect(provincial.json().error.message).toContain('第十九条')
    const city = await hr.request('POST', `/api/institutions/${institutionId}/designations`, {
      kind: 'base',
      baseLevel: 'city',
      basis: '常人社〔2025〕9号',
    })
    expect(city.statusCode, city.body).toBe(200)
    expect((await publicList('&listing=base')).items.map((i) => i.name)).toContain(CHANGZHOU_INSTITUTION)
    // Ending it takes it off the bases' list, with its reason kept in the file.
    const ended = await hr.request('POST', `/api/institutions/designations/${city.json().id}/end`, {
      reason: '基地建设期满',
    })
    expect(ended.statusCode, ended.body).toBe(200)
    expect(ended.json()).toMatchObject({ endReason: '基地建设期满' })
    expect((await publicList('&listing=base&region=320400')).items.map((i) => i.name)).not.toContain(
      CHANGZHOU_INSTITUTION,
    )
    // No longer a base: its later rosters go to the engine with an ordinary institution as organiser.
    const isBase = async () =>
      (
        await api.d.db
          .selectFrom('organisation')
          .select('is_base')
          .where('id', '=', institutionId)
          .executeTakeFirstOrThrow()
      ).is_base
    expect(await isBase()).toBe(false)
    // Designated again, it is a base again (restored for the steps that follow).
    const again = await hr.request('POST', `/api/institutions/${institutionId}/designations`, {
      kind: 'base',
      baseLevel: 'city',
      basis: '常人社〔2025〕11号',
    })
    expect(again.statusCode, again.body).toBe(200)
    expect(await isBase()).toBe(true)
  })

  it('第二十五条: the overseeing authority warns; the warning and its reason are public (第二十三条)', async () => {
    const warned = await authority.request('POST', `/api/institutions/${institutionId}/warnings`, {
      kind: 'warning',
      reason: '花名册多次逾期报送',
      ground: 'reporting',
    })
    expect(warned.statusCode, warned.body).toBe(200)
    expect(
      (
        await qingdaoAuthority.request('POST', `/api/institutions/${institutionId}/warnings`, {
          kind: 'warning',
          reason: '越权',
          ground: 'duties',
        })
      ).statusCode,
    ).toBe(404)
    const blank = await hr.request('POST', `/api/institutions/${institutionId}/warnings`, {
      kind: 'warning',
      reason: ' ',
      ground: 'duties',
    })
    expect(blank.statusCode).toBe(400)
    expect(blank.json().error.field).toBe('reason')
    // The breached rule is published with the warning (第二十三条), so it is asked for, never assumed.
    const unnamed = await hr.request('POST', `/api/institutions/${institutionId}/warnings`, {
      kind: 'warning',
      reason: '花名册逾期报送',
    })
    expect(unnamed.statusCode).toBe(400)
    expect(unnamed.json().error.field).toBe('ground')
    expect(unnamed.json().error.message).toContain('请选择违反的条款')
    const records = (await api.app.inject({ url: '/api/public/credit-records' })).json()
    expect(records.items).toEqual([
      expect.objectContaining({
        kind: 'warning',
        reason: '花名册多次逾期报送',
        groundBasis: '苏人社函〔2023〕308号 五（二）',
        institutionName: CHANGZHOU_INSTITUTION,
        decidedBy: '常州市住房和城乡建设局',
      }),
    ])
    const file = (await hr.request('GET', `/api/institutions/${institutionId}?year=2025`)).json()
    expect(file.sanctions).toHaveLength(1)
    const notified = await api.d.db
      .selectFrom('notification')
      .select('body')
      .where('organisation_id', '=', institutionId)
      .where('kind', '=', 'institution.sanction')
      .execute()
    expect(notified).toHaveLength(1)
  })

  it('a trainee rates a project they attended once, 1 to 5; others cannot', async () => {
    const attended = await person.request('GET', '/api/me/attended-projects')
    expect(attended.statusCode, attended.body).toBe(200)
    expect(attended.json().items).toEqual([expect.objectContaining({ projectId, rating: null })])
    expect(
      (await person.request('POST', `/api/me/attended-projects/${projectId}/rating`, { rating: 6 }))
        .statusCode,
    ).toBe(400)
    const rated = await person.request('POST', `/api/me/attended-projects/${projectId}/rating`, {
      rating: 4,
      comment: '内容实用',
    })
    expect(rated.statusCode, rated.body).toBe(200)
    const twice = await person.request('POST', `/api/me/attended-projects/${projectId}/rating`, { rating: 1 })
    expect(twice.statusCode).toBe(409)
    // A project the person did not attend is not theirs to rate.
    const other = await insertProject(api.d.db, {
      title: '未参加的项目',
      subject: 'professional',
      way: 'online',
      start_date: '2025-01-01',
      end_date: '2025-01-02',
      schedule: '1天',
      venue: '线上',
      faculty: '专家',
      rules: '考勤',
      hours: 8,
      advanced_seminar: false,
    })
    expect(
      (await person.request('POST', `/api/me/attended-projects/${other.id}/rating`, { rating: 5 }))
        .statusCode,
    ).toBe(404)
    // Shown in aggregate only.
    const listed = (await publicList('&region=320400')).items.find((i) => i.name === CHANGZHOU_INSTITUTION)
    expect(listed).toMatchObject({ ratings: { count: 1, mean: 4 } })
    expect(JSON.stringify(listed)).not.toContain('内容实用')
  })

  it('the overseer sees indicators computed from the data', async () => {
    const list = await hr.request('GET', '/api/institutions?year=2025')
    expect(list.statusCode, list.body).toBe(200)
    const mine = list.json().items.find((i: { id: string }) => i.id === institutionId)
    expect(mine.indicators).toMatchObject({ trainees: 1, hundredths: 1600, ratings: 1, ratingMean: 4 })
    expect(mine.sanctions).toBe(1)
    // Only the caller's region: Qingdao's department does not see Changzhou's institution.
    const qingdao = (await qingdaoHr.request('GET', '/api/institutions?year=2025')).json()
    expect(qingdao.items.map((i: { name: string }) => i.name)).not.toContain(CHANGZHOU_INSTITUTION)
    expect(qingdao.items.map((i: { name: string }) => i.name)).not.toContain(NANCHANG_INSTITUTION)
  })

  it('第十八条: an evaluation round freezes the indicators, is scored, then published', async () => {
    const opened = await hr.request('POST', '/api/evaluations', {
      year: 2025,
      title: '2025年度继续教育机构考核评估',
    })
    // The answer does not wait for the indicators: the round is freezing, then open with its entries.
    expect(opened.statusCode, opened.body).toBe(202)
    expect(opened.json()).toMatchObject({ status: 'freezing', entries: 0, frozenAt: null })
    const round = await settled(opened.json().id)
    expect(round).toMatchObject({ status: 'open', graded: 0, failure: null })
    expect(round.frozenAt).not.toBeNull()
    expect(round.entries).toBeGreaterThanOrEqual(1)
    const early = await hr.request('POST', `/api/evaluations/${round.id}/publish`)
    expect(early.statusCode).toBe(409)
    expect(early.json().error.message).toContain('未评定等次')
    const detail = (await hr.request('GET', `/api/evaluations/${round.id}?pageSize=200`)).json()
    expect(
      detail.entries.items.find((e: { institutionId: string }) => e.institutionId === institutionId),
    ).toMatchObject({ indicators: { trainees: 1, ratings: 1 }, grade: null })
    for (const e of detail.entries.items as { institutionId: string }[]) {
      const scored = await hr.request('PUT', `/api/evaluations/${round.id}/entries/${e.institutionId}`, {
        score: 88.5,
        grade: 'qualified',
        remarks: '管理规范',
      })
      expect(scored.statusCode, scored.body).toBe(200)
    }
    // Qingdao's department cannot see, score or publish Changzhou's round.
    expect((await qingdaoHr.request('GET', `/api/evaluations/${round.id}`)).statusCode).toBe(404)
    const published = await hr.request('POST', `/api/evaluations/${round.id}/publish`)
    expect(published.statusCode, published.body).toBe(200)
    const again = await hr.request('PUT', `/api/evaluations/${round.id}/entries/${institutionId}`, {
      score: 10,
      grade: 'unqualified',
    })
    expect(again.statusCode).toBe(409)
    const rounds = (await api.app.inject({ url: '/api/public/evaluations' })).json()
    expect(rounds.items).toEqual([
      expect.objectContaining({ id: round.id, citation: '江西省人民政府令第259号 第十八条' }),
    ])
    const results = (await api.app.inject({ url: `/api/public/evaluations/${round.id}` })).json()
    expect(results.items).toContainEqual(
      expect.objectContaining({ institutionName: CHANGZHOU_INSTITUTION, grade: 'qualified', score: 88.5 }),
    )
    const listed = (await publicList('&region=320400')).items.find((i) => i.name === CHANGZHOU_INSTITUTION)
    expect(listed).toMatchObject({ evaluation: { grade: 'qualified', score: 88.5, year: 2025 } })
    // Frozen: a later rating does not change the round's figures (the live file shows it).
    await api.d.db
      .insertInto('project_rating')
      .values({ person_key: (await otherPerson()) as string, project_id: projectId, rating: 2 })
      .execute()
    const frozen = (await hr.request('GET', `/api/evaluations/${round.id}?pageSize=200`)).json()
    expect(
      frozen.entries.items.find((e: { institutionId: string }) => e.institutionId === institutionId),
    ).toMatchObject({ indicators: { ratings: 1, ratingMean: 4 } })
    const live = (await hr.request('GET', `/api/institutions/${institutionId}?year=2025`)).json()
    expect(live.indicators).toMatchObject({ ratings: 2, ratingMean: 3 })
  })

  /** The round once its indicators are taken (or their taking failed). */
  async function settled(id: string) {
    for (let i = 0; i < 200; i++) {
      const round = (await hr.request('GET', `/api/evaluations/${id}`)).json().round
      if (round.status !== 'freezing') return round
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error(`round ${id} is still freezing`)
  }

  /** A round as a stop during its freezing leaves it: freezing, with no entries. */
  const leftFreezing = async (regionCode: string) => {
    const hrOrg = await api.d.db
      .selectFrom('organisation')
      .select('id')
      .where('name', '=', '常州市人力资源和社会保障局')
      .executeTakeFirstOrThrow()
    return (
      await api.d.db
        .insertInto('evaluation_round')
        .values({
          organisation_id: hrOrg.id,
          region_code: regionCode,
          year: 2024,
          title: `停机时正在统计的考核评估${regionCode}`,
          status: 'freezing',
          opened_by: 'demo-hr',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  }

  it('a round is neither scored nor published while freezing; a restart takes it up, once', async () => {
    const id = await leftFreezing('320400')
    const scored = await hr.request('PUT', `/api/evaluations/${id}/entries/${institutionId}`, {
      score: 90,
      grade: 'excellent',
    })
    expect(scored.statusCode).toBe(409)
    const published = await hr.request('POST', `/api/evaluations/${id}/publish`)
    expect(published.statusCode).toBe(409)
    expect(published.json().error.message).toContain('正在统计各机构指标')
    // A second app on the same database, as `xueshi serve` after a restart: it takes the round up.
    const restarted = await buildApp(api.ctx)
    expect(
      await resumeFreezing(
        api.d.db,
        (work) => restarted.inBackground(work),
        () => {},
      ),
    ).toBe(1)
    await restarted.close()
    const round = await settled(id)
    expect(round).toMatchObject({ status: 'open', failure: null })
    expect(round.entries).toBeGreaterThanOrEqual(1)
    // Taken once: freezing it again (a second instance, a late resume) writes nothing more.
    await freezeRound(api.d.db, id, () => {})
    expect((await hr.request('GET', `/api/evaluations/${id}`)).json().round.entries).toBe(round.entries)
    const audits = await api.d.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', id)
      .execute()
    expect(audits.map((a) => a.action)).toEqual(['evaluation.freeze'])
  })

  it('a freeze that cannot be done leaves the round failed, with the reason and no entries', async () => {
    // A round of a region with no institution (as if every one was removed after it was opened).
    const id = await leftFreezing('650100')
    const logged: string[] = []
    await freezeRound(api.d.db, id, (m) => logged.push(m))
    const round = (await hr.request('GET', `/api/evaluations/${id}`)).json().round
    expect(round).toMatchObject({
      status: 'failed',
      entries: 0,
      failure: '本地区没有继续教育机构，无需考核评估',
    })
    expect(logged).toHaveLength(1)
    const scored = await hr.request('POST', `/api/evaluations/${id}/publish`)
    expect(scored.json().error.message).toContain('指标统计未能完成')
  })

  const otherPerson = async () =>
    (
      await api.d.db
        .selectFrom('person')
        .select('person_key')
        .where('person_key', '!=', api.personKey)
        .executeTakeFirst()
    )?.person_key

  it('第二十五条 由原确定机关: only the department that listed it removes it; a department above may end a listing', async () => {
    const province = await signInFor(api, '江苏省人力资源和社会保障厅', 'hr_department')
    // The province oversees the Changzhou institution, but the city listed it: the removal is the city's.
    const byProvince = await province.request('POST', `/api/institutions/${institutionId}/removal`, {
      reason: '省厅移出',
      ground: 'prohibited',
    })
    expect(byProvince.statusCode, byProvince.body).toBe(403)
    expect(byProvince.json().error.message).toContain('原确定机关')
    expect(byProvince.json().error.message).toContain('常州市人力资源和社会保障局')
    // A provincial base is the province's (第十九条): the city below may not end it, the province may.
    const base = await province.request('POST', `/api/institutions/${institutionId}/designations`, {
      kind: 'base',
      baseLevel: 'provincial',
      basis: '苏人社〔2025〕3号',
    })
    expect(base.statusCode, base.body).toBe(200)
    const byCity = await hr.request('POST', `/api/institutions/designations/${base.json().id}/end`, {
      reason: '市局终止',
    })
    expect(byCity.statusCode, byCity.body).toBe(403)
    expect(byCity.json().error.message).toContain('江苏省人力资源和社会保障厅')
    // The city's listing may be ended by the province above it.
    const health = await hr.request('POST', `/api/institutions/${institutionId}/designations`, {
      kind: 'recommended',
      occupationCategory: '卫生',
      basis: '常人社〔2025〕10号',
    })
    expect(health.statusCode, health.body).toBe(200)
    for (const id of [base.json().id, health.json().id]) {
      const ended = await province.request('POST', `/api/institutions/designations/${id}/end`, {
        reason: '省厅复核后终止',
      })
      expect(ended.statusCode, ended.body).toBe(200)
    }
  })

  it('第二十五条: removal hides the institution and blocks its projects and rosters; its hours stay', async () => {
    expect(
      (
        await authority.request('POST', `/api/institutions/${institutionId}/removal`, {
          reason: '无权',
          ground: 'prohibited',
        })
      ).statusCode,
    ).toBe(403)
    expect(
      (
        await qingdaoHr.request('POST', `/api/institutions/${institutionId}/removal`, {
          reason: '越权',
          ground: 'prohibited',
        })
      ).statusCode,
    ).toBe(404)
    const projectsBefore = (await api.app.inject({ url: '/api/public/projects?pageSize=200' })).json()
    expect(
      projectsBefore.items.some(
        (p: { institutionName: string }) => p.institutionName === CHANGZHOU_INSTITUTION,
      ),
    ).toBe(true)
    const removed = await hr.request('POST', `/api/institutions/${institutionId}/removal`, {
      reason: '以继续教育名义组织旅游，情节严重',
      ground: 'prohibited',
    })
    expect(removed.statusCode, removed.body).toBe(200)
    expect(
      (
        await hr.request('POST', `/api/institutions/${institutionId}/removal`, {
          reason: '再次',
          ground: 'prohibited',
        })
      ).statusCode,
    ).toBe(409)
    // Gone from the public pages: the directory and the projects.
    expect((await publicList()).items.map((i) => i.name)).not.toContain(CHANGZHOU_INSTITUTION)
    const projectsAfter = (await api.app.inject({ url: '/api/public/projects?pageSize=200' })).json()
    expect(
      projectsAfter.items.some(
        (p: { institutionName: string }) => p.institutionName === CHANGZHOU_INSTITUTION,
      ),
    ).toBe(false)
    // Its removal and reason are public.
    const records = (await api.app.inject({ url: '/api/public/credit-records' })).json()
    // 工程技术人员继续教育规定 第十六条: 不得以继续教育名义组织旅游 — the ground and its clause are public with it.
    expect(records.items[0]).toMatchObject({
      kind: 'removal',
      reason: '以继续教育名义组织旅游，情节严重',
      groundBasis: '工程技术人员继续教育规定（征求意见稿） 第十六条',
    })
    // No new project, no roster.
    const project = await institution.request('POST', '/api/projects', {
      title: '移出后的项目',
      subject: 'professional',
      way: 'online',
      startDate: '2027-06-01',
      endDate: '2027-06-02',
      schedule: '1天',
      venue: '线上',
      faculty: '专家',
      rules: '考勤',
      hours: 8,
    })
    expect(project.statusCode, project.body).toBe(403)
    expect(project.json().error.message).toContain('第二十五条')
    const roster = await institution.request('POST', `/api/projects/${projectId}/rosters`, {
      rows: [{ idNumber: api.login('person').idNumber, name: '某人', hours: 16 }],
    })
    expect(roster.statusCode, roster.body).toBe(403)
    // The hours it reported before stay valid.
    const ledger = await api.d.db
      .selectFrom('ledger_entry as c')
      .select('c.id')
      .where('c.person_key', '=', api.personKey)
      .where('c.credit_key', '=', `project:${projectId}`)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('ledger_entry as x').select('x.id').whereRef('x.reverses_id', '=', 'c.id'))),
      )
      .execute()
    expect(ledger).toHaveLength(1)
    // Audited, and listed only when asked for removed ones.
    const audit = await api.d.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', institutionId)
      .where('action', 'like', 'institution.%')
      .execute()
    expect(audit.map((a) => a.action).sort()).toEqual(
      [
        'institution.designate',
        'institution.designate',
        'institution.designate',
        'institution.designate',
        'institution.designate',
        'institution.designation_end',
        'institution.designation_end',
        'institution.designation_end',
        'institution.remove',
        'institution.warning',
      ].sort(),
    )
    const overseen = (await hr.request('GET', '/api/institutions?year=2025')).json()
    expect(overseen.items.map((i: { id: string }) => i.id)).not.toContain(institutionId)
    const all = (await hr.request('GET', '/api/institutions?year=2025&removed=true')).json()
    expect(all.items.find((i: { id: string }) => i.id === institutionId)).toMatchObject({
      removalReason: '以继续教育名义组织旅游，情节严重',
    })
  })

  it('a removal is lifted by the department that decided it, with a public reason; the record stays', async () => {
    const province = await signInFor(api, '江苏省人力资源和社会保障厅', 'hr_department')
    const body = { reason: '经行政复议，移出决定予以撤销' }
    expect(
      (await authority.request('POST', `/api/institutions/${institutionId}/reinstatement`, body)).statusCode,
    ).toBe(403)
    expect(
      (await qingdaoHr.request('POST', `/api/institutions/${institutionId}/reinstatement`, body)).statusCode,
    ).toBe(404)
    expect(
      (await hr.request('POST', `/api/institutions/${institutionId}/reinstatement`, { reason: ' ' }))
        .statusCode,
    ).toBe(400)
    // The province is above the city that decided it.
    const lifted = await province.request('POST', `/api/institutions/${institutionId}/reinstatement`, body)
    expect(lifted.statusCode, lifted.body).toBe(200)
    expect(lifted.json()).toMatchObject({ kind: 'removal', liftReason: body.reason })
    expect(
      (await hr.request('POST', `/api/institutions/${institutionId}/reinstatement`, body)).statusCode,
    ).toBe(409)
    // Back on the public directory, its listings not restored; the removal stays public, marked lifted.
    expect((await publicList()).items.map((i) => i.name)).toContain(CHANGZHOU_INSTITUTION)
    expect((await publicList('&listing=recommended')).items.map((i) => i.name)).not.toContain(
      CHANGZHOU_INSTITUTION,
    )
    const records = (await api.app.inject({ url: '/api/public/credit-records' })).json()
    expect(records.items[0]).toMatchObject({
      kind: 'removal',
      reason: '以继续教育名义组织旅游，情节严重',
      liftReason: body.reason,
      liftedAt: expect.any(String),
    })
    // It may publish again.
    const project = await institution.request('POST', '/api/projects', {
      title: '恢复后的项目',
      subject: 'professional',
      way: 'online',
      startDate: '2027-06-01',
      endDate: '2027-06-02',
      schedule: '1天',
      venue: '线上',
      faculty: '专家',
      rules: '考勤',
      hours: 8,
    })
    expect(project.statusCode, project.body).toBe(201)
    const audit = await api.d.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', institutionId)
      .where('action', '=', 'institution.reinstate')
      .execute()
    expect(audit).toHaveLength(1)
  })
})
