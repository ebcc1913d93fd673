import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query'
import { App as AntApp, ConfigProvider } from 'antd'
import enUS from 'antd/locale/en_US'
import zhCN from 'antd/locale/zh_CN'
import { lazy, type ReactNode, Suspense, useEffect } from 'react'
import { createBrowserRouter, Navigate, RouterProvider, useLocation } from 'react-router'
import { whenSignedOut } from './api/client.js'
import { I18nProvider, useT } from './i18n/i18n.js'
import { AppLayout } from './layout/AppLayout.js'
import { Loading } from './layout/Loading.js'
import { homeOf, opensFor, PAGES, type Page } from './pages.js'
import { SESSION_KEY, type Session, useSession } from './session.js'
import { theme } from './theme.js'

const SignIn = lazy(() => import('./pages/SignIn.js'))
const NotFound = lazy(() => import('./pages/common/NotFound.js'))
const Signup = lazy(() => import('./pages/public/Signup.js'))
const RegisterOrganisation = lazy(() => import('./pages/public/RegisterOrganisation.js'))
const ChangePassword = lazy(() => import('./pages/public/ChangePassword.js'))
const Verify = lazy(() => import('./pages/public/Verify.js'))
const PublicProjects = lazy(() => import('./pages/public/PublicProjects.js'))
const Directory = lazy(() => import('./pages/public/Directory.js'))
const PoliciesInForce = lazy(() => import('./pages/hr/PoliciesInForce.js'))
const PublicFrame = lazy(() =>
  import('./pages/public/PublicFrame.js').then((m) => ({ default: m.PublicFrame })),
)

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: (n, e) => n < 2 && !('status' in e), refetchOnWindowFocus: false } },
})

/** The URL to come back to after signing in: the page, its query and its hash. */
export const hereOf = (l: { pathname: string; search: string; hash: string }) =>
  `/sign-in?next=${encodeURIComponent(l.pathname + l.search + l.hash)}`

/**
 * Signed-in pages: without a finished sign-in, the sign-in page, which comes back here afterwards; with a
 * one-time password still in use, the password change (the API refuses everything else until then).
 */
function RequireSession({
  children,
  passwordChange = false,
}: {
  children: (session: Session) => ReactNode
  /** The password change page itself, which opens before the one-time password is changed. */
  passwordChange?: boolean
}) {
  const session = useSession()
  const location = useLocation()
  const client = useQueryClient()
  useEffect(
    () =>
      whenSignedOut(() => {
        if (client.getQueryData(SESSION_KEY)) sessionStorage.setItem('xueshi.expired', '1')
        client.setQueryData(SESSION_KEY, null)
      }),
    [client],
  )
  if (session.isPending) return <Loading />
  if (!session.data?.secondFactorDone) return <Navigate to={hereOf(location)} replace />
  if (session.data.passwordChangeRequired && !passwordChange)
    return <Navigate to="/change-password" replace />
  return children(session.data)
}

/** A page opens only for the roles whose menu lists it (the API enforces the same rule on its data). */
function RoleGate({ page, children }: { page: Page; children: ReactNode }) {
  const { data } = useSession()
  return data && opensFor(page, data.role, data.isAdmin) ? children : <NotFound />
}

function Home() {
  const { data } = useSession()
  return <Navigate to={data ? homeOf(data.role) : '/sign-in'} replace />
}

/** A page loaded on first use, with a skeleton meanwhile. */
const later = (page: ReactNode) => <Suspense fallback={<Loading />}>{page}</Suspense>

const router = createBrowserRouter([
  { path: '/sign-in', element: later(<SignIn />) },
  { path: '/signup', element: later(<Signup />) },
  { path: '/register-organisation', element: later(<RegisterOrganisation />) },
  { path: '/verify', element: later(<Verify />) },
  { path: '/verify/:code', element: later(<Verify />) },
  // What the policy texts make public, for anyone (江西省人民政府令第259号 第十四、十六条).
  { path: '/public/projects', element: later(<PublicProjects />) },
  { path: '/public/institutions', element: later(<Directory />) },
  // 现行政策 for anyone, signed in or not (the signed-in portal shows the same page at /policies-in-force).
  {
    path: '/policies',
    element: later(
      <PublicFrame width={1100}>
        <PoliciesInForce />
      </PublicFrame>,
    ),
  },
  {
    path: '/change-password',
    element: (
      <RequireSession passwordChange>
        {(session) => later(<ChangePassword session={session} />)}
      </RequireSession>
    ),
  },
  {
    path: '/',
    element: <RequireSession>{(session) => <AppLayout session={session} />}</RequireSession>,
    children: [
      { index: true, element: <Home /> },
      ...PAGES.map((p) => ({ path: p.path, element: <RoleGate page={p}>{p.element}</RoleGate> })),
      { path: '*', element: <NotFound /> },
    ],
  },
])

function Themed() {
  const { t } = useT()
  return (
    <ConfigProvider locale={t.lang === 'en' ? enUS : zhCN} theme={theme}>
      <AntApp>
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  )
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <Themed />
      </I18nProvider>
    </QueryClientProvider>
  )
}
