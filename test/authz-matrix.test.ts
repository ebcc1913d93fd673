import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../src/db/schema.js'
import { makeResidentId } from '../src/domain/resident-id.js'
import { submitApplication } from '../src/services/applications.js'
import { transact } from '../src/services/audit.js'
import { loadCertificateKeys } from '../src/services/certificate-keys.js'
import { issueCertificate } from '../src/services/certificates.js'
import { appendCredit } from '../src/services/ledger.js'
import { registerPerson } from '../src/services/persons.js'
import { type Client, documentedRoutes, multipart, startApi, routeUrl as url } from './api-helpers.js'
import { DATABASES, TEST_SECRETS } from './database.js'

type Rule = 'public' | 'signed-in' | Role[]
const ORGS: Role[] = ['employer', 'agency', 'institution', 'authority', 'hr_department']
const ROLES: Role[] = ['person', ...ORGS]

// The access rules, written down here independently of the routes: a route missing from this table
// fails the test, so every new route gets an explicit decision.
const EXPECTED: Record<string, Rule> = {
  'GET /api/health': 'public',
  'GET /api/policies': 'public',
  // The top HR department's administrators only (others: test/policy-settings.test.ts).
  'GET /api/settings/policies': ['hr_department'],
  'PUT /api/settings/policies/{policyId}': ['hr_department'],
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'signed-in',
  'GET /api/auth/session': 'signed-in',
  'POST /api/auth/totp/setup': 'signed-in',
  'POST /api/auth/totp/enable': 'signed-in',
  'POST /api/auth/totp/verify': 'signed-in',
  'POST /api/auth/password': 'signed-in',
  'POST /api/auth/recovery-codes': 'signed-in',
  'GET /api/tokens': ORGS,
  'POST /api/tokens': ORGS,
  'DELETE /api/tokens/{id}': ORGS,
  // Administrators only (the demo's accounts are; clerks: test/accounts.test.ts).
  'GET /api/accounts': ORGS,
  'POST /api/accounts': ORGS,
  'POST /api/accounts/{id}/disable': ORGS,
  'POST /api/accounts/{id}/enable': ORGS,
  'POST /api/accounts/{id}/reset-password': ORGS,
  'POST /api/staff/{personKey}/reset-password': ['employer', 'agency'],
  'POST /api/registrations': 'public',
  'GET /api/registrations': ['hr_department'],
  'POST /api/registrations/{id}/approve': ['hr_department'],
  'POST /api/registrations/{id}/reject': ['hr_department'],
  'GET /api/organisations': ['hr_department'],
  // Administrators only (clerks: test/registrations.test.ts).
  'POST /api/organisations': ['hr_department'],
  // Administrators only; the caller's region only (test/admin-reset.test.ts).
  'POST /api/organisations/{id}/reset-admin-password': ['hr_department'],
  'GET /api/organisations/tree': ['hr_department'],
  'GET /api/regions': 'public',
  'GET /api/regions/search': 'public',
  'GET /api/regions/{code}': 'public',
  'GET /api/regions/scope': ['hr_department'],
  'GET /api/signup/organisations': 'public',
  'POST /api/signup': 'public',
  'GET /api/staff/requests': ['employer', 'agency'],
  'POST /api/staff/requests/{id}/confirm': ['employer', 'agency'],
  'POST /api/staff/requests/{id}/decline': ['employer', 'agency'],
  'POST /api/preview': ['person'],
  'POST /api/applications': ['person'],
  'GET /api/applications': ['person', 'employer', 'agency'],
  'GET /api/applications/{personKey}/{id}': 'signed-in',
  'PUT /api/applications/{personKey}/{id}': ['person'],
  'POST /api/applications/{personKey}/{id}/evidence': ['person'],
  'GET /api/applications/{personKey}/{id}/evidence/{evidenceId}': 'signed-in',
  'POST /api/applications/{personKey}/{id}/approve': ['employer', 'agency'],
  'POST /api/applications/{personKey}/{id}/return': ['employer', 'agency'],
  'POST /api/applications/{personKey}/{id}/reject': ['employer', 'agency'],
  'GET /api/persons/{personKey}/years/{year}': 'signed-in',
  'GET /api/persons/{personKey}/ledger': 'signed-in',
  'GET /api/persons/{personKey}/ledger/export': 'signed-in',
  'POST /api/persons/{personKey}/ledger/{entryId}/revoke': ['hr_department'],
  'POST /api/persons/{personKey}/records': ['employer', 'agency'],
  'GET /api/me': ['person'],
  'GET /api/compliance': ['employer', 'agency', 'authority', 'hr_department'],
  'GET /api/compliance/summary': ['employer', 'agency', 'authority', 'hr_department'],
  'GET /api/compliance/export': ['employer', 'agency', 'authority', 'hr_department'],
  'GET /api/projects': 'public',
  'GET /api/public/projects': 'public',
  'GET /api/public/institutions': 'public',
  'POST /api/projects': ['institution', 'hr_department', 'authority'],
  'POST /api/projects/{id}/rosters': ['institution', 'hr_department', 'authority'],
  'GET /api/projects/{id}/roster-template': ['institution', 'hr_department', 'authority'],
  'POST /api/rosters/{id}/confirm': ['authority', 'employer'],
  'GET /api/rosters': ['authority', 'employer'],
  'GET /api/rosters/{id}': ['authority', 'employer'],
  'GET /api/rosters/{id}/lines': ['authority', 'employer'],
  // The authority returns a roster whole; an employer confirms its staff's lines or leaves them.
  'POST /api/rosters/{id}/return': ['authority'],
  'POST /api/rosters/bulk-confirm/summary': ['authority', 'employer'],
  'POST /api/rosters/bulk-confirm': ['authority', 'employer'],
  'GET /api/rosters/deadlines': ['institution'],
  'GET /api/projects/mine': ['institution', 'hr_department', 'authority'],
  'GET /api/projects/publication-rule': ['institution', 'hr_department', 'authority'],
  'GET /api/projects/{id}/rosters': ['institution', 'hr_department', 'authority'],
  // The caller's own uploads only (test/own-projects.test.ts).
  'GET /api/uploads/{id}': 'signed-in',
  'POST /api/reviews/year-end': ['employer', 'agency'],
  'GET /api/reviews/year-end/{year}': ['employer', 'agency'],
  'POST /api/persons/{personKey}/departure': ['employer', 'agency'],
  'GET /api/staff': ['employer', 'agency'],
  'POST /api/staff': ['employer', 'agency'],
  'GET /api/staff/departments': ['employer', 'agency'],
  'GET /api/staff/import-template': ['employer', 'agency'],
  'POST /api/staff/import': ['employer', 'agency'],
  'POST /api/staff/records': ['employer', 'agency'],
  'POST /api/staff/records/preview': ['employer', 'agency'],
  // An employer its own; an HR department its region's (test/mentorship-list.test.ts).
  'GET /api/mentorships': ['employer', 'hr_department'],
  'POST /api/mentorships': ['employer'],
  'POST /api/mentorships/{id}/file': ['hr_department'],
  'POST /api/mentorships/{id}/evaluate': ['employer'],
  'POST /api/imports': ['hr_department', 'authority'],
  'GET /api/ledger/batches/{id}': ['hr_department', 'authority'],
  'GET /api/calendar/{year}': 'public',
  'PUT /api/calendar': ['hr_department'],
  // National and provincial HR departments only (test/hr-pages.test.ts); a city's is refused by the service.
  'DELETE /api/calendar/{day}': ['hr_department'],
  // Persons of the department's region only (test/hr-pages.test.ts).
  'GET /api/ledger-entries': ['hr_department'],
  // The caller's region (an authority: its industry) only (test/hr-pages.test.ts).
  'GET /api/compliance/overview': ['hr_department', 'authority'],
  'GET /api/compliance/overview/export': ['hr_department', 'authority'],
  // The same scope as the overview (test/statistics.test.ts).
  'GET /api/statistics': ['hr_department', 'authority'],
  'GET /api/statistics/trend': ['hr_department', 'authority'],
  'GET /api/statistics/export': ['hr_department', 'authority'],
  // By training institution, the same scope (test/institution-statistics.test.ts).
  'GET /api/statistics/institutions': ['hr_department', 'authority'],
  'GET /api/statistics/institutions/export': ['hr_department', 'authority'],
  // The caller organisation's own saved queries, within its statistics scope (test/saved-queries.test.ts).
  'GET /api/statistics/queries': ['hr_department', 'authority'],
  'POST /api/statistics/queries': ['hr_department', 'authority'],
  'PUT /api/statistics/queries/{id}': ['hr_department', 'authority'],
  'DELETE /api/statistics/queries/{id}': ['hr_department', 'authority'],
  // 随机抽查: the caller organisation's own spot checks, in its oversight (test/spot-checks.test.ts).
  'GET /api/spot-checks': ['hr_department', 'authority'],
  'POST /api/spot-checks': ['hr_department', 'authority'],
  'GET /api/spot-checks/{id}': ['hr_department', 'authority'],
  'GET /api/spot-checks/{id}/items': ['hr_department', 'authority'],
  'GET /api/spot-checks/{id}/redraw': ['hr_department', 'authority'],
  'GET /api/spot-checks/{id}/export': ['hr_department', 'authority'],
  'POST /api/spot-checks/{id}/close': ['hr_department', 'authority'],
  'PUT /api/spot-check-items/{id}': ['hr_department', 'authority'],
  'POST /api/spot-check-items/{id}/revoke': ['hr_department'],
  'POST /api/spot-check-items/{id}/warning': ['hr_department', 'authority'],
  // 职工教育经费: the employer's own reports; employers in scope for HR and authorities (test/education-funds.test.ts).
  'GET /api/education-funds/own': ['employer'],
  'GET /api/education-funds/own/threshold': ['employer'],
  'PUT /api/education-funds/own/{year}': ['employer'],
  'GET /api/education-funds': ['hr_department', 'authority'],
  'GET /api/education-funds/summary': ['hr_department', 'authority'],
  'GET /api/education-funds/export': ['hr_department', 'authority'],
  'PUT /api/organisations/{id}/training-need': ['hr_department'],
  // The institution directory and its quality: the region's institutions only (test/institution-oversight.test.ts).
  'GET /api/institutions': ['hr_department', 'authority'],
  'GET /api/institutions/{id}': ['hr_department', 'authority'],
  'POST /api/institutions/{id}/designations': ['hr_department'],
  'POST /api/institutions/designations/{id}/end': ['hr_department'],
  'POST /api/institutions/{id}/warnings': ['hr_department', 'authority'],
  'POST /api/institutions/{id}/removal': ['hr_department'],
  'POST /api/institutions/{id}/reinstatement': ['hr_department'],
  'GET /api/evaluations': ['hr_department'],
  'POST /api/evaluations': ['hr_department'],
  'GET /api/evaluations/{id}': ['hr_department'],
  'PUT /api/evaluations/{id}/entries/{institutionId}': ['hr_department'],
  'POST /api/evaluations/{id}/publish': ['hr_department'],
  'GET /api/me/attended-projects': ['person'],
  'POST /api/me/attended-projects/{id}/rating': ['person'],
  'GET /api/public/credit-records': 'public',
  'GET /api/public/advisers': 'public',
  // 专家咨询委员会和学监: the HR department's own register (test/advisers.test.ts).
  'GET /api/advisers': ['hr_department'],
  'GET /api/advisers/export': ['hr_department'],
  'POST /api/advisers': ['hr_department'],
  'POST /api/advisers/{id}/end': ['hr_department'],
  'GET /api/public/evaluations': 'public',
  'GET /api/public/evaluations/{id}': 'public',
  'GET /api/notifications': 'signed-in',
  'GET /api/notifications/unread-count': 'signed-in',
  'POST /api/notifications/{id}/read': 'signed-in',
  'POST /api/notifications/read-all': 'signed-in',
  // Issued for a person in the caller's scope: the person, their employer or agency, HR in scope.
  'POST /api/persons/{personKey}/certificates': ['person', 'employer', 'agency', 'hr_department'],
  'GET /api/persons/{personKey}/certificates': 'signed-in',
  'GET /api/certificates/{serial}/pdf': 'signed-in',
  'GET /api/certificates/{serial}/credential': 'signed-in',
  'GET /api/staff/certificates.zip': ['employer', 'agency'],
  'POST /api/certificates/{serial}/revoke': ['hr_department'],
  // Public by design: a certificate's verification URL and the keys that verify it offline.
  'GET /api/verify/{code}': 'public',
  'GET /.well-known/xueshi-keys.json': 'public',
  // 数据上报与汇入: the caller's region and below only (test/exchange.test.ts).
  'GET /api/exchange/identity': ['hr_department'],
  'GET /api/exchange/export': ['hr_department'],
  'GET /api/exchange/exports': ['hr_department'],
  'POST /api/exchange/imports': ['hr_department'],
  'GET /api/exchange/imports': ['hr_department'],
  'GET /api/exchange/partners': ['hr_department'],
  'POST /api/exchange/partners': ['hr_department'],
  'DELETE /api/exchange/partners/{id}': ['hr_department'],
}

