import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'

interface Item {
  personKey: string
  id: string
  status: string
  createdAt: string
  record: { kind: string; date: string; title?: string }
  personName: string
  idMasked: string
  proposal: { public: number; professional: number; basis: string } | null
  reviewNote: string | null
  ledgerEntryId: string | null
}

const DAY_MS = 86_400_000

// The reviewer's desk (issue #11): the queue oldest first, with the demo's applications waiting on it.
describe.each(DATABASES)('the review queue on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let employer: Client
  let person: Client
  beforeAll(async () => {
    api = await startApi(kind)
    employer = await api.as('employer')
    person = await api.as('person')
  }, 60_000)
  afterAll(() => api.stop())

  const list = async (client: Client, query: string) => {
    const res = await client.request('GET', `/api/applications?${query}`)
    expect(res.statusCode).toBe(200)
    return res.json() as { items: Item[]; total: number; page: number; pageSize: number }
  }

  it('the demo employer has applications waiting, oldest first, over weeks, with masked IDs and proposed hours', async () => {
    const queue = await list(employer, 'status=submitted&order=oldest&pageSize=50')
    expect(queue.total).toBeGreaterThanOrEqual(8)
    expect(queue.total).toBeLessThanOrEqual(15)
    const times = queue.items.map((a) => Date.parse(a.createdAt))
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(((times.at(-1) as number) - (times[0] as number)) / DAY_MS).toBeGreaterThan(14)
    expect(new Set(queue.items.map((a) => a.record.kind)).size).toBeGreaterThanOrEqual(5)
    for (const a of queue.items) {
      expect(a.status).toBe('submitted')
      expect(a.idMasked).toMatch(/^\d{3}\*+\d{3}[\dX]$/)
      expect(a.proposal === null || a.proposal.public + a.proposal.professional >= 0).toBe(true)
    }
    const hours = (a: Item) => (a.proposal ? a.proposal.public + a.proposal.professional : 0)
    expect(queue.items.filter((a) => hours(a) > 0).length).toBeGreaterThanOrEqual(8)
    // The default is newest first (a person's own list); a page holds what was asked for.
    const newest = await list(employer, 'status=submitted&pageSize=3')
    expect(newest.items.map((a) => a.id)).toEqual(
      queue.items
        .slice(-3)
        .reverse()
        .map((a) => a.id),
    )
    expect(newest).toMatchObject({ total: queue.total, page: 1, pageSize: 3 })
    const second = await list(employer, 'status=submitted&order=oldest&pageSize=3&page=2')
    expect(second.items.map((a) => a.id)).toEqual(queue.items.slice(3, 6).map((a) => a.id))
  })

  it('filters by kind, and refuses a kind the vocabulary does not have', async () => {
    const papers = await list(employer, 'status=submitted&kind=paper')
    expect(papers.total).toBeGreaterThan(0)
    expect(papers.items.every((a) => a.record.kind === 'paper')).toBe(true)
    const bad = await employer.request('GET', '/api/applications?kind=poem')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.field).toBe('kind')
  })

  it('each waiting application has its evidence, a PDF or a PNG, served inline to the reviewer', async () => {
    const queue = await list(employer, 'status=submitted&order=oldest&pageSize=50')
    const types = new Set<string>()
    for (const a of queue.items) {
      const url = `/api/applications/${a.personKey}/${a.id}`
      const detail = (await employer.request('GET', url)).json()
      expect(detail.evidence.length).toBe(1)
      const e = detail.evidence[0]
      const file = await employer.request('GET', `${url}/evidence/${e.id}`)
      expect(file.statusCode).toBe(200)
      expect(file.headers['content-type']).toBe(e.mediaType)
      expect(file.headers['content-disposition']).toMatch(/^inline; /)
      const head = file.rawPayload.subarray(0, 8)
      if (e.mediaType === 'application/pdf') expect(head.subarray(0, 5).toString()).toBe('%PDF-')
      else expect(head.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true)
      types.add(e.mediaType)
      expect(detail.proposal?.hours ?? null).toBe(
        a.proposal ? a.proposal.public + a.proposal.professional : null,
      )
    }
    expect([...types].sort()).toEqual(['application/pdf', 'image/png'])
  })

  it('the demo person has one application waiting, one returned with a reason, one approved lower', async () => {
    const mine = await list(person, 'pageSize=50')
    const by = (status: string) => mine.items.filter((a) => a.status === status)
    expect(by('submitted')).toHaveLength(1)
    expect(by('returned')).toHaveLength(1)
    expect(by('returned')[0]?.reviewNote).toContain('重新上传')
    const [approved] = by('approved')
    expect(by('approved')).toHaveLength(1)
    expect(approved?.reviewNote).toBeTruthy()
    const year = Number(approved?.record.date.slice(0, 4))
    const view = (await person.request('GET', `/api/persons/${api.personKey}/years/${year}`)).json()
    const credit = view.evaluation.records.find((r: { id: string }) => r.id === approved?.ledgerEntryId)
    const preview = (
      await person.request('POST', '/api/preview', {
        ...approved?.record,
        id: undefined,
        approvedMax: undefined,
      })
    ).json()
    const proposed = preview.credit.public + preview.credit.professional
    expect(credit.public + credit.professional).toBeGreaterThan(0)
    expect(credit.public + credit.professional).toBeLessThan(proposed)
  })
})
