import {
  AccountBookOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  BellOutlined,
  BookOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  CrownOutlined,
  DashboardOutlined,
  FileAddOutlined,
  FileExcelOutlined,
  FileProtectOutlined,
  FileSearchOutlined,
  FileZipOutlined,
  GiftOutlined,
  IdcardOutlined,
  KeyOutlined,
  LikeOutlined,
  LoginOutlined,
  LogoutOutlined,
  ProjectOutlined,
  ReadOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SolutionOutlined,
  StopOutlined,
  SwapOutlined,
  TableOutlined,
  TeamOutlined,
  TrophyOutlined,
  UploadOutlined,
  UserAddOutlined,
  UsergroupAddOutlined,
} from '@ant-design/icons'
import { lazy, type ReactNode } from 'react'
import type { Messages } from './i18n/zh.js'

const MyYear = lazy(() => import('./pages/person/MyYear.js'))
const Ledger = lazy(() => import('./pages/person/Ledger.js'))
const Register = lazy(() => import('./pages/person/Register.js'))
const Applications = lazy(() => import('./pages/person/Applications.js'))
const ReviewQueue = lazy(() => import('./pages/reviewer/ReviewQueue.js'))
const Review = lazy(() => import('./pages/reviewer/Review.js'))
const StaffCompliance = lazy(() => import('./pages/reviewer/StaffCompliance.js'))
const StaffRegister = lazy(() => import('./pages/reviewer/StaffRegister.js'))
const YearEnd = lazy(() => import('./pages/reviewer/YearEnd.js'))
const Departure = lazy(() => import('./pages/reviewer/Departure.js'))
const TransferIn = lazy(() => import('./pages/reviewer/TransferIn.js'))
const StaffImport = lazy(() => import('./pages/reviewer/StaffImport.js'))
const Tokens = lazy(() => import('./pages/common/Tokens.js'))
const Notifications = lazy(() => import('./pages/common/Notifications.js'))
const Account = lazy(() => import('./pages/common/Account.js'))
const NotificationLink = lazy(() => import('./pages/common/NotificationLink.js'))
const Registrations = lazy(() => import('./pages/hr/Registrations.js'))
const Organisations = lazy(() => import('./pages/hr/Organisations.js'))
const StaffRequests = lazy(() => import('./pages/reviewer/StaffRequests.js'))
const Accounts = lazy(() => import('./pages/common/Accounts.js'))
const PolicySettings = lazy(() => import('./pages/hr/PolicySettings.js'))
const Certificates = lazy(() => import('./pages/person/Certificates.js'))
const StaffCertificates = lazy(() => import('./pages/reviewer/StaffCertificates.js'))
const Projects = lazy(() => import('./pages/institution/Projects.js'))
const Rosters = lazy(() => import('./pages/institution/Rosters.js'))
const Grants = lazy(() => import('./pages/hr/Grants.js'))
const Exchange = lazy(() => import('./pages/hr/Exchange.js'))
const Confirmations = lazy(() => import('./pages/authority/Confirmations.js'))
const ConfirmationDetail = lazy(() => import('./pages/authority/ConfirmationDetail.js'))
const Revocations = lazy(() => import('./pages/hr/Revocations.js'))
const Calendar = lazy(() => import('./pages/hr/Calendar.js'))
const PoliciesInForce = lazy(() => import('./pages/hr/PoliciesInForce.js'))
const Overview = lazy(() => import('./pages/hr/Overview.js'))
const StatisticsReport = lazy(() => import('./pages/hr/StatisticsReport.js'))
const InstitutionOversight = lazy(() => import('./pages/hr/InstitutionOversight.js'))
const Evaluations = lazy(() => import('./pages/hr/Evaluations.js'))
const Advisers = lazy(() => import('./pages/hr/Advisers.js'))
const Ratings = lazy(() => import('./pages/person/Ratings.js'))
const SpotChecks = lazy(() => import('./pages/oversight/SpotChecks.js'))
const SpotCheckDetail = lazy(() => import('./pages/oversight/SpotCheckDetail.js'))
const EducationFunds = lazy(() => import('./pages/funds/EducationFunds.js'))
const EducationFundsRegion = lazy(() => import('./pages/funds/EducationFundsRegion.js'))
const Mentorships = lazy(() => import('./pages/mentorship/Mentorships.js'))
const MentorshipFilings = lazy(() => import('./pages/mentorship/MentorshipFilings.js'))

type Role = 'person' | 'employer' | 'agency' | 'institution' | 'authority' | 'hr_department'
const REVIEWERS: Role[] = ['employer', 'agency']
const ORGANISATIONS: Role[] = ['employer', 'agency', 'institution', 'authority', 'hr_department']
const EVERYONE: Role[] = ['person', ...ORGANISATIONS]

