import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../src/db/schema.js'
import { type Client, documentedRoutes, routeUrl, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'

// The GET routes that answer one thing rather than a list. Every other GET route is a list: a new one
// fails here until it takes page and pageSize and answers { items, total, page, pageSize }.
const SINGLE = [
  '/api/health',
  '/api/auth/session',
  '/api/me',
  '/api/applications/{personKey}/{id}',
  '/api/applications/{personKey}/{id}/evidence/{evidenceId}',
  '/api/persons/{personKey}/years/{year}',
  '/api/persons/{personKey}/ledger/export',
  '/api/projects/{id}/roster-template',
  // A project's roster versions (one object: the project and its few versions) and an upload's progress.
  '/api/projects/{id}/rosters',
  '/api/projects/publication-rule',
  '/api/uploads/{id}',
  '/api/rosters/{id}',
  '/api/staff/import-template',
  '/api/notifications/unread-count',
  '/api/reviews/year-end/{year}',
  '/api/compliance/summary',
  '/api/compliance/export',
  '/api/compliance/overview',
  '/api/compliance/overview/export',
  // Statistics: a few lines per dimension from the summaries, never a page of persons.
  '/api/statistics',
  '/api/statistics/trend',
  '/api/statistics/export',
  // By training institution: the top institutions (at most 200) and how many in all; the export has every one.
  '/api/statistics/institutions',
  '/api/statistics/institutions/export',
  // A spot check: how it was drawn, its redraw and its workbook (its items are a list).
  '/api/spot-checks/{id}',
  '/api/spot-checks/{id}/redraw',
  '/api/spot-checks/{id}/export',
  // 职工教育经费: a few lines per district or industry, and the workbook.
  '/api/education-funds/own/threshold',
  '/api/education-funds/summary',
  '/api/education-funds/export',
  // One deployment's settings: its top HR department and the few policies it may set (at most the engine's).
  '/api/settings/policies',
  '/api/regions/{code}',
  '/api/regions/scope',
  '/api/organisations/tree',
  // A certificate's PDF and credential, a staff's certificates as one ZIP, their public verification, and
  // the published certificate keys.
  '/api/certificates/{serial}/pdf',
  '/api/certificates/{serial}/credential',
  '/api/staff/certificates.zip',
  '/api/verify/{code}',
  '/.well-known/xueshi-keys.json',
  // An institution's oversight file, and an evaluation round (with its page of institutions inside).
  '/api/institutions/{id}',
  '/api/evaluations/{id}',
  // 数据上报与汇入: the deployment's exchange identity, and the exchange file itself.
  '/api/exchange/identity',
  '/api/exchange/export',
  // 专家与学监: the register as a workbook.
  '/api/advisers/export',
]
const ROLES: Role[] = ['person', 'employer', 'agency', 'institution', 'authority', 'hr_department']

describe.each(DATABASES)('one list shape on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let lists: string[]
  let queries: Map<string, string[]>
  const clients = new Map<Role, Client>()

  beforeAll(async () => {
    api = await startApi(kind)
    const doc = (await api.app.inject({ url: '/api/docs/json' })).json() as {
      paths: Record<string, { get?: { parameters?: { in: string; name: string }[] } }>
    }
    queries = new Map(
      Object.entries(doc.paths).map(([path, m]) => [
        path,
        (m.get?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      ]),
    )
    lists = (await documentedRoutes(api.app))
      .filter(([method, path]) => method === 'GET' && !SINGLE.includes(path))
      .map(([, path]) => path)
    for (const role of ROLES) clients.set(role, await api.as(role))
  }, 120_000)
  afterAll(() => api.stop())

  /** The route's answer to the first role allowed to see it (public routes: without a session). */
  async function firstAnswer(url: string) {
    const anonymous = await api.app.inject({ url })
    if (anonymous.statusCode !== 401) return anonymous
    for (const role of ROLES) {
      const res = await (clients.get(role) as Client).request('GET', url)
      if (res.statusCode !== 403) return res
    }
    throw new Error(`no role may see ${url}`)
  }
  const withQuery = (path: string, query: string) => {
    const url = routeUrl(path, api.personKey)
    return `${url}${url.includes('?') ? '&' : '?'}${query}`
  }

  it('every GET list route takes page and pageSize', () => {
    expect(lists.length).toBeGreaterThanOrEqual(9)
    for (const path of lists)
      expect(queries.get(path), path).toEqual(expect.arrayContaining(['page', 'pageSize']))
  })

  it('every GET list route answers { items, total, page, pageSize } and refuses a page of more than 200', async () => {
    for (const path of lists) {
      const first = await firstAnswer(withQuery(path, 'page=1&pageSize=1'))
      expect(first.statusCode, `${path}: ${first.body}`).toBe(200)
      const body = first.json()
      expect(Object.keys(body).sort(), path).toEqual(['items', 'page', 'pageSize', 'total'])
      expect(body, path).toMatchObject({ page: 1, pageSize: 1 })
      expect(Array.isArray(body.items), path).toBe(true)
      expect(body.items.length, path).toBeLessThanOrEqual(1)
      expect(body.total, path).toBeGreaterThanOrEqual(body.items.length)
      const second = (await firstAnswer(withQuery(path, 'page=2&pageSize=1'))).json()
      expect(second, path).toMatchObject({ page: 2, pageSize: 1, total: body.total })
      if (body.total >= 2) expect(second.items, path).not.toEqual(body.items)
      expect((await firstAnswer(withQuery(path, 'pageSize=201'))).statusCode, path).toBe(400)
    }
  })

  it('the single answers are not lists', async () => {
    // A file (an export) is not JSON at all; a certificate's PDF and verification need one issued first
    // (test/certificates.test.ts).
    const needsCertificate = (p: string) => p.includes('{serial}') || p.startsWith('/api/verify/')
    for (const path of SINGLE.filter(
      (p) => !p.includes('{id}') && !p.endsWith('/export') && !needsCertificate(p),
    )) {
      const res = await firstAnswer(routeUrl(path, api.personKey))
      expect(res.statusCode, path).toBe(200)
      // A file (the ledger's xlsx export) is not JSON, so not a list either.
      if (String(res.headers['content-type']).includes('json'))
        expect(Array.isArray(res.json()), path).toBe(false)
    }
  })
})
