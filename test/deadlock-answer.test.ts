import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { toHttp } from '../src/http/errors.js'

// Two transactions that wait on each other's rows (two roster confirmations naming the same persons in
// different batches can): PostgreSQL ends one with deadlock_detected. Its request answers 503 in plain
// words saying nothing was saved, not a 500.
describe.skipIf(!process.env.TEST_DATABASE_URL)('a deadlock on PostgreSQL', () => {
  it('answers 503: nothing saved, try again', async () => {
    const url = process.env.TEST_DATABASE_URL as string
    const a = new pg.Client({ connectionString: url })
    const b = new pg.Client({ connectionString: url })
    await a.connect()
    await b.connect()
    const table = `deadlock_${process.pid}_${Date.now()}`
    try {
      await a.query(`CREATE TABLE ${table} (id int PRIMARY KEY)`)
      await a.query(`INSERT INTO ${table} VALUES (1), (2)`)
      await a.query('BEGIN')
      await b.query('BEGIN')
      await a.query(`SELECT * FROM ${table} WHERE id = 1 FOR UPDATE`)
      await b.query(`SELECT * FROM ${table} WHERE id = 2 FOR UPDATE`)
      const outcomes = await Promise.allSettled([
        a.query(`SELECT * FROM ${table} WHERE id = 2 FOR UPDATE`),
        b.query(`SELECT * FROM ${table} WHERE id = 1 FOR UPDATE`),
      ])
      const failed = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult
      expect(failed.reason.code).toBe('40P01')
      const [status, body] = toHttp(failed.reason)
      expect(status).toBe(503)
      expect(body.error.message).toBe('与同时进行的另一项操作冲突，本次操作未保存任何更改，请稍后重试')
      expect(JSON.stringify(body)).not.toContain('deadlock')
    } finally {
      await a.query('ROLLBACK').catch(() => {})
      await b.query('ROLLBACK').catch(() => {})
      await a.query(`DROP TABLE IF EXISTS ${table}`)
      await a.end()
      await b.end()
    }
  })
})