export interface Page {
  path: string
  roles: readonly Role[]
  /** The page's entry in the side menu; pages without one are reached from other pages (details, links). */
  menu?: keyof Messages['menu']
  icon?: ReactNode
  element: ReactNode
  /** Only the organisation's administrators (the API refuses clerks the same way). */
  adminOnly?: boolean
}

/** Every page of the app, in menu order: a role's side menu lists its pages, and only those open for it. */
export const PAGES: readonly Page[] = [
  { path: '/me/year', roles: ['person'], menu: 'myYear', icon: <DashboardOutlined />, element: <MyYear /> },
  { path: '/me/ledger', roles: ['person'], menu: 'ledger', icon: <BookOutlined />, element: <Ledger /> },
  {
    path: '/me/register',
    roles: ['person'],
    menu: 'register',
    icon: <FileAddOutlined />,
    element: <Register />,
  },
  {
    path: '/me/applications',
    roles: ['person'],
    menu: 'applications',
    icon: <FileSearchOutlined />,
    element: <Applications />,
  },
  { path: '/me/applications/:id', roles: ['person'], element: <Applications /> },
  {
    path: '/me/certificates',
    roles: ['person'],
    menu: 'certificates',
    icon: <SafetyCertificateOutlined />,
    element: <Certificates />,
  },
  { path: '/me/applications/:id/edit', roles: ['person'], element: <Register /> },
  { path: '/me/ratings', roles: ['person'], menu: 'ratings', icon: <LikeOutlined />, element: <Ratings /> },
  {
    path: '/reviews',
    roles: REVIEWERS,
    menu: 'reviewQueue',
    icon: <AuditOutlined />,
    element: <ReviewQueue />,
  },
  { path: '/reviews/:personKey/:id', roles: REVIEWERS, element: <Review /> },
  {
    path: '/staff/compliance',
    roles: REVIEWERS,
    menu: 'staffCompliance',
    icon: <TeamOutlined />,
    element: <StaffCompliance />,
  },
  {
    path: '/staff/register',
    roles: REVIEWERS,
    menu: 'staffRegister',
    icon: <UserAddOutlined />,
    element: <StaffRegister />,
  },
  { path: '/year-end', roles: REVIEWERS, menu: 'yearEnd', icon: <CalendarOutlined />, element: <YearEnd /> },
  {
    path: '/staff/departure',
    roles: REVIEWERS,
    menu: 'departure',
    icon: <LogoutOutlined />,
    element: <Departure />,
  },
  {
    path: '/staff/transfer-in',
    roles: REVIEWERS,
    menu: 'transferIn',
    icon: <LoginOutlined />,
    element: <TransferIn />,
  },
  {
    path: '/staff/import',
    roles: REVIEWERS,
    menu: 'staffImport',
    icon: <FileExcelOutlined />,
    element: <StaffImport />,
  },
  {
    path: '/staff/certificates',
    roles: REVIEWERS,
    menu: 'staffCertificates',
    icon: <FileZipOutlined />,
    element: <StaffCertificates />,
  },
  {
    path: '/projects',
    roles: ['institution'],
    menu: 'projects',
    icon: <ProjectOutlined />,
    element: <Projects />,
  },
  {
    path: '/rosters',
    roles: ['institution'],
    menu: 'rosters',
    icon: <UploadOutlined />,
    element: <Rosters />,
  },
  {
    path: '/confirmations',
    roles: ['authority', 'employer'],
    menu: 'confirmations',
    icon: <CheckSquareOutlined />,
    element: <Confirmations />,
  },
  { path: '/confirmations/:id', roles: ['authority', 'employer'], element: <ConfirmationDetail /> },
  {
    path: '/authority/compliance',
    roles: ['authority'],
    menu: 'authorityCompliance',
    icon: <TeamOutlined />,
    element: <StaffCompliance authority />,
  },
  {
    path: '/revocations',
    roles: ['hr_department'],
    menu: 'revocations',
    icon: <StopOutlined />,
    element: <Revocations />,
  },
  {
    path: '/statistics',
    roles: ['authority', 'hr_department'],
    menu: 'statistics',
    icon: <BarChartOutlined />,
    element: <Overview />,
  },
  {
    path: '/statistics/report',
    roles: ['authority', 'hr_department'],
    menu: 'statisticsReport',
    icon: <TableOutlined />,
    element: <StatisticsReport />,
  },
  {
    path: '/spot-checks',
    roles: ['authority', 'hr_department'],
    menu: 'spotChecks',
    icon: <FileSearchOutlined />,
    element: <SpotChecks />,
  },
  { path: '/spot-checks/:id', roles: ['authority', 'hr_department'], element: <SpotCheckDetail /> },
  {
    path: '/education-funds/region',
    roles: ['authority', 'hr_department'],
    menu: 'educationFundsRegion',
    icon: <AccountBookOutlined />,
    element: <EducationFundsRegion />,
  },
  {
    path: '/mentorship-filings',
    roles: ['hr_department'],
    menu: 'mentorshipFilings',
    icon: <ReadOutlined />,
    element: <MentorshipFilings />,
  },
  {
    path: '/region/compliance',
    roles: ['hr_department'],
    menu: 'regionCompliance',
    icon: <TeamOutlined />,
    element: <StaffCompliance region />,
  },
  {
    path: '/oversight/institutions',
    roles: ['hr_department', 'authority'],
    menu: 'institutionOversight',
    icon: <BankOutlined />,
    element: <InstitutionOversight />,
  },
  {
    path: '/oversight/evaluations',
    roles: ['hr_department'],
    menu: 'evaluations',
    icon: <TrophyOutlined />,
    element: <Evaluations />,
  },
  { path: '/oversight/evaluations/:id', roles: ['hr_department'], element: <Evaluations /> },
  {
    path: '/oversight/advisers',
    roles: ['hr_department'],
    menu: 'advisers',
    icon: <CrownOutlined />,
    element: <Advisers />,
  },
  {
    path: '/exchange',
    roles: ['hr_department'],
    menu: 'exchange',
    icon: <SwapOutlined />,
    element: <Exchange />,
  },
  {
    path: '/grants',
    roles: ['hr_department', 'authority'],
    menu: 'grants',
    icon: <GiftOutlined />,
    element: <Grants />,
  },
  {
    path: '/education-funds',
    roles: ['employer'],
    menu: 'educationFunds',
    icon: <AccountBookOutlined />,
    element: <EducationFunds />,
  },
  {
    path: '/mentorships',
    roles: ['employer'],
    menu: 'mentorships',
    icon: <ReadOutlined />,
    element: <Mentorships />,
  },
  {
    path: '/staff/requests',
    roles: REVIEWERS,
    menu: 'staffRequests',
    icon: <UsergroupAddOutlined />,
    element: <StaffRequests />,
  },
  {
    path: '/registrations',
    roles: ['hr_department'],
    menu: 'registrations',
    icon: <SolutionOutlined />,
    element: <Registrations />,
  },
  {
    path: '/organisations',
    roles: ['hr_department'],
    menu: 'organisations',
    icon: <ApartmentOutlined />,
    element: <Organisations />,
  },
  {
    path: '/accounts',
    roles: ORGANISATIONS,
    menu: 'accounts',
    icon: <IdcardOutlined />,
    element: <Accounts />,
    adminOnly: true,
  },
  {
    path: '/settings/policies',
    roles: ['hr_department'],
    menu: 'policySettings',
    icon: <FileProtectOutlined />,
    element: <PolicySettings />,
    adminOnly: true,
  },
  {
    path: '/calendar',
    roles: ['hr_department'],
    menu: 'calendar',
    icon: <ScheduleOutlined />,
    element: <Calendar />,
  },
  {
    path: '/policies-in-force',
    roles: EVERYONE,
    menu: 'policiesInForce',
    icon: <ReadOutlined />,
    element: <PoliciesInForce />,
  },
  { path: '/tokens', roles: ORGANISATIONS, menu: 'tokens', icon: <KeyOutlined />, element: <Tokens /> },
  {
    path: '/notifications',
    roles: EVERYONE,
    menu: 'notifications',
    icon: <BellOutlined />,
    element: <Notifications />,
  },
  { path: '/account', roles: EVERYONE, element: <Account /> },
  // The links notifications carry (src/services: applications, reviews, revocations, rosters, mentorships),
  // each opening the page the notification is about for the reader's role.
  { path: '/applications/:personKey/:id', roles: EVERYONE, element: <NotificationLink /> },
  { path: '/years/:year', roles: EVERYONE, element: <NotificationLink /> },
  { path: '/persons/:personKey/ledger', roles: EVERYONE, element: <NotificationLink /> },
  { path: '/rosters/:id', roles: EVERYONE, element: <NotificationLink /> },
  { path: '/mentorships/:id', roles: EVERYONE, element: <NotificationLink /> },
  { path: '/calendar/:year', roles: ['hr_department'], element: <Calendar /> },
]

/** Whether a page opens for this account: its role, and administrators only where the page says so. */
export const opensFor = (p: Page, role: string, isAdmin: boolean): boolean =>
  (p.roles as string[]).includes(role) && (!p.adminOnly || isAdmin)

/** An account's side menu: the pages open for it that have a menu entry. */
export const pagesOf = (role: string, isAdmin = false): Page[] =>
  PAGES.filter((p) => p.menu && opensFor(p, role, isAdmin))

/** A role's home: the first page of its menu. */
export const homeOf = (role: string): string => pagesOf(role)[0]?.path ?? '/notifications'