/** Bodies valid enough to reach the handler's own scope checks. */
const BODIES: Record<string, unknown> = {
  'POST /api/rosters/{id}/return': { reason: '人员信息有误' },
  'POST /api/applications/{personKey}/{id}/return': { reason: '退回' },
  'POST /api/applications/{personKey}/{id}/reject': { reason: '不予通过' },
  'POST /api/applications/{personKey}/{id}/approve': {},
  'PUT /api/applications/{personKey}/{id}': {
    kind: 'online_course',
    subject: 'professional',
    hours: 2,
    date: '2025-01-01',
  },
  'POST /api/persons/{personKey}/ledger/{entryId}/revoke': { ground: 'fraud', reason: '伪造' },
  'POST /api/persons/{personKey}/certificates': { year: 2025 },
  'POST /api/certificates/{serial}/revoke': { reason: '信息有误' },
  // A date before the employment began: refused (400) after the scope check, so the staff stay for the next routes.
  'POST /api/persons/{personKey}/departure': { date: '1900-01-01' },
  'POST /api/persons/{personKey}/records': {
    kind: 'training',
    subject: 'professional',
    organizer: 'employer',
    days: 1,
    date: '2025-01-01',
  },
}

const allowed = (rule: Rule, role: Role) => rule === 'public' || rule === 'signed-in' || rule.includes(role)

