import { Breadcrumb, Space, Tabs, Typography } from 'antd'
import { useT } from '../../i18n/i18n.js'
import { useSession } from '../../session.js'
import { OrganisationAccounts } from './accounts/OrganisationAccounts.js'
import { StaffPasswordReset } from './accounts/StaffPasswordReset.js'

/** The roles whose administrators also reset their staff's (professionals') passwords. */
const EMPLOYING = ['employer', 'agency']

/** 账户管理, for the organisation's administrators: its accounts, and for employers and agencies their staff's passwords. */
export default function Accounts() {
  const { t } = useT()
  const k = t.accountsPage
  const { data: session } = useSession()
  const me = session?.username ?? ''
  const accounts = <OrganisationAccounts me={me} />

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Breadcrumb items={[{ title: session?.organisationName ?? k.crumb }, { title: k.title }]} />
        <Typography.Title level={1} style={{ fontSize: 22, margin: '8px 0 0' }}>
          {k.title}
        </Typography.Title>
      </div>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {k.intro}
      </Typography.Paragraph>
      {session && EMPLOYING.includes(session.role) ? (
        <Tabs
          items={[
            { key: 'accounts', label: k.tabAccounts, children: accounts },
            { key: 'staff', label: k.tabStaff, children: <StaffPasswordReset /> },
          ]}
        />
      ) : (
        accounts
      )}
    </Space>
  )
}
