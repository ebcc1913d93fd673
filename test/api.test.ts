import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../src/services/passwords.js'
import { personKeyOf } from '../src/services/secrets.js'
import { base32Decode, totp } from '../src/services/totp.js'
import { type Client, multipart, startApi } from './api-helpers.js'
import { DATABASES, TEST_SECRETS } from './database.js'

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n')
const training = {
  kind: 'training',
  subject: 'professional',
  organizer: 'institution',
  days: 3,
  hours: 30,
  date: '2025-05-20',
  title: '智能制造高级研修班',
}

describe.each(DATABASES)('API on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let person: Client
  let employer: Client
  let hr: Client
  beforeAll(async () => {
    api = await startApi(kind)
    person = await api.as('person')
    employer = await api.as('employer')
    hr = await api.as('hr_department')
  }, 60_000)
  afterAll(() => api.stop())

  const auditActions = async () =>
    (await api.d.db.selectFrom('audit_event').select('action').execute()).map((r) => r.action)

  it('health says which database', async () => {
    const res = await api.app.inject({ url: '/api/health' })
    expect(res.json()).toEqual({ status: 'ok', database: kind })
  })

  it('refuses a write without the CSRF token, and audits it', async () => {
    const res = await person.request('POST', '/api/preview', training, { 'x-csrf-token': 'wrong' })
    expect(res.statusCode).toBe(403)
    expect(res.json().error.code).toBe('csrf')
    expect(await auditActions()).toContain('auth.denied')
  })

  let applicationId: string
  it('a person previews, applies, and the application waits in the employer queue', async () => {
    const preview = await person.request('POST', '/api/preview', training)
    expect(preview.json()).toMatchObject({
      policy: 'changzhou-2024',
      credit: { professional: 24, basis: '常人社职〔2024〕1号 四（一）' },
    })
    const res = await person.request('POST', '/api/applications', training)
    expect(res.statusCode).toBe(201)
    applicationId = res.json().application.id
    expect(res.json().application.status).toBe('submitted')
    const queue = await employer.request('GET', '/api/applications?status=submitted')
    expect(queue.json().items.map((a: { id: string }) => a.id)).toContain(applicationId)
    const unread = await employer.request('GET', '/api/notifications/unread-count')
    expect(unread.json().unread).toBeGreaterThan(0)
  })

  it('an invalid record is refused naming the field', async () => {
    const res = await person.request('POST', '/api/applications', { kind: 'training', date: '2025-05-20' })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toMatchObject({ code: 'invalid_record', field: 'subject' })
  })

  it('evidence: a PDF is stored; a wrong type and an oversize file are refused', async () => {
    const url = `/api/applications/${api.personKey}/${applicationId}/evidence`
    const ok = multipart('结业证书.pdf', PDF)
    const stored = await person.request('POST', url, ok.body, ok.headers)
    expect(stored.statusCode).toBe(201)
    expect(stored.json()).toMatchObject({ mediaType: 'application/pdf', filename: '结业证书.pdf' })
    const exe = multipart('证书.pdf', Buffer.from('MZ\x90\x00not a pdf'))
    const wrong = await person.request('POST', url, exe.body, exe.headers)
    expect(wrong.statusCode).toBe(400)
    const big = Buffer.alloc(10 * 1024 * 1024 + 10)
    PDF.copy(big)
    const large = multipart('big.pdf', big)
    const oversize = await person.request('POST', url, large.body, large.headers)
    expect(oversize.statusCode).toBe(400)
    expect(oversize.json().error.message).toContain('10 MB')
    const detail = await employer.request('GET', `/api/applications/${api.personKey}/${applicationId}`)
    expect(detail.json().evidence).toHaveLength(1)
  })

  it('approval lower than proposed needs a reason; approval writes the ledger; reviewing twice is refused', async () => {
    const url = `/api/applications/${api.personKey}/${applicationId}`
    const noReason = await employer.request('POST', `${url}/approve`, { hours: 20 })
    expect(noReason.statusCode).toBe(400)
    const approved = await employer.request('POST', `${url}/approve`, { hours: 20, reason: '第三天未出勤' })
    expect(approved.statusCode).toBe(200)
    expect(approved.json()).toMatchObject({ status: 'approved', reviewNote: '第三天未出勤' })
    const again = await employer.request('POST', `${url}/approve`, {})
    expect(again.statusCode).toBe(409)
    const year = await person.request('GET', `/api/persons/${api.personKey}/years/2025`)
    const credit = year
      .json()
      .evaluation.records.find((r: { id: string }) => r.id === approved.json().ledgerEntryId)
    expect(credit).toMatchObject({ professional: 20 })
    const history = await person.request('GET', url)
    expect(history.json().history.map((h: { action: string }) => h.action)).toEqual([
      'record.create',
      'evidence.attach',
      'application.approve',
    ])
    const inbox = await person.request('GET', '/api/notifications')
    expect(inbox.json().items[0]).toMatchObject({ kind: 'application.approve', read: false })
  })

  it('return for correction, resubmit, then reject — each step with a reason, each seen by the person', async () => {
    const created = await person.request('POST', '/api/applications', {
      ...training,
      title: '线上课程',
      kind: 'online_course',
      hours: 12,
    })
    const id = created.json().application.id
    const url = `/api/applications/${api.personKey}/${id}`
    expect((await employer.request('POST', `${url}/return`, {})).statusCode).toBe(400)
    expect(
      (await employer.request('POST', `${url}/return`, { reason: '请补充学习记录截图' })).json().status,
    ).toBe('returned')
    const fixed = await person.request('PUT', url, {
      kind: 'online_course',
      subject: 'professional',
      hours: 10,
      date: '2025-06-01',
    })
    expect(fixed.json().status).toBe('submitted')
    expect(
      (await employer.request('POST', `${url}/reject`, { reason: '课程不属于认可平台' })).json().status,
    ).toBe('rejected')
    const kinds = (await person.request('GET', '/api/notifications'))
      .json()
      .items.map((n: { kind: string }) => n.kind)
    expect(kinds).toEqual(expect.arrayContaining(['application.return', 'application.reject']))
  })

  it('out of scope: another city, another person, another employer', async () => {
    const qingdaoPerson = await api.d.db
      .selectFrom('person')
      .select('person_key')
      .where('region_code', 'like', '3702%')
      .executeTakeFirstOrThrow()
    const r1 = await employer.request('GET', `/api/persons/${qingdaoPerson.person_key}/years/2024`)
    expect(r1.statusCode).toBe(403)
    const r2 = await person.request('GET', `/api/persons/${qingdaoPerson.person_key}/ledger`)
    expect(r2.statusCode).toBe(403)
    const r3 = await hr.request('GET', `/api/persons/${qingdaoPerson.person_key}/years/2024`)
    expect(r3.statusCode).toBe(403)
    const r4 = await hr.request('GET', '/api/compliance?year=2024&regionCode=370200')
    expect(r4.statusCode).toBe(403)
  })

  it('an employer registers its own training for staff; other kinds go through the application door', async () => {
    const url = `/api/persons/${api.personKey}/records`
    const ok = await employer.request('POST', url, {
      kind: 'training',
      subject: 'professional',
      organizer: 'employer',
      days: 1,
      date: '2025-09-01',
    })
    expect(ok.statusCode).toBe(201)
    expect(ok.json()).toMatchObject({ professional: 4, source: 'grant' })
    const no = await employer.request('POST', url, { kind: 'paper', authorship: 'sole', date: '2025-09-01' })
    expect(no.statusCode).toBe(400)
  })

  it('an HR department revokes hours obtained by fraud; the employer is notified; revoking twice is refused', async () => {
    const ledger = (await hr.request('GET', `/api/persons/${api.personKey}/ledger?pageSize=200`)).json()
    const entry = ledger.items.find(
      (e: { entryType: string; year: number }) => e.entryType === 'credit' && e.year === 2025,
    )
    const url = `/api/persons/${api.personKey}/ledger/${entry.id}/revoke`
    const unnamed = await hr.request('POST', url, { reason: '培训证明系伪造' })
    expect(unnamed.statusCode).toBe(400)
    expect(unnamed.json().error.field).toBe('ground')
    const res = await hr.request('POST', url, { ground: 'fraud', reason: '培训证明系伪造' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      entryType: 'reversal',
      reversesId: entry.id,
      source: 'revocation',
      // A Changzhou person's entry: 308号 六 (弄虚作假的，责令改正、给予警告), policy/revocation.ts.
      basis: '苏人社函〔2023〕308号 六',
    })
    expect((await hr.request('POST', url, { ground: 'fraud', reason: 'again' })).statusCode).toBe(409)
    expect((await employer.request('POST', url, { ground: 'fraud', reason: 'x' })).statusCode).toBe(403)
    const inbox = (await employer.request('GET', '/api/notifications')).json()
    expect(inbox.items[0]).toMatchObject({
      title: '学时撤销通报',
      body: expect.stringContaining('因以不正当手段取得已被撤销。理由：培训证明系伪造'),
    })
    expect(await auditActions()).toContain('ledger.revocation')
  })

  it('an HR department corrects a registration error: the notices say it was corrected, not that anyone cheated', async () => {
    const ledger = (await hr.request('GET', `/api/persons/${api.personKey}/ledger?pageSize=200`)).json()
    const reversed = new Set(ledger.items.map((e: { reversesId: string | null }) => e.reversesId))
    const entry = ledger.items.find(
      (e: { id: string; entryType: string }) => e.entryType === 'credit' && !reversed.has(e.id),
    )
    const url = `/api/persons/${api.personKey}/ledger/${entry.id}/revoke`
    const res = await hr.request('POST', url, { ground: 'error', reason: '误登记为本人，应为同名的另一人' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      entryType: 'reversal',
      reversesId: entry.id,
      source: 'correction',
      basis: '苏人社函〔2023〕308号 五（二）（更正登记错误）',
    })
    for (const [client, title] of [
      [employer, '学时登记更正'],
      [person, '您的一条学时登记已更正'],
    ] as const) {
      const [notice] = (await client.request('GET', '/api/notifications?pageSize=1')).json().items
      expect(notice).toMatchObject({ kind: 'ledger.correction', title })
      expect(notice.body).toContain('因登记错误已更正')
      expect(notice.body).not.toMatch(/不正当|撤销|第二十七条/)
    }
    expect(await auditActions()).toContain('ledger.correction')
  })

  it('compliance lists: an employer sees its staff, an HR department its region', async () => {
    const mine = (await employer.request('GET', '/api/compliance?year=2024&pageSize=5')).json()
    expect(mine.total).toBeGreaterThan(0)
    expect(mine).toMatchObject({ page: 1, pageSize: 5 })
    expect(mine.items).toHaveLength(5)
    const city = (await hr.request('GET', '/api/compliance?year=2024&compliant=false')).json()
    expect(
      city.items.every(
        (r: { compliant: boolean; regionCode: string }) => !r.compliant && r.regionCode.startsWith('3204'),
      ),
    ).toBe(true)
  })

  it('API tokens: hashed at rest, scoped to the organisation, revocable', async () => {
    const institution = await api.as('institution')
    const created = (await institution.request('POST', '/api/tokens', { name: '花名册对接' })).json()
    expect(created.token).toMatch(/^xs_/)
    const stored = await api.d.db
      .selectFrom('api_token')
      .select('token_hash')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow()
    expect(stored.token_hash).not.toContain(created.token)
    const bearer = { authorization: `Bearer ${created.token}` }
    expect(
      (await api.app.inject({ url: '/api/notifications/unread-count', headers: bearer })).statusCode,
    ).toBe(200)
    expect((await api.app.inject({ url: '/api/compliance?year=2024', headers: bearer })).statusCode).toBe(403)
    expect((await institution.request('DELETE', `/api/tokens/${created.id}`)).statusCode).toBe(200)
    expect(
      (await api.app.inject({ url: '/api/notifications/unread-count', headers: bearer })).statusCode,
    ).toBe(401)
  })

  it('five failed logins lock the account for 15 minutes (answered like a wrong password); all of it is audited', async () => {
    await api.d.db
      .insertInto('app_user')
      .values({
        username: 'lock-me',
        role: 'authority',
        organisation_id: (
          await api.d.db
            .selectFrom('organisation')
            .select('id')
            .where('kind', '=', 'authority')
            .executeTakeFirstOrThrow()
        ).id,
        password_hash: await hashPassword('Right-Pass-1'),
      })
      .execute()
    const attempt = (password: string) =>
      api.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'lock-me', password } })
    for (let i = 0; i < 5; i++) expect((await attempt('wrong')).statusCode).toBe(401)
    const locked = await attempt('Right-Pass-1')
    expect(locked.statusCode).toBe(401)
    expect(locked.json().error.message).toContain('锁定15分钟')
    expect((await auditActions()).filter((a) => a === 'auth.login_failed').length).toBeGreaterThanOrEqual(5)
    expect(await auditActions()).toContain('auth.login_refused')
  })

  it('a second factor (RFC 6238) with recovery codes', async () => {
    const authority = await api.as('authority')
    const setup = (await authority.request('POST', '/api/auth/totp/setup')).json()
    const secret = base32Decode(setup.secret)
    const enabled = await authority.request('POST', '/api/auth/totp/enable', {
      code: totp(secret, Date.now() / 1000),
      password: api.login('authority').password,
    })
    const codes = enabled.json().recoveryCodes as string[]
    expect(codes).toHaveLength(10)
    const again = await api.signIn(api.login('authority').username, api.login('authority').password)
    expect((await again.request('GET', '/api/notifications')).json().error.code).toBe(
      'second_factor_required',
    )
    expect((await again.request('POST', '/api/auth/totp/verify', { code: '000000' })).statusCode).toBe(401)
    expect((await again.request('POST', '/api/auth/totp/verify', { code: codes[0] })).statusCode).toBe(200)
    expect((await again.request('GET', '/api/notifications')).statusCode).toBe(200)
    const third = await api.signIn(api.login('authority').username, api.login('authority').password)
    expect((await third.request('POST', '/api/auth/totp/verify', { code: codes[0] })).statusCode).toBe(401)
  })

  it('a session idle for more than 30 minutes ends', async () => {
    const client = await api.as('agency')
    expect((await client.request('GET', '/api/notifications')).statusCode).toBe(200)
    await sql`UPDATE session SET last_seen_at = now() - interval '31 minutes'`.execute(api.d.db)
    expect((await client.request('GET', '/api/notifications')).statusCode).toBe(401)
  })

  it('passwords need 8 characters of 3 classes', async () => {
    const client = await api.as('agency')
    const weak = await client.request('POST', '/api/auth/password', {
      currentPassword: api.login('agency').password,
      newPassword: 'abcdefgh',
    })
    expect(weak.json().error.field).toBe('newPassword') // the request's field, for the form to show it there
  })

  it('the person key in URLs is the keyed hash, never the ID number', () => {
    expect(api.personKey).toBe(personKeyOf(TEST_SECRETS, api.login('person').idNumber as string))
  })
})

