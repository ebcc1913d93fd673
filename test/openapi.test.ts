import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ledgerOf, personYear } from '../src/services/ledger.js'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'

interface Schema {
  type?: string
  format?: string
  properties?: Record<string, Schema>
  items?: Schema
}
type Responses = Record<string, { content?: Record<string, { schema?: Schema }> }>

/** What a JSON answer round-trips to: the serializer must send every field the service returns. */
const asSent = (value: unknown) => JSON.parse(JSON.stringify(value))

describe.each(DATABASES)('the OpenAPI document on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let hr: Client
  let operations: [string, Responses][]
  beforeAll(async () => {
    api = await startApi(kind)
    hr = await api.as('hr_department')
    const doc = (await api.app.inject({ url: '/api/docs/json' })).json()
    operations = Object.entries(
      doc.paths as Record<string, Record<string, { responses: Responses }>>,
    ).flatMap(([path, methods]) =>
      Object.entries(methods).map(
        ([m, op]) => [`${m.toUpperCase()} ${path}`, op.responses] as [string, Responses],
      ),
    )
  }, 60_000)
  afterAll(() => api.stop())

  it('documents the routes', () => {
    expect(operations.length).toBeGreaterThan(40)
  })

  it('every operation says what it answers on success: a JSON shape, or a file', () => {
    for (const [operation, responses] of operations) {
      const success = Object.entries(responses).filter(([code]) => code.startsWith('2'))
      expect(success.length, operation).toBeGreaterThan(0)
      for (const [, response] of success) {
        const [[mediaType, { schema }]] = Object.entries(response.content ?? {}) as [
          [string, { schema: Schema }],
        ]
        const described =
          mediaType === 'application/json'
            ? Object.keys(schema.properties ?? {}).length > 0
            : schema.type === 'string' && schema.format === 'binary'
        expect(described, operation).toBe(true)
      }
    }
  })

  it('every operation says how it answers an error', () => {
    for (const [operation, responses] of operations) {
      const error = responses['4XX']?.content?.['application/json']?.schema
      expect(error?.properties?.error?.properties, operation).toHaveProperty('message')
    }
  })

  it("a person's year is sent whole: the evaluation, its records, totals and notes, and the ledger entries", async () => {
    const res = await hr.request('GET', `/api/persons/${api.personKey}/years/2024`)
    expect(res.statusCode).toBe(200)
    const view = await personYear(api.d.db, api.personKey, 2024)
    expect(view.evaluation.records.length).toBeGreaterThan(0)
    expect(res.json()).toEqual(asSent(view))
  })

  it('a page of the ledger is sent whole', async () => {
    const res = await hr.request('GET', `/api/persons/${api.personKey}/ledger?pageSize=50`)
    expect(res.json()).toEqual(asSent(await ledgerOf(api.d.db, api.personKey, { page: 1, pageSize: 50 })))
  })
})
