import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../src/db/schema.js'
import { type Client, documentedRoutes, startApi, routeUrl as url } from './api-helpers.js'
import { DATABASES } from './database.js'

type Rule = 'public' | 'signed-in' | Role[]
const ORGS: Role[] = ['employer', 'agency', 'institution', 'authority', 'hr_department']
const ROLES: Role[] = ['person', ...ORGS]

// The access rules, written down here independently of the routes: a route missing from this table
// fails the test, so every new route gets an explicit decision.
const EXPECTED: Record<string, Rule> = {
  'GET /api/health': 'public',
  'GET /api/policies': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'signed-in',
  'GET /api/auth/session': 'signed-in',
  'POST /api/auth/totp/setup': 'signed-in',
  'POST /api/auth/totp/enable': 'signed-in',
  'POST /api/auth/totp/verify': 'signed-in',
  'POST /api/auth/password': 'signed-in',
  'GET /api/tokens': ORGS,
  'POST /api/tokens': ORGS,
  'DELETE /api/tokens/{id}': ORGS,
  'POST /api/preview': ['person'],
  'POST /api/applications': ['person'],
  'GET /api/applications': ['person', 'employer', 'agency'],
  'GET /api/applications/{personKey}/{id}': 'signed-in',
  'PUT /api/applications/{personKey}/{id}': ['person'],
  'POST /api/applications/{personKey}/{id}/evidence': ['person'],
  'POST /api/applications/{personKey}/{id}/approve': ['employer', 'agency'],
  'POST /api/applications/{personKey}/{id}/return': ['employer', 'agency'],
  'POST /api/applications/{personKey}/{id}/reject': ['employer', 'agency'],
  'GET /api/persons/{personKey}/years/{year}': 'signed-in',
  'GET /api/persons/{personKey}/ledger': 'signed-in',
  'POST /api/persons/{personKey}/ledger/{entryId}/revoke': ['hr_department'],
  'POST /api/persons/{personKey}/records': ['employer', 'agency'],
  'GET /api/me': ['person'],
  'GET /api/compliance': ['employer', 'agency', 'authority', 'hr_department'],
  'GET /api/projects': 'public',
  'POST /api/projects': ['institution', 'hr_department', 'authority'],
  'POST /api/projects/{id}/rosters': ['institution', 'hr_department', 'authority'],
  'GET /api/projects/{id}/roster-template': ['institution', 'hr_department', 'authority'],
  'POST /api/rosters/{id}/confirm': ['authority', 'employer'],
  'GET /api/rosters/deadlines': ['institution'],
  'POST /api/reviews/year-end': ['employer', 'agency'],
  'POST /api/persons/{personKey}/departure': ['employer', 'agency'],
  'GET /api/staff': ['employer', 'agency'],
  'POST /api/staff': ['employer', 'agency'],
  'POST /api/mentorships': ['employer'],
  'POST /api/mentorships/{id}/file': ['hr_department'],
  'POST /api/mentorships/{id}/evaluate': ['employer'],
  'POST /api/imports': ['hr_department', 'authority'],
  'GET /api/calendar/{year}': 'public',
  'PUT /api/calendar': ['hr_department'],
  'GET /api/notifications': 'signed-in',
  'GET /api/notifications/unread-count': 'signed-in',
  'POST /api/notifications/{id}/read': 'signed-in',
}

/** Bodies valid enough to reach the handler's own scope checks. */
const BODIES: Record<string, unknown> = {
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