describe.each(DATABASES)('authorization matrix on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let routes: [string, string][]
  const clients = new Map<Role, Client>()
  const inScope = new Map<Role, string | undefined>()
  let outOfScope: string

  beforeAll(async () => {
    api = await startApi(kind)
    routes = await documentedRoutes(api.app)
    for (const role of ROLES) clients.set(role, await api.as(role))
    const find = async (where: (q: ReturnType<typeof base>) => ReturnType<typeof base>) =>
      (await where(base()).executeTakeFirst())?.person_key
    const base = () => api.d.db.selectFrom('person as p').select('p.person_key')
    inScope.set('person', api.personKey)
    inScope.set('employer', api.personKey)
    inScope.set('hr_department', api.personKey)
    inScope.set('agency', await find((q) => q.where('p.freelancer', '=', true)))
    inScope.set(
      'authority',
      await find((q) => q.where('p.region_code', 'like', '3204%').where('p.industry', '=', '建筑')),
    )
    inScope.set('institution', undefined) // the demo institution has trained nobody yet
    outOfScope = (await find((q) => q.where('p.region_code', 'like', '3702%'))) as string
  }, 120_000)
  afterAll(() => api.stop())

  it('every documented route has a rule here, and every rule a route', () => {
    expect(routes.map(([m, p]) => `${m} ${p}`).sort()).toEqual(Object.keys(EXPECTED).sort())
  })

  it('without a session only the public routes answer', async () => {
    for (const [method, path] of routes) {
      const res = await api.app.inject({
        method: method as 'GET',
        url: url(path, api.personKey),
        payload: method === 'GET' ? undefined : {},
      })
      const rule = EXPECTED[`${method} ${path}`] as Rule
      if (rule === 'public') expect([401, 403], `${method} ${path}`).not.toContain(res.statusCode)
      else expect(res.statusCode, `${method} ${path}`).toBe(401)
    }
  })

  it.each(ROLES)(
    '%s: allowed routes answer in scope, the others refuse',
    async (role) => {
      const client = clients.get(role) as Client
      const mine = inScope.get(role)
      const ordered = [...routes].sort(([, a]) => (a === '/api/auth/logout' ? 1 : -1))
      for (const [method, path] of ordered) {
        const key = `${method} ${path}`
        const rule = EXPECTED[key] as Rule
        const body = method === 'GET' || method === 'DELETE' ? undefined : (BODIES[key] ?? {})
        const needsPerson = path.includes('{personKey}')
        if (!allowed(rule, role)) {
          const res = await client.request(method, url(path, mine ?? api.personKey), body)
          expect(res.statusCode, `${role} ${key}`).toBe(403)
          continue
        }
        if (!needsPerson || mine !== undefined) {
          const res = await client.request(method, url(path, mine ?? api.personKey), body)
          expect([401, 403], `${role} ${key} in scope: ${res.body}`).not.toContain(res.statusCode)
        }
        if (needsPerson) {
          const res = await client.request(method, url(path, outOfScope), body)
          expect([403, 404], `${role} ${key} out of scope: ${res.body}`).toContain(res.statusCode)
        }
      }
    },
    60_000,
  )
})

