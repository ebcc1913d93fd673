import {
  GlobalOutlined,
  KeyOutlined,
  LockOutlined,
  LogoutOutlined,
  MenuOutlined,
  SafetyCertificateFilled,
  SafetyOutlined,
  SettingOutlined,
  UserOutlined,
} from '@ant-design/icons'
import { Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Typography } from 'antd'
import { Suspense, useState } from 'react'
import { Outlet, useLocation, useNavigate } from 'react-router'
import { useT } from '../i18n/i18n.js'
import { pagesOf } from '../pages.js'
import { type Session, useSignOut } from '../session.js'
import { Loading } from './Loading.js'
import { NotificationBell } from './NotificationBell.js'

const { Header, Sider, Content, Footer } = Layout

/** The frame of every signed-in page: the product's header, the role's side menu, the page. */
export function AppLayout({ session }: { session: Session }) {
  const { t, toggle } = useT()
  const navigate = useNavigate()
  const location = useLocation()
  const signOut = useSignOut()
  const screens = Grid.useBreakpoint()
  const narrow = !screens.lg
  const [menuOpen, setMenuOpen] = useState(false)
  const roleName = t.roles[session.role] ?? session.role
  const items = pagesOf(session.role, session.isAdmin).map((p) => ({
    key: p.path,
    icon: p.icon,
    label: p.menu ? t.menu[p.menu] : p.path,
  }))
  // The menu item whose page this is or contains (the longest: 统计报表 /statistics/report, not 统计分析).
  const selected = items
    .filter((i) => location.pathname === i.key || location.pathname.startsWith(`${i.key}/`))
    .sort((a, b) => b.key.length - a.key.length)[0]?.key
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      items={items}
      onClick={({ key }) => {
        navigate(key)
        setMenuOpen(false)
      }}
      style={{ borderInlineEnd: 0 }}
    />
  )

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header
        style={{ display: 'flex', alignItems: 'center', gap: 12, position: 'sticky', top: 0, zIndex: 10 }}
      >
        {narrow && (
          <Button
            type="text"
            style={{ color: '#fff' }}
            icon={<MenuOutlined />}
            onClick={() => setMenuOpen(true)}
          >
            <span className="sr-only">{t.header.menu}</span>
          </Button>
        )}
        <SafetyCertificateFilled style={{ fontSize: 26, color: '#fff' }} aria-hidden />
        <div style={{ lineHeight: 1.2, color: '#fff', minWidth: 0, flex: 1 }}>
          <div
            style={{ fontSize: narrow ? 16 : 19, fontWeight: 600, letterSpacing: 1, whiteSpace: 'nowrap' }}
          >
            {t.product}
            {!narrow && (
              <span style={{ fontSize: 13, fontWeight: 400, marginLeft: 8, opacity: 0.8 }}>
                {t.header.brand}
              </span>
            )}
          </div>
          {!narrow && <div style={{ fontSize: 12, opacity: 0.8 }}>{t.productSub}</div>}
        </div>
        {!narrow && (
          <div style={{ lineHeight: 1.25, color: '#fff', textAlign: 'right', minWidth: 0 }}>
            <div style={{ fontSize: 12, opacity: 0.8 }}>{roleName}</div>
            {session.organisationName && (
              <div
                style={{
                  fontSize: 14,
                  whiteSpace: 'nowrap',
                  overflow: 'hidden',
                  textOverflow: 'ellipsis',
                  maxWidth: 320,
                }}
                title={session.organisationName}
              >
                {session.organisationName}
              </div>
            )}
          </div>
        )}
        <Space size={narrow ? 0 : 8}>
          <Button type="text" style={{ color: '#fff' }} icon={<GlobalOutlined />} onClick={toggle}>
            {narrow ? null : t.otherLanguage}
          </Button>
          <NotificationBell />
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                {
                  key: 'who',
                  label: (
                    <div style={{ lineHeight: 1.4 }}>
                      <div style={{ fontWeight: 600 }}>{session.username}</div>
                      <div style={{ fontSize: 12, color: '#595959' }}>{roleName}</div>
                      {session.organisationName && (
                        <div style={{ fontSize: 12, color: '#595959' }}>{session.organisationName}</div>
                      )}
                    </div>
                  ),
                  disabled: true,
                },
                { type: 'divider' },
                {
                  key: '/account',
                  icon: <SettingOutlined />,
                  label: t.header.accountPage,
                  onClick: () => navigate('/account'),
                },
                {
                  key: '/account#password',
                  icon: <LockOutlined />,
                  label: t.header.changePassword,
                  onClick: () => navigate('/account#password'),
                },
                {
                  key: '/account#totp',
                  icon: <SafetyOutlined />,
                  label: t.header.totp,
                  onClick: () => navigate('/account#totp'),
                },
                {
                  key: '/account#recovery',
                  icon: <KeyOutlined />,
                  label: t.header.recoveryCodes,
                  onClick: () => navigate('/account#recovery'),
                },
                { type: 'divider' },
                {
                  key: 'sign-out',
                  icon: <LogoutOutlined />,
                  label: t.header.signOut,
                  onClick: async () => {
                    await signOut()
                    navigate('/sign-in', { replace: true })
                  },
                },
              ],
            }}
          >
            <Button type="text" style={{ color: '#fff' }} icon={<UserOutlined />}>
              {narrow ? <span className="sr-only">{t.header.account}</span> : session.username}
            </Button>
          </Dropdown>
        </Space>
      </Header>
      <Layout>
        {narrow ? (
          <Drawer
            placement="left"
            open={menuOpen}
            onClose={() => setMenuOpen(false)}
            size={260}
            title={
              <div style={{ lineHeight: 1.35 }}>
                <div>{session.organisationName ?? roleName}</div>
                <div style={{ fontSize: 12, fontWeight: 400, color: '#595959' }}>
                  {session.organisationName ? roleName : session.username}
                </div>
              </div>
            }
            styles={{ body: { padding: 0 } }}
          >
            {menu}
          </Drawer>
        ) : (
          <Sider width={208} style={{ borderRight: '1px solid #f0f0f0' }}>
            <Typography.Text
              type="secondary"
              style={{ display: 'block', padding: '16px 24px 4px', fontSize: 12 }}
            >
              {roleName}
            </Typography.Text>
            {menu}
          </Sider>
        )}
        <Layout>
          <Content style={{ padding: narrow ? 12 : 24 }}>
            <Suspense fallback={<Loading />}>
              <Outlet />
            </Suspense>
          </Content>
          <Footer style={{ textAlign: 'center', color: '#595959', fontSize: 12, padding: '12px 24px' }}>
            {t.footer}
          </Footer>
        </Layout>
      </Layout>
    </Layout>
  )
}
