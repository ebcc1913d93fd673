import {
  AuditOutlined,
  BarChartOutlined,
  BellOutlined,
  BookOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  DashboardOutlined,
  FileAddOutlined,
  FileSearchOutlined,
  KeyOutlined,
  ProjectOutlined,
  StopOutlined,
  TeamOutlined,
  UploadOutlined,
  UserAddOutlined,
} from '@ant-design/icons'
import { lazy, type ReactNode } from 'react'
import type { Messages } from './i18n/zh.js'

const MyYear = lazy(() => import('./pages/person/MyYear.js'))
const Building = lazy(() => import('./pages/common/Building.js'))

type Role = 'person' | 'employer' | 'agency' | 'institution' | 'authority' | 'hr_department'
const REVIEWERS: Role[] = ['employer', 'agency']
const ORGANISATIONS: Role[] = ['employer', 'agency', 'institution', 'authority', 'hr_department']

export interface Page {
  path: string
  roles: readonly Role[]
  menu: keyof Messages['menu']
  icon: ReactNode
  element: ReactNode
}

/** Every page of the app, in menu order: a role's side menu lists its pages, and only those open for it. */
export const PAGES: readonly Page[] = [
  { path: '/me/year', roles: ['person'], menu: 'myYear', icon: <DashboardOutlined />, element: <MyYear /> },
  { path: '/me/ledger', roles: ['person'], menu: 'ledger', icon: <BookOutlined />, element: <Building /> },
  {
    path: '/me/register',
    roles: ['person'],
    menu: 'register',
    icon: <FileAddOutlined />,
    element: <Building />,
  },
  {
    path: '/me/applications',
    roles: ['person'],
    menu: 'applications',
    icon: <FileSearchOutlined />,
    element: <Building />,
  },
  { path: '/reviews', roles: REVIEWERS, menu: 'reviewQueue', icon: <AuditOutlined />, element: <Building /> },
  {
    path: '/staff/compliance',
    roles: REVIEWERS,
    menu: 'staffCompliance',
    icon: <TeamOutlined />,
    element: <Building />,
  },
  {
    path: '/staff/register',
    roles: REVIEWERS,
    menu: 'staffRegister',
    icon: <UserAddOutlined />,
    element: <Building />,
  },
  { path: '/year-end', roles: REVIEWERS, menu: 'yearEnd', icon: <CalendarOutlined />, element: <Building /> },
  {
    path: '/projects',
    roles: ['institution'],
    menu: 'projects',
    icon: <ProjectOutlined />,
    element: <Building />,
  },
  {
    path: '/rosters',
    roles: ['institution'],
    menu: 'rosters',
    icon: <UploadOutlined />,
    element: <Building />,
  },
  {
    path: '/confirmations',
    roles: ['authority', 'employer'],
    menu: 'confirmations',
    icon: <CheckSquareOutlined />,
    element: <Building />,
  },
  {
    path: '/revocations',
    roles: ['hr_department'],
    menu: 'revocations',
    icon: <StopOutlined />,
    element: <Building />,
  },
  {
    path: '/statistics',
    roles: ['authority', 'hr_department'],
    menu: 'statistics',
    icon: <BarChartOutlined />,
    element: <Building />,
  },
  { path: '/tokens', roles: ORGANISATIONS, menu: 'tokens', icon: <KeyOutlined />, element: <Building /> },
  {
    path: '/notifications',
    roles: ['person', ...ORGANISATIONS],
    menu: 'notifications',
    icon: <BellOutlined />,
    element: <Building />,
  },
]

export const pagesOf = (role: string): Page[] => PAGES.filter((p) => (p.roles as string[]).includes(role))

/** A role's home: the first page of its menu. */
export const homeOf = (role: string): string => pagesOf(role)[0]?.path ?? '/notifications'