/** A person a write names: their key, and the ID number and name a bulk door is given. */
interface Target {
  key: string
  idNumber: string
  name: string
}
interface Request {
  url: string
  body?: unknown
  headers?: Record<string, string>
}
/** Expected status for a person in the caller's scope, and for one out of it; roles not listed: 403, 403. */
type Outcomes = Partial<Record<Role, [number, number]>>
interface WriteRule {
  outcomes: Outcomes
  /** Builds the request naming `t`, creating what it needs (an application, a roster …) first. */
  prepare: (fx: Fixtures, role: Role, t: Target) => Promise<Request>
}
type Fixtures = Awaited<ReturnType<typeof fixtures>>

const training = {
  kind: 'training',
  subject: 'professional',
  organizer: 'employer',
  days: 1,
  date: '2025-06-01',
}
const both = (inScope: number, outOfScope: number, ...roles: Role[]): Outcomes =>
  Object.fromEntries(roles.map((r) => [r, [inScope, outOfScope]]))
const decision = (action: 'approve' | 'return' | 'reject', body: object): WriteRule => ({
  outcomes: both(200, 403, 'employer', 'agency'),
  prepare: async (fx, _role, t) => ({
    url: `/api/applications/${t.key}/${await fx.application(t)}/${action}`,
    body,
  }),
})

