import { describe, expect, it } from 'vitest'
import { loggedUrl } from './log.js'

describe('loggedUrl', () => {
  it('masks an ID number searched by, as on screen', () => {
    expect(loggedUrl('/api/staff?idNumber=320411198506071234&page=2')).toBe(
      '/api/staff?page=2&idNumber=320***********1234',
    )
  })

  it('masks every idNumber, however written', () => {
    expect(loggedUrl('/api/compliance?idNumber=%2032041119850607123x%20&idNumber=11010519491231002X')).toBe(
      '/api/compliance?idNumber=320***********123x&idNumber=110***********002X',
    )
  })

  it.each(['/api/health', '/api/compliance?year=2024&name=%E5%BC%A0'])('leaves %s as it is', (url) => {
    expect(loggedUrl(url)).toBe(url)
  })
})
