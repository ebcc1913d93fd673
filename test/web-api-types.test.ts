import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { API_TYPES_FILE, apiTypes } from '../scripts/api-types.js'

describe('web/src/api/schema.d.ts', () => {
  it('matches the OpenAPI document the routes declare today (run `npm run api:types` when it fails)', async () => {
    expect(readFileSync(API_TYPES_FILE, 'utf8')).toBe(await apiTypes())
  })
})