// Every write that names a person, directly or through rows, with the outcome for each role, written here
// independently of the code; a write route missing from this table fails the test.
const WRITES: Record<string, WriteRule | string> = {
  'POST /api/auth/login': 'names no person',
  'POST /api/auth/logout': 'names no person',
  'POST /api/auth/totp/setup': 'names no person',
  'POST /api/auth/totp/enable': 'names no person',
  'POST /api/auth/totp/verify': 'names no person',
  'POST /api/auth/password': 'names no person',
  'POST /api/auth/recovery-codes': 'names no person',
  'POST /api/tokens': 'names no person',
  'DELETE /api/tokens/{id}': 'names no person',
  'POST /api/accounts': 'names no person',
  'PUT /api/settings/policies/{policyId}':
    'names no person; the top HR department only (test/policy-settings.test.ts)',
  'POST /api/registrations': 'names no person',
  'POST /api/signup': 'the signing-up person only',
  'POST /api/staff/requests/{id}/confirm': "the caller's own requests only (test/signup.test.ts)",
  'POST /api/staff/requests/{id}/decline': "the caller's own requests only (test/signup.test.ts)",
  'POST /api/registrations/{id}/approve':
    "names no person; the caller's region only (test/registrations.test.ts)",
  'POST /api/registrations/{id}/reject':
    "names no person; the caller's region only (test/registrations.test.ts)",
  'POST /api/organisations': "names no person; the caller's region only (test/registrations.test.ts)",
  'POST /api/accounts/{id}/disable': "the caller's organisation's accounts only",
  'POST /api/accounts/{id}/enable': "the caller's organisation's accounts only",
  'POST /api/accounts/{id}/reset-password': "the caller's organisation's accounts only",
  'POST /api/organisations/{id}/reset-admin-password':
    "names no person; the caller's region's organisations only (test/admin-reset.test.ts)",
  // Current staff only; the target is given an account first.
  'POST /api/staff/{personKey}/reset-password': {
    outcomes: both(200, 403, 'employer', 'agency'),
    prepare: async (fx, _role, t) => {
      await fx.account(t)
      return { url: `/api/staff/${t.key}/reset-password` }
    },
  },
  'POST /api/preview': 'the caller only, and nothing is written',
  'POST /api/applications': 'the caller only',
  'POST /api/projects': 'names no person',
  'POST /api/reviews/year-end': "the caller's current staff only",
  'PUT /api/calendar': 'names no person',
  'DELETE /api/calendar/{day}': 'names no person',
  // The caller organisation's own saved statistics queries (test/saved-queries.test.ts).
  'POST /api/statistics/queries': 'names no person',
  'PUT /api/statistics/queries/{id}': 'names no person',
  'DELETE /api/statistics/queries/{id}': 'names no person',
  // 随机抽查: sampled in the caller's oversight; an item's subject re-checked on every write (test/spot-checks.test.ts).
  'POST /api/spot-checks': "names no person; the caller's oversight only (test/spot-checks.test.ts)",
  'POST /api/spot-checks/{id}/close': "names no person; the caller's own spot checks",
  'PUT /api/spot-check-items/{id}':
    "the caller's own spot checks, the subject in its oversight (test/spot-checks.test.ts)",
  'PUT /api/education-funds/own/{year}': "names no person; the caller's own organisation",
  'PUT /api/organisations/{id}/training-need':
    "names no person; the caller's region's employers only (test/education-funds.test.ts)",
  'POST /api/spot-check-items/{id}/warning':
    "names no person; the caller's own spot checks, the institution in its oversight",
  'POST /api/spot-check-items/{id}/revoke':
    "the caller's own spot checks, the person in its region (test/spot-checks.test.ts)",
  // Institutions of the caller's region only (test/institution-oversight.test.ts).
  'POST /api/institutions/{id}/designations': "names no person; the caller's region's institutions only",
  'POST /api/institutions/designations/{id}/end': "names no person; the caller's region's institutions only",
  'POST /api/institutions/{id}/warnings': "names no person; the caller's region's institutions only",
  'POST /api/institutions/{id}/removal': "names no person; the caller's region's institutions only",
  'POST /api/institutions/{id}/reinstatement': "names no person; the caller's region's institutions only",
  'POST /api/advisers': "names no person; the caller's own region's register (test/advisers.test.ts)",
  'POST /api/advisers/{id}/end':
    'names no person; the appointing department or one above (test/advisers.test.ts)',
  'POST /api/evaluations': "names no person; the caller's region's institutions only",
  'PUT /api/evaluations/{id}/entries/{institutionId}': "names no person; the caller's own rounds only",
  'POST /api/evaluations/{id}/publish': "names no person; the caller's own rounds only",
  'POST /api/me/attended-projects/{id}/rating': 'the caller only, for a project they hold hours from',
  // A file signed by a trusted partner, of a region inside the caller's; persons matched there only
  // (test/exchange.test.ts).
  'POST /api/exchange/imports': "the file's region inside the caller's only (test/exchange.test.ts)",
  'POST /api/exchange/partners': 'names no person',
  'DELETE /api/exchange/partners/{id}': 'names no person',
  'POST /api/notifications/{id}/read': "the caller's own notifications",
  'POST /api/notifications/read-all': "the caller's own notifications",
  'PUT /api/applications/{personKey}/{id}': {
    outcomes: both(200, 403, 'person'),
    prepare: async (fx, _role, t) => {
      const id = await fx.application(t)
      await fx.db.updateTable('activity_record').set({ status: 'returned' }).where('id', '=', id).execute()
      return { url: `/api/applications/${t.key}/${id}`, body: { ...training, organizer: 'institution' } }
    },
  },
  'POST /api/applications/{personKey}/{id}/evidence': {
    outcomes: both(201, 403, 'person'),
    prepare: async (fx, _role, t) => {
      const file = multipart('证明.pdf', Buffer.from('%PDF-1.7\n证明'))
      return { url: `/api/applications/${t.key}/${await fx.application(t)}/evidence`, ...file }
    },
  },
  'POST /api/applications/{personKey}/{id}/approve': decision('approve', {}),
  'POST /api/applications/{personKey}/{id}/return': decision('return', { reason: '退回' }),
  'POST /api/applications/{personKey}/{id}/reject': decision('reject', { reason: '不予通过' }),
  'POST /api/persons/{personKey}/ledger/{entryId}/revoke': {
    outcomes: both(200, 403, 'hr_department'),
    prepare: async (fx, _role, t) => ({
      url: `/api/persons/${t.key}/ledger/${await fx.credit(t)}/revoke`,
      body: { ground: 'fraud', reason: '伪造' },
    }),
  },
  'POST /api/persons/{personKey}/records': {
    outcomes: both(201, 403, 'employer', 'agency'),
    prepare: async (_fx, _role, t) => ({ url: `/api/persons/${t.key}/records`, body: training }),
  },
  'POST /api/persons/{personKey}/certificates': {
    outcomes: both(201, 403, 'person', 'employer', 'agency', 'hr_department'),
    prepare: async (_fx, _role, t) => ({ url: `/api/persons/${t.key}/certificates`, body: { year: 2025 } }),
  },
  'POST /api/certificates/{serial}/revoke': {
    outcomes: both(200, 403, 'hr_department'),
    prepare: async (fx, _role, t) => ({
      url: `/api/certificates/${await fx.certificate(t)}/revoke`,
      body: { reason: '信息有误' },
    }),
  },
  // Answered per person: one out of scope is refused in the answer (200), and nothing is written for them.
  'POST /api/staff/records': {
    outcomes: both(200, 200, 'employer', 'agency'),
    prepare: async (_fx, _role, t) => ({
      url: '/api/staff/records',
      body: { personKeys: [t.key], record: { ...training, title: `单位培训 ${randomUUID()}` } },
    }),
  },
  'POST /api/staff/records/preview': {
    outcomes: both(200, 200, 'employer', 'agency'),
    prepare: async (_fx, _role, t) => ({
      url: '/api/staff/records/preview',
      body: { personKeys: [t.key], record: training },
    }),
  },
  'POST /api/persons/{personKey}/departure': {
    outcomes: both(200, 403, 'employer', 'agency'),
    prepare: async (_fx, _role, t) => ({
      url: `/api/persons/${t.key}/departure`,
      body: { date: '2026-06-30' },
    }),
  },
  // In scope: a registered person employed nowhere; out: one still employed elsewhere (same answer as unknown).
  'POST /api/staff': {
    outcomes: both(201, 400, 'employer', 'agency'),
    prepare: async (fx, _role, t) => {
      const p = t === fx.out ? t : await fx.person('320402', '机械')
      return { url: '/api/staff', body: { idNumber: p.idNumber, name: p.name, fromDate: '2026-07-01' } }
    },
  },
  // As 人员调入: in scope a registered person employed nowhere joins; out, one employed elsewhere is a row error.
  'POST /api/staff/import': {
    outcomes: both(201, 400, 'employer', 'agency'),
    prepare: async (fx, _role, t) => {
      const p = t === fx.out ? t : await fx.person('320402', '机械')
      const csv = `姓名,公民身份号码,职称系列,职称级别\r\n${p.name},${p.idNumber},卫生,初级\r\n`
      const file = multipart('员工.csv', Buffer.from(csv), 'text/csv')
      return { url: '/api/staff/import', body: file.body, headers: file.headers }
    },
  },
  'POST /api/mentorships': {
    // Refused in scope too, by row: Changzhou's policy lists no mentorship, so no filing could be credited
    // (the Qingdao filing that is taken, and another city's person refused, are in test/mentorships.test.ts).
    outcomes: both(400, 400, 'employer'),
    prepare: async (fx, _role, t) => ({
      url: '/api/mentorships',
      body: {
        mentorIdNumber: (await fx.person('320402', '机械')).idNumber,
        year: 2026,
        title: '带教',
        plan: '每月带教',
        menteeIdNumbers: [t.idNumber],
      },
    }),
  },
  'POST /api/mentorships/{id}/file': {
    outcomes: both(200, 403, 'hr_department'),
    prepare: async (fx, _role, t) => ({
      url: `/api/mentorships/${await fx.mentorship(t, 'submitted')}/file`,
    }),
  },
  'POST /api/mentorships/{id}/evaluate': {
    // Changzhou's policy lists no mentorship: 0 hours is all it may credit.
    outcomes: both(200, 403, 'employer'),
    prepare: async (fx, _role, t) => ({
      url: `/api/mentorships/${await fx.mentorship(t, 'filed')}/evaluate`,
      body: { date: '2026-06-30', hours: { [t.key]: 0 } },
    }),
  },
  'POST /api/imports': {
    outcomes: both(201, 400, 'hr_department', 'authority'),
    prepare: async (_fx, _role, t) => ({
      url: '/api/imports',
      body: {
        sourceSystem: '外部学时系统',
        rows: [
          {
            idNumber: t.idNumber,
            name: t.name,
            record: { ...training, organizer: 'industry', id: randomUUID() },
          },
        ],
      },
    }),
  },
  // An institution may name any registered person: its roster waits for the authority's or employer's confirmation.
  'POST /api/projects/{id}/rosters': {
    outcomes: { ...both(201, 201, 'institution'), ...both(201, 400, 'hr_department', 'authority') },
    prepare: async (fx, role, t) => ({
      url: `/api/projects/${await fx.project(role)}/rosters`,
      body: { rows: [{ idNumber: t.idNumber, name: t.name }] },
    }),
  },
  // The authority of the institution's region confirms every line, an employer its staff (第二十一条).
  'POST /api/rosters/{id}/confirm': {
    outcomes: both(200, 403, 'authority', 'employer'),
    prepare: async (fx, _role, t) => ({ url: `/api/rosters/${await fx.roster(t)}/confirm` }),
  },
  'POST /api/rosters/{id}/return': {
    outcomes: both(200, 403, 'authority'),
    prepare: async (fx, _role, t) => ({
      url: `/api/rosters/${await fx.roster(t)}/return`,
      body: { reason: '人员信息有误' },
    }),
  },
  // Several rosters at once, all or none: one out of scope refuses the whole request.
  'POST /api/rosters/bulk-confirm': {
    outcomes: both(200, 403, 'authority', 'employer'),
    prepare: async (fx, _role, t) => ({
      url: '/api/rosters/bulk-confirm',
      body: { ids: [await fx.roster(t)] },
    }),
  },
  'POST /api/rosters/bulk-confirm/summary': {
    outcomes: both(200, 403, 'authority', 'employer'),
    prepare: async (fx, _role, t) => ({
      url: '/api/rosters/bulk-confirm/summary',
      body: { ids: [await fx.roster(t)] },
    }),
  },
}

