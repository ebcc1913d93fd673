import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../src/services/passwords.js'
import { startApi } from './api-helpers.js'
import { DATABASES } from './database.js'

describe.each(DATABASES)('concurrent review on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  beforeAll(async () => {
    api = await startApi(kind)
  }, 60_000)
  afterAll(() => api.stop())

  it('two reviewers approving the same application at once produce one ledger entry', async () => {
    const employer = await api.d.db
      .selectFrom('app_user')
      .select('organisation_id')
      .where('username', '=', 'demo-employer')
      .executeTakeFirstOrThrow()
    await api.d.db
      .insertInto('app_user')
      .values({
        username: 'second-reviewer',
        role: 'employer',
        organisation_id: employer.organisation_id,
        password_hash: await hashPassword('Second-Reviewer-1'),
      })
      .execute()
    const person = await api.as('person')
    const a = await api.as('employer')
    const b = await api.signIn('second-reviewer', 'Second-Reviewer-1')
    for (let round = 0; round < 5; round++) {
      const created = await person.request('POST', '/api/applications', {
        kind: 'online_course',
        subject: 'professional',
        hours: 8 + round,
        date: '2025-03-01',
      })
      const id = created.json().application.id as string
      const url = `/api/applications/${api.personKey}/${id}/approve`
      const results = await Promise.all([a.request('POST', url, {}), b.request('POST', url, {})])
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409])
      const entries = await api.d.db
        .selectFrom('ledger_entry')
        .select('id')
        .where('record_id', '=', id)
        .execute()
      expect(entries).toHaveLength(1)
    }
  })
})
