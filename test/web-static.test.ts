import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/http/app.js'
import type { AppContext } from '../src/http/context.js'

// Static files and the app's fallback never reach the database: the app is built on a context without one.
const NO_DATABASE = { require2fa: false, trustProxy: false } as AppContext

describe('the web app at /', () => {
  const root = mkdtempSync(join(tmpdir(), 'xueshi-web-'))
  mkdirSync(join(root, 'assets'))
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>学时</title>')
  writeFileSync(join(root, 'assets', 'index-Ab12Cd34.js'), 'console.log(1)')
  writeFileSync(join(root, 'assets', 'index-Ab12Cd34.js.br'), brotliCompressSync('console.log(1)'))
  writeFileSync(join(root, 'assets', 'index-Ab12Cd34.js.gz'), gzipSync('console.log(1)'))
  let app: Awaited<ReturnType<typeof buildApp>>
  beforeAll(async () => {
    app = await buildApp(NO_DATABASE, { webRoot: root })
  })
  afterAll(() => app.close())

  it('serves index.html at / without caching it', async () => {
    const res = await app.inject({ method: 'GET', url: '/' })
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('学时')
    expect(res.headers['cache-control']).toBe('no-cache')
  })

  it('serves hashed assets with a year-long immutable cache', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
  })

  it('sends the brotli or gzip copy the build made to a browser that accepts it, the file itself otherwise', async () => {
    const url = '/assets/index-Ab12Cd34.js'
    const br = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br' } })
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(br.rawPayload).toEqual(brotliCompressSync('console.log(1)'))
    const gz = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } })
    expect(gz.headers['content-encoding']).toBe('gzip')
    const plain = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'identity' } })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body).toBe('console.log(1)')
  })

  it.each(['/me/year', '/reviews/queue?page=2'])(
    'answers the client route %s with index.html',
    async (url) => {
      const res = await app.inject({ method: 'GET', url })
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toContain('text/html')
      expect(res.body).toContain('学时')
    },
  )

  it.each(['/api/nothing-here', '/api', '/assets/missing-1234.js', '/favicon.ico'])(
    'answers %s with the JSON 404, never the app',
    async (url) => {
      const res = await app.inject({ method: 'GET', url })
      expect(res.statusCode).toBe(404)
      expect(res.json().error.code).toBe('not_found')
    },
  )

  it('keeps the static routes out of the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json()
    // The published certificate keys live at the well-known address verifiers look for (RFC 8615).
    expect(
      Object.keys(doc.paths).filter((p) => !p.startsWith('/api/') && p !== '/.well-known/xueshi-keys.json'),
    ).toEqual([])
  })

  it('answers 404 JSON at / when no web app was built', async () => {
    const bare = await buildApp(NO_DATABASE)
    const res = await bare.inject({ method: 'GET', url: '/me/year' })
    expect(res.statusCode).toBe(404)
    await bare.close()
  })
})