/** Persons and the objects that name them, made directly in the database. */
async function fixtures(api: Awaited<ReturnType<typeof startApi>>) {
  const db = api.d.db
  const orgId = async (name: string) =>
    (await db.selectFrom('organisation').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id
  const userOrg = async (username: string) =>
    (
      await db
        .selectFrom('app_user')
        .select('organisation_id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow()
    ).organisation_id as string
  const [employer, agency, hospital, qingdaoInstitution] = await Promise.all([
    userOrg('demo-employer'),
    userOrg('demo-agency'),
    orgId('青岛市市立医院'),
    orgId('青岛市专业技术人员继续教育基地（青岛大学）'),
  ])
  const orgs: Partial<Record<Role, string>> = {
    institution: await userOrg('demo-institution'),
    authority: await userOrg('demo-authority'),
    hr_department: await userOrg('demo-hr'),
  }
  let n = 0
  const person = async (region: string, industry: string, employedBy?: string): Promise<Target> => {
    n += 1
    const idNumber = makeResidentId(region, `1980${String((n % 12) + 1).padStart(2, '0')}15`, 100 + n)
    const name = `受测${n}`
    const { person: p } = await transact(db, (trx) =>
      registerPerson(
        trx,
        TEST_SECRETS,
        { id: 'clerk' },
        {
          idNumber,
          name,
          regionCode: region,
          series: 'health',
          titleLevel: 'junior',
          industry,
          freelancer: employedBy === agency,
        },
      ),
    )
    if (employedBy)
      await db
        .insertInto('employment')
        .values({
          person_key: p.personKey,
          organisation_id: employedBy,
          relation: employedBy === agency ? 'file_holder' : 'employee',
          from_date: '2020-01-01',
        })
        .execute()
    return { key: p.personKey, idNumber, name }
  }
  const self: Target = {
    key: api.personKey,
    idNumber: api.login('person').idNumber as string,
    name: api.login('person').organisation,
  }
  const out = await person('370202', '卫生', hospital)
  const project = async (organisation: string) =>
    (
      await db
        .insertInto('training_project')
        .values({
          institution_id: organisation,
          title: '研修班',
          subject: 'professional',
          way: 'face_to_face',
          start_date: '2025-09-22',
          end_date: '2025-09-26',
          schedule: '5天',
          venue: '常州',
          faculty: '专家',
          rules: '考勤',
          hours: 40,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  return {
    db,
    out,
    person,
    /** A fresh person the role may name (the person role: themself). */
    inScope: (role: Role): Promise<Target> =>
      role === 'person'
        ? Promise.resolve(self)
        : role === 'agency'
          ? person('320402', '机械', agency)
          : person(
              role === 'authority' ? '320412' : '320402',
              role === 'authority' ? '建筑' : '机械',
              employer,
            ),
    /** The person's own account, made if they have none. */
    account: async (t: Target) => {
      const has = await db
        .selectFrom('app_user')
        .select('id')
        .where('person_key', '=', t.key)
        .executeTakeFirst()
      if (!has)
        await db
          .insertInto('app_user')
          .values({
            username: `p-${t.key.slice(0, 12)}`,
            role: 'person',
            person_key: t.key,
            password_hash: 'x',
          })
          .execute()
    },
    /** A submitted application of the person, in their reviewer's queue. */
    application: async (t: Target) =>
      (
        await transact(db, (trx) =>
          submitApplication(
            trx,
            {
              userId: null,
              username: 'test',
              role: 'person',
              organisationId: null,
              personKey: t.key,
              via: 'session',
              secondFactorDone: true,
              totpEnabled: false,
            },
            // Each a different activity: identical applications are refused (issue #9 item 4).
            { ...training, organizer: 'institution', title: `培训 ${randomUUID()}` },
          ),
        )
      ).id,
    /** A certificate of the person for 2025, issued directly (its serial). */
    certificate: async (t: Target) =>
      (
        await issueCertificate(db, loadCertificateKeys({}, api.ctx.dataDir), { id: 'test' }, t.key, {
          year: 2025,
        })
      ).certificate.serial,
    /** A ledger credit of the person. */
    credit: async (t: Target) =>
      (
        await transact(db, (trx) =>
          appendCredit(
            trx,
            { id: 'test' },
            {
              personKey: t.key,
              record: training,
              source: 'grant',
              creditKey: `test:${randomUUID()}`,
            },
          ),
        )
      ).id,
    /** A project of the role's organisation (any organisation for the roles that cannot report). */
    project: (role: Role) => project(orgs[role] ?? (orgs.institution as string)),
    /** A pending roster naming the person: the demo institution's, or for one out of scope, Qingdao's. */
    roster: async (t: Target) => {
      const projectId = await project(t === out ? qingdaoInstitution : (orgs.institution as string))
      const roster = await db
        .insertInto('roster')
        .values({
          project_id: projectId,
          version: 1,
          status: 'pending',
          content_hash: 'x',
          row_count: 1,
          uploaded_by: 'test',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await db
        .insertInto('roster_row')
        .values({
          person_key: t.key,
          roster_id: roster.id,
          row_no: 1,
          record: JSON.stringify({ ...training, organizer: 'base', days: 5, hours: 36, date: '2025-09-26' }),
        })
        .execute()
      return roster.id
    },
    /** A mentorship of the demo employer with the person as mentee, as submitted (or filed) before any check. */
    mentorship: async (t: Target, status: 'submitted' | 'filed') => {
      const mentor = await person('320402', '机械')
      const row = await db
        .insertInto('mentorship')
        .values({
          organisation_id: employer,
          mentor_person_key: mentor.key,
          year: 2026,
          title: '带教',
          plan: '带教',
          status,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await db.insertInto('mentorship_mentee').values({ person_key: t.key, mentorship_id: row.id }).execute()
      return row.id
    },
  }
}

describe.each(DATABASES)('authorization matrix of writes on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let fx: Fixtures
  let writes: string[]
  const clients = new Map<Role, Client>()

  beforeAll(async () => {
    api = await startApi(kind)
    const doc = (await api.app.inject({ url: '/api/docs/json' })).json() as {
      paths: Record<string, Record<string, unknown>>
    }
    writes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((m) => m !== 'get')
        .map((m) => `${m.toUpperCase()} ${path}`),
    )
    for (const role of ROLES) clients.set(role, await api.as(role))
    fx = await fixtures(api)
  }, 120_000)
  afterAll(() => api.stop())

  const ledgerCount = async (personKey: string) =>
    (await api.d.db.selectFrom('ledger_entry').select('id').where('person_key', '=', personKey).execute())
      .length

  it('every write route has an entry here, and every entry a route', () => {
    expect(writes.sort()).toEqual(Object.keys(WRITES).sort())
  })

  it.each(ROLES)(
    '%s: every write naming a person succeeds in scope and leaves no data out of scope',
    async (role) => {
      const client = clients.get(role) as Client
      const shared = await fx.inScope(role)
      for (const [key, rule] of Object.entries(WRITES)) {
        if (typeof rule === 'string') continue
        const [method] = key.split(' ') as [string]
        const [inStatus, outStatus] = rule.outcomes[role] ?? [403, 403]
        const send = (req: Request) => client.request(method, req.url, req.body, req.headers)
        const mine = rule.outcomes[role] ? await fx.inScope(role) : shared
        const inScope = await send(await rule.prepare(fx, role, mine))
        expect(inScope.statusCode, `${role} ${key} in scope: ${inScope.body}`).toBe(inStatus)
        const req = await rule.prepare(fx, role, fx.out)
        const before = await ledgerCount(fx.out.key)
        const outOfScope = await send(req)
        expect(outOfScope.statusCode, `${role} ${key} out of scope: ${outOfScope.body}`).toBe(outStatus)
        expect(await ledgerCount(fx.out.key), `${role} ${key} out of scope wrote to the ledger`).toBe(before)
      }
    },
    120_000,
  )
})
