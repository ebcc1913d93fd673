import {
  GlobalOutlined,
  LockOutlined,
  SafetyCertificateFilled,
  SafetyOutlined,
  UserOutlined,
} from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Form, Input, Layout, Typography } from 'antd'
import { useState } from 'react'
import { Link, Navigate, useSearchParams } from 'react-router'
import { ApiFailure, api, dataOf, setCsrfToken } from '../api/client.js'
import { useT } from '../i18n/i18n.js'
import { Loading } from '../layout/Loading.js'
import { homeOf } from '../pages.js'
import { SESSION_KEY, useSession } from '../session.js'
import { BRAND } from '../theme.js'
import { PublicLinks } from './public/PublicLinks.js'

/** Where to go after signing in: the page the person came from, if it is one of ours. */
function safeNext(next: string | null): string | undefined {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in') ? next : undefined
}

export default function SignIn() {
  const { t, toggle } = useT()
  const [params] = useSearchParams()
  const client = useQueryClient()
  const session = useSession()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const [expired] = useState(() => sessionStorage.getItem('xueshi.expired') === '1')
  const next = safeNext(params.get('next'))

  if (session.isPending) return <Loading />
  if (session.data?.secondFactorDone) return <Navigate to={next ?? homeOf(session.data.role)} replace />
  const secondStep = session.data && !session.data.secondFactorDone

  // The session answered anew: a finished sign-in renders the redirect above, a pending one the second step.
  const finish = async () => {
    sessionStorage.removeItem('xueshi.expired')
    await client.refetchQueries({ queryKey: SESSION_KEY })
  }
  const attempt = async (work: () => Promise<void>) => {
    setBusy(true)
    setError(undefined)
    try {
      await work()
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }
  const signIn = (v: { username: string; password: string }) =>
    attempt(async () => {
      const r = dataOf(await api.POST('/api/auth/login', { body: v }))
      setCsrfToken(r.csrfToken)
      await finish()
    })
  const verify = (v: { code: string }) =>
    attempt(async () => {
      dataOf(await api.POST('/api/auth/totp/verify', { body: { code: v.code.trim() } }))
      await finish()
    })
  const restart = async () => {
    await api.POST('/api/auth/logout')
    client.setQueryData(SESSION_KEY, null)
  }

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
          <div style={{ fontSize: 20, fontWeight: 600, letterSpacing: 1 }}>
            {t.product} <span style={{ fontSize: 13, fontWeight: 400, opacity: 0.8 }}>{t.header.brand}</span>
          </div>
          <div style={{ fontSize: 12, opacity: 0.85 }}>{t.productSub}</div>
        </div>
        <PublicLinks />
        <Button type="text" style={{ color: '#fff' }} icon={<GlobalOutlined />} onClick={toggle}>
          {t.otherLanguage}
        </Button>
      </header>
      <main
        style={{
          flex: 1,
          display: 'flex',
          justifyContent: 'center',
          alignItems: 'flex-start',
          padding: '8vh 16px',
        }}
      >
        <Card style={{ width: '100%', maxWidth: 400 }} styles={{ body: { padding: '28px 28px 12px' } }}>
          <Typography.Title
            level={1}
            style={{ fontSize: 22, textAlign: 'center', marginTop: 0, marginBottom: 20 }}
          >
            {secondStep ? t.signIn.totpTitle : t.signIn.title}
          </Typography.Title>
          {expired && !error && (
            <Alert type="warning" showIcon title={t.signIn.expired} style={{ marginBottom: 16 }} />
          )}
          {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} />}
          {secondStep ? (
            <Form layout="vertical" onFinish={verify} requiredMark={false} size="large">
              <Typography.Paragraph type="secondary">{t.signIn.totpHint}</Typography.Paragraph>
              <Form.Item
                name="code"
                label={t.signIn.code}
                rules={[{ required: true, whitespace: true, message: t.signIn.codeRequired }]}
              >
                <Input
                  prefix={<SafetyOutlined />}
                  autoComplete="one-time-code"
                  inputMode="numeric"
                  autoFocus
                />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={busy}>
                {t.signIn.verify}
              </Button>
              <Button type="link" block onClick={restart} style={{ marginTop: 8 }}>
                {t.signIn.back}
              </Button>
            </Form>
          ) : (
            <Form layout="vertical" onFinish={signIn} requiredMark={false} size="large">
              <Form.Item
                name="username"
                label={t.signIn.username}
                rules={[{ required: true, whitespace: true, message: t.signIn.usernameRequired }]}
              >
                <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
              </Form.Item>
              <Form.Item
                name="password"
                label={t.signIn.password}
                rules={[{ required: true, message: t.signIn.passwordRequired }]}
              >
                <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={busy}>
                {t.signIn.submit}
              </Button>
            </Form>
          )}
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 16, textAlign: 'center' }}>
            {t.signIn.hint}
          </Typography.Paragraph>
          {!secondStep && (
            <nav
              aria-label={t.signIn.newHere}
              style={{
                display: 'flex',
                flexWrap: 'wrap',
                justifyContent: 'center',
                columnGap: 8,
                whiteSpace: 'nowrap',
                paddingBottom: 12,
              }}
            >
              <Typography.Text type="secondary">{t.signIn.newHere}</Typography.Text>
              <Link to="/signup">{t.signIn.signUp}</Link>
              <Link to="/register-organisation">{t.signIn.registerOrganisation}</Link>
            </nav>
          )}
        </Card>
      </main>
      <footer style={{ textAlign: 'center', color: '#595959', fontSize: 12, padding: 16 }}>{t.footer}</footer>
    </Layout>
  )
}
