/**
 * Where a notification's link leads for the reader's role. The server links to what a notification is about
 * (`/applications/:personKey/:id`, `/years/:year`, `/persons/:personKey/ledger`, `/rosters/:id`,
 * `/mentorships/:id`); each role reads that thing on a page of its own. `null`: the role's home page.
 */
export function destinationOf(link: string, role: string): string | null {
  const reviewer = role === 'employer' || role === 'agency'
  const parts = link.split('?')[0]?.split('/').filter(Boolean) ?? []
  const [what, a, b] = parts
  const safe = (s: string | undefined) => s !== undefined && /^[A-Za-z0-9_-]+$/.test(s)
  if (what === 'applications' && parts.length === 3 && safe(a) && safe(b)) {
    if (role === 'person') return `/me/applications/${b}`
    if (reviewer) return `/reviews/${a}/${b}`
  }
  if (what === 'years' && parts.length === 2 && a !== undefined && /^\d{4}$/.test(a)) {
    if (role === 'person') return `/me/year?year=${a}`
    if (reviewer) return `/staff/compliance?year=${a}`
  }
  if (what === 'persons' && parts.length === 3 && b === 'ledger' && safe(a)) {
    if (role === 'person') return '/me/ledger'
    if (reviewer) return '/staff/compliance'
  }
  if (what === 'rosters' && parts.length === 2 && safe(a)) {
    if (role === 'institution') return '/rosters'
    if (role === 'authority' || role === 'employer') return `/confirmations/${a}`
  }
  if (what === 'mentorships' && parts.length === 2 && safe(a)) {
    if (role === 'hr_department') return `/mentorship-filings?id=${a}`
    if (role === 'employer') return `/mentorships?id=${a}`
  }
  return null
}