describe('XUESHI_PASSWORD_MAX_AGE_DAYS', () => {
  it('an old password must be changed before anything else', async () => {
    const api = await startApi('pglite', { passwordMaxAgeDays: 90 })
    try {
      await sql`UPDATE app_user SET password_changed_at = now() - interval '91 days' WHERE username = 'demo-agency'`.execute(
        api.d.db,
      )
      const agency = await api.as('agency')
      expect((await agency.request('GET', '/api/notifications')).json().error.code).toBe('password_expired')
      const changed = await agency.request('POST', '/api/auth/password', {
        currentPassword: api.login('agency').password,
        newPassword: 'New-Agency-Pass-9',
      })
      expect(changed.statusCode).toBe(200)
      expect((await agency.request('GET', '/api/notifications')).statusCode).toBe(200)
    } finally {
      await api.stop()
    }
  }, 60_000)
})

describe('login rate limit', () => {
  it('the eleventh login attempt in a minute from one address is refused', async () => {
    const api = await startApi('pglite', { loginRateLimit: 10 })
    try {
      const attempt = () =>
        api.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'nobody', password: 'x' },
        })
      for (let i = 0; i < 10; i++) expect((await attempt()).statusCode).toBe(401)
      const limited = await attempt()
      expect(limited.statusCode).toBe(429)
      expect(limited.json().error.code).toBe('rate_limited')
    } finally {
      await api.stop()
    }
  }, 60_000)
})

describe('XUESHI_REQUIRE_2FA=1', () => {
  it('organisation accounts must enrol before anything else; persons are not asked', async () => {
    const api = await startApi('pglite', { require2fa: true })
    try {
      const employer = await api.as('employer')
      const res = await employer.request('GET', '/api/compliance?year=2024')
      expect(res.json().error.code).toBe('second_factor_enrolment_required')
      const setup = (await employer.request('POST', '/api/auth/totp/setup')).json()
      const enabled = await employer.request('POST', '/api/auth/totp/enable', {
        code: totp(base32Decode(setup.secret), Date.now() / 1000),
        password: api.login('employer').password,
      })
      expect(enabled.statusCode).toBe(200)
      expect((await employer.request('GET', '/api/compliance?year=2024')).statusCode).toBe(200)
      const person = await api.as('person')
      expect((await person.request('GET', '/api/notifications')).statusCode).toBe(200)
    } finally {
      await api.stop()
    }
  }, 60_000)
})
