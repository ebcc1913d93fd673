import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../src/db/schema.js'
import { type Client, documentedRoutes, routeUrl, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'

const ROLES: Role[] = ['person', 'employer', 'agency', 'institution', 'authority', 'hr_department']
const CJK = /[\u3400-\u9fff]/
// zod's, Fastify's and our own English, as they read before issue #10.
const ENGLISH =
  /invalid input|invalid option|expected|received|not found|must be|cannot|unrecognized|too (big|small)|body is|media type|request body/i

/** A 4xx answer whose message is plain Chinese. */
function expectChinese(res: LightMyRequestResponse, what: string): string {
  const message = res.json().error?.message as string
  expect(message, `${what}: ${res.body}`).toMatch(CJK)
  expect(message, `${what}: ${res.body}`).not.toMatch(ENGLISH)
  return message
}

describe.each(DATABASES)('error messages on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let hr: Client
  let revoke: (entryId: string) => string
  let entryId: string

  beforeAll(async () => {
    api = await startApi(kind)
    hr = await api.as('hr_department')
    revoke = (id) => `/api/persons/${api.personKey}/ledger/${id}/revoke`
    const ledger = (await hr.request('GET', `/api/persons/${api.personKey}/ledger?pageSize=200`)).json()
    entryId = ledger.items.find((e: { entryType: string }) => e.entryType === 'credit').id
  }, 120_000)
  afterAll(() => api.stop())

  it.each([
    ['a missing field', {}, 'ground', '请求体字段「ground」：缺少该字段'],
    ['a wrong type', { ground: 'fraud', reason: 5 }, 'reason', '请求体字段「reason」：须为字符串'],
    ['an empty string', { ground: 'fraud', reason: '' }, 'reason', '请求体字段「reason」：不能为空'],
    [
      'a bad choice',
      { ground: 'lies', reason: 'x' },
      'ground',
      '请求体字段「ground」：须为以下之一：fraud、error',
    ],
    [
      'a string too long',
      { ground: 'fraud', reason: 'x'.repeat(501) },
      'reason',
      '请求体字段「reason」：不能超过500个字符',
    ],
  ])('%s: names the field in Chinese', async (_what, body, field, message) => {
    const res = await hr.request('POST', revoke(entryId), body)
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toEqual({ code: 'invalid_input', field, message })
  })

  it('path and query parameters: named, in Chinese', async () => {
    const badId = await hr.request('POST', revoke('not-a-uuid'), { ground: 'fraud', reason: 'x' })
    expect(badId.json().error).toMatchObject({
      field: 'entryId',
      message: '路径参数字段「entryId」：须为 UUID',
    })
    const year = await hr.request('GET', `/api/persons/${api.personKey}/years/1800`)
    expect(year.json().error.message).toBe('路径参数字段「year」：不能小于1990')
    const page = await hr.request('GET', `/api/persons/${api.personKey}/ledger?pageSize=x`)
    expect(page.json().error.message).toBe('查询参数字段「pageSize」：须为十进制整数')
  })

  it('a missing entity and a conflict: Chinese, naming what', async () => {
    const missing = await hr.request('POST', revoke('00000000-0000-4000-8000-000000000000'), {
      ground: 'fraud',
      reason: '伪造',
    })
    expect(missing.statusCode).toBe(404)
    expect(expectChinese(missing, 'not found')).toBe(
      '未找到学时账户记录（00000000-0000-4000-8000-000000000000）',
    )
    const first = await hr.request('POST', revoke(entryId), { ground: 'error', reason: '登记错误' })
    expect(first.statusCode).toBe(200)
    const twice = await hr.request('POST', revoke(entryId), { ground: 'error', reason: '登记错误' })
    expect(twice.statusCode).toBe(409)
    expect(expectChinese(twice, 'twice')).toContain('已冲销')
    const ofReversal = await hr.request('POST', revoke(first.json().id), {
      ground: 'error',
      reason: '登记错误',
    })
    expect(ofReversal.statusCode).toBe(409)
    expect(expectChinese(ofReversal, 'reversal')).toBe('冲销记录本身不能再冲销')
  })

  it("Fastify's own refusals: malformed JSON, an empty JSON body, a body too large, another media type, a bad URL", async () => {
    const json = { 'content-type': 'application/json' }
    const cases: [string, Promise<LightMyRequestResponse>, number][] = [
      ['malformed JSON', hr.request('POST', revoke(entryId), '{"ground":', json), 400],
      ['empty JSON', hr.request('POST', revoke(entryId), '', json), 400],
      ['too large', hr.request('POST', revoke(entryId), `"${'x'.repeat(1024 * 1024 + 1)}"`, json), 413],
      ['media type', hr.request('POST', revoke(entryId), '<a/>', { 'content-type': 'application/xml' }), 415],
      ['bad URL', api.app.inject({ url: '/api/persons/%E0%A4%A' }), 400],
      ['no such route', api.app.inject({ url: '/api/nowhere' }), 404],
    ]
    for (const [what, pending, status] of cases) {
      const res = await pending
      expect(res.statusCode, what).toBe(status)
      expectChinese(res, what)
    }
    const large = await hr.request('POST', revoke(entryId), `"${'x'.repeat(1024 * 1024 + 1)}"`, json)
    expect(large.json().error.message).toBe('请求体过大：不能超过1 MB')
  })

  it('an invalid activity record (the engine checks it): Chinese, naming the field', async () => {
    const person = await api.as('person')
    const res = await person.request('POST', '/api/preview', { kind: 'training', date: '2024-05-01' })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.field).toBe('subject')
    expect(expectChinese(res, 'record')).toContain('「subject」')
  })

  it('every documented route, as every role, with an empty and a wrong body: every 4xx in Chinese', async () => {
    const routes = await documentedRoutes(api.app)
    const clients = [undefined, ...(await Promise.all(ROLES.map((r) => api.as(r))))]
    const bodies = [{}, { unexpected: ['x'] }, 'x', []]
    let checked = 0
    for (const client of clients) {
      for (const [method, path] of routes) {
        if (path === '/api/auth/logout') continue // would end the session
        for (const body of method === 'GET' || method === 'DELETE' ? [undefined] : bodies) {
          const url = routeUrl(path, api.personKey)
          const res = client
            ? await client.request(method, url, body)
            : await api.app.inject({ method: method as 'GET', url, payload: body as object })
          if (res.statusCode < 400 || res.statusCode >= 500) continue
          expectChinese(res, `${method} ${path} ${JSON.stringify(body)}`)
          if (process.env.SHOW) console.log('MSG', res.statusCode, method, path, res.json().error.message)
          checked++
        }
      }
    }
    expect(checked).toBeGreaterThan(200)
  }, 120_000)

  it('Accept-Language: en gets the English where there is one; Chinese stays the default', async () => {
    const en = { 'accept-language': 'en-US,en;q=0.9,zh;q=0.5' }
    const missing = await hr.request('POST', revoke(entryId), { reason: 'x' }, en)
    expect(missing.json().error).toMatchObject({
      field: 'ground',
      message: expect.stringMatching(/^body ground: Invalid option/),
    })
    const notFound = await hr.request(
      'POST',
      revoke('00000000-0000-4000-8000-000000000000'),
      { ground: 'fraud', reason: 'x' },
      en,
    )
    expect(notFound.json().error.message).toBe('ledger entry 00000000-0000-4000-8000-000000000000 not found')
    const malformed = await hr.request('POST', revoke(entryId), '{', {
      ...en,
      'content-type': 'application/json',
    })
    expect(malformed.json().error.message).toMatch(/not valid JSON/)
    const zhFirst = await hr.request(
      'POST',
      revoke(entryId),
      { reason: 'x' },
      { 'accept-language': 'zh-CN,en' },
    )
    expect(zhFirst.json().error.message).toBe('请求体字段「ground」：缺少该字段')
  })
})
