import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KINDS } from '../src/policy/records.js'
import { COMMON, VOCABULARY } from '../src/policy/vocabulary.js'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'

interface Schema {
  type?: string
  properties?: Record<string, Schema>
  required?: string[]
  oneOf?: Schema[]
  anyOf?: Schema[]
  allOf?: Schema[]
  items?: Schema
  enum?: unknown[]
  description?: string
  example?: Record<string, unknown>
}
interface Operation {
  requestBody?: { content: Record<string, { schema: Schema }> }
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>
}

const ROUTES_WITH_A_RECORD = [
  'post /api/preview',
  'post /api/applications',
  'put /api/applications/{personKey}/{id}',
  'post /api/persons/{personKey}/records',
]

describe.each(DATABASES)('records over HTTP on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let person: Client
  let hr: Client
  let doc: { paths: Record<string, Record<string, Operation>> }
  beforeAll(async () => {
    api = await startApi(kind)
    person = await api.as('person')
    hr = await api.as('hr_department')
    doc = (await api.app.inject({ url: '/api/docs/json' })).json()
  }, 60_000)
  afterAll(() => api.stop())

  const operation = (route: string) => {
    const [method, path] = route.split(' ') as [string, string]
    return doc.paths[path]?.[method] as Operation
  }
  const bodyOf = (route: string) =>
    operation(route).requestBody?.content['application/json']?.schema as Schema

  it.each(ROUTES_WITH_A_RECORD)('%s: the record is one of the kinds, told apart by kind', (route) => {
    const union = bodyOf(route).oneOf as Schema[]
    expect(union.map((b) => b.properties?.kind?.enum)).toEqual(KINDS.map((k) => [k]))
  })

  it('every kind lists its fields, each described, the required ones required, with an example', () => {
    const union = bodyOf('post /api/preview').oneOf as Schema[]
    KINDS.forEach((k, i) => {
      const branch = union[i] as Schema
      const spec = VOCABULARY[k]
      const names = ['kind', 'date', ...COMMON.map((f) => f.name), ...spec.fields.map((f) => f.name)]
      expect(Object.keys(branch.properties ?? {}).sort()).toEqual(names.sort())
      for (const [name, field] of Object.entries(branch.properties ?? {}))
        expect(field.description, `${k}.${name}`).toMatch(/\p{Script=Han}.*[a-z]/su)
      const required = ['kind', 'date', ...spec.fields.filter((f) => !f.optional).map((f) => f.name)]
      expect(branch.required?.sort()).toEqual(required.sort())
      expect(branch.example).toMatchObject({ kind: k })
    })
  })

  it('an import row documents its record as a kind of the union with the source system id', () => {
    const rows = bodyOf('post /api/imports').properties?.rows?.items as Schema
    expect(rows.required).toContain('record')
    const [union, id] = (rows.properties?.record?.allOf ?? []) as [Schema, Schema]
    expect(union.oneOf).toHaveLength(KINDS.length)
    expect(id.required).toEqual(['id'])
  })

  it('an unknown kind is refused naming the known kinds', async () => {
    const res = await person.request('POST', '/api/preview', { kind: 'nap', date: '2025-05-20' })
    expect(res.statusCode).toBe(400)
    const { error } = res.json()
    expect(error).toMatchObject({ code: 'invalid_record', field: 'kind' })
    for (const k of KINDS) expect(error.message).toContain(k)
  })

  it('an unknown kind in an import is a row error naming the known kinds, in Chinese', async () => {
    const res = await hr.request('POST', '/api/imports', {
      sourceSystem: '测试系统',
      rows: [
        {
          idNumber: api.login('person').idNumber,
          name: api.login('person').organisation,
          record: { id: 'x-1', kind: 'nap', date: '2025-05-20' },
        },
      ],
    })
    expect(res.statusCode).toBe(400)
    const [row] = res.json().error.rows
    expect(row).toMatchObject({ row: 1, column: 'record.kind' })
    expect(row.reason).toContain('不是已知的继续教育方式')
    for (const k of KINDS) expect(row.reason).toContain(k)
  })

  it('a record the union refuses still reaches the engine, which names the field', async () => {
    const res = await person.request('POST', '/api/preview', {
      kind: 'online_course',
      subject: 'professional',
      hours: -1,
      date: '2025-05-20',
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toMatchObject({ code: 'invalid_record', field: 'hours' })
  })
})
