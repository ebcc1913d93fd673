import { GlobalOutlined, SafetyCertificateFilled } from '@ant-design/icons'
import { Button, Layout } from 'antd'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { useT } from '../../i18n/i18n.js'
import { BRAND } from '../../theme.js'
import { PublicLinks } from './PublicLinks.js'

/** The frame of the pages shown before signing in (and of the password change): the portal's header, a centred column, the footer. */
export function PublicFrame({ width = 640, children }: { width?: number; children: ReactNode }) {
  const { t, toggle } = useT()
  return (
    <Layout style={{ minHeight: '100vh', background: '#f0f2f5' }}>
      <header
        style={{
          background: BRAND,
          color: '#fff',
          padding: '14px 24px',
          display: 'flex',
          flexWrap: 'wrap',
          alignItems: 'center',
          columnGap: 12,
          rowGap: 8,
        }}
      >
        <SafetyCertificateFilled style={{ fontSize: 30 }} aria-hidden />
        <div style={{ flex: 1, lineHeight: 1.25 }}>
          <Link to="/sign-in" style={{ color: '#fff', fontSize: 20, fontWeight: 600, letterSpacing: 1 }}>
            {t.product} <span style={{ fontSize: 13, fontWeight: 400, opacity: 0.8 }}>{t.header.brand}</span>
          </Link>
          <div style={{ fontSize: 12, opacity: 0.85 }}>{t.productSub}</div>
        </div>
        <PublicLinks signIn />
        <Button type="text" style={{ color: '#fff' }} icon={<GlobalOutlined />} onClick={toggle}>
          {t.otherLanguage}
        </Button>
      </header>
      <main style={{ flex: 1, display: 'flex', justifyContent: 'center', padding: '32px 12px' }}>
        <div style={{ width: '100%', maxWidth: width }}>{children}</div>
      </main>
      <footer style={{ textAlign: 'center', color: '#595959', fontSize: 12, padding: 16 }}>{t.footer}</footer>
    </Layout>
  )
}
