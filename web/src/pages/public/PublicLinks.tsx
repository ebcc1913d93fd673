import { Grid } from 'antd'
import { NavLink } from 'react-router'
import { useT } from '../../i18n/i18n.js'

/** The pages anyone may open without signing in, as the header's links (the policy texts make them public). */
export const PUBLIC_LINKS = [
  { to: '/verify', key: 'verify' },
  { to: '/public/projects', key: 'projects' },
  { to: '/public/institutions', key: 'directory' },
] as const
const SIGN_IN = { to: '/sign-in', key: 'signIn' } as const

/**
 * 公开查询 in the header of the public pages and the sign-in page: a row of links beside the brand, on a
 * line of its own on a phone; on the pages before signing in, the way back to it. The current page's link is
 * underlined (aria-current).
 */
export function PublicLinks({ signIn = false }: { signIn?: boolean }) {
  const { t } = useT()
  const wide = Grid.useBreakpoint().md ?? true
  return (
    <nav
      aria-label={t.publicHomePage.navLabel}
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        columnGap: wide ? 20 : 14,
        rowGap: 4,
        order: wide ? 0 : 1,
        width: wide ? 'auto' : '100%',
        fontSize: 14,
      }}
    >
      {[...PUBLIC_LINKS, ...(signIn ? [SIGN_IN] : [])].map((l) => (
        <NavLink
          key={l.key}
          to={l.to}
          style={({ isActive }) => ({
            color: '#fff',
            whiteSpace: 'nowrap',
            textDecoration: isActive ? 'underline' : 'none',
            textUnderlineOffset: 4,
          })}
        >
          {t.publicHomePage[l.key]}
        </NavLink>
      ))}
    </nav>
  )
}
