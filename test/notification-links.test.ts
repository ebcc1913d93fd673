import { describe, expect, it } from 'vitest'
import { destinationOf } from '../web/src/notification-links.js'

const KEY = 'p_3f9a1c'
const ID = '0b6c2a1e-5d4f-4a8b-9c3d-2e1f0a9b8c7d'

describe('a notification link opens the page it is about, for the reader’s role', () => {
  it.each([
    [`/applications/${KEY}/${ID}`, 'person', `/me/applications/${ID}`],
    [`/applications/${KEY}/${ID}`, 'employer', `/reviews/${KEY}/${ID}`],
    [`/applications/${KEY}/${ID}`, 'agency', `/reviews/${KEY}/${ID}`],
    ['/years/2025', 'person', '/me/year?year=2025'],
    ['/years/2025', 'employer', '/staff/compliance?year=2025'],
    ['/years/2024', 'agency', '/staff/compliance?year=2024'],
    [`/persons/${KEY}/ledger`, 'person', '/me/ledger'],
    [`/persons/${KEY}/ledger`, 'employer', '/staff/compliance'],
    [`/rosters/${ID}`, 'institution', '/rosters'],
    [`/rosters/${ID}`, 'authority', `/confirmations/${ID}`],
    [`/rosters/${ID}`, 'employer', `/confirmations/${ID}`],
    // 导师制: 待备案 reaches the city HR department, 已备案 the employer (鲁人社发〔2016〕10号 （十九）).
    [`/mentorships/${ID}`, 'hr_department', `/mentorship-filings?id=${ID}`],
    [`/mentorships/${ID}`, 'employer', `/mentorships?id=${ID}`],
  ])('%s for %s → %s', (link, role, page) => {
    expect(destinationOf(link, role)).toBe(page)
  })

  it.each([
    [`/mentorships/${ID}`, 'person'],
    ['/mentorships/a/b', 'employer'],
    [`/applications/${KEY}/${ID}`, 'hr_department'],
    ['/years/2025', 'institution'],
    [`/rosters/${ID}`, 'person'],
    ['/years/20x5', 'person'],
    ['/applications/only-one', 'person'],
    ['/applications/a/b/c', 'employer'],
    ['/applications/../x', 'employer'],
    ['https://elsewhere.example/years/2025', 'person'],
    ['', 'person'],
  ])('%s for %s → the role’s home page', (link, role) => {
    expect(destinationOf(link, role)).toBeNull()
  })
})
