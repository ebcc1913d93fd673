import { useQueryClient } from '@tanstack/react-query'
import { Alert, App, Button, Card, Form, Input, Space, Typography } from 'antd'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import { api, dataOf } from '../../api/client.js'
import { showApiError } from '../../api/form-errors.js'
import { useT } from '../../i18n/i18n.js'
import { homeOf } from '../../pages.js'
import { SESSION_KEY, type Session, useSignOut } from '../../session.js'
import { PublicFrame } from './PublicFrame.js'
import { meetsPasswordRule } from './password-rule.js'

interface Values {
  currentPassword: string
  newPassword: string
  confirm: string
}

/** 修改密码: forced after signing in with a one-time password (the API refuses everything else until then). */
export default function ChangePassword({ session }: { session: Session }) {
  const { t } = useT()
  const x = t.changePasswordPage
  const { message } = App.useApp()
  const [form] = Form.useForm<Values>()
  const client = useQueryClient()
  const navigate = useNavigate()
  const signOut = useSignOut()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()

  const submit = async ({ currentPassword, newPassword }: Values) => {
    setBusy(true)
    setError(undefined)
    try {
      dataOf(await api.POST('/api/auth/password', { body: { currentPassword, newPassword } }))
      await client.refetchQueries({ queryKey: SESSION_KEY })
      message.success(x.done)
      navigate(homeOf(session.role), { replace: true })
    } catch (e) {
      setError(showApiError(form, e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <PublicFrame width={440}>
      <Card
        title={
          <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
            {x.title}
          </Typography.Title>
        }
        extra={<Typography.Text type="secondary">{session.username}</Typography.Text>}
      >
        <Alert
          type={session.passwordChangeRequired ? 'warning' : 'info'}
          showIcon
          title={session.passwordChangeRequired ? x.forced : x.voluntary}
          style={{ marginBottom: 16 }}
        />
        {error && (
          <Alert
            type="error"
            showIcon
            title={x.failed}
            description={error}
            role="alert"
            style={{ marginBottom: 16 }}
          />
        )}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item
            name="currentPassword"
            label={x.current}
            extra={x.currentHelp}
            rules={[{ required: true, message: x.currentRequired }]}
          >
            <Input.Password autoComplete="current-password" autoFocus />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={x.next}
            extra={x.nextHelp}
            rules={[
              { required: true, message: x.nextRequired },
              {
                validator: async (_, v?: string) => {
                  if (v && !meetsPasswordRule(v)) throw new Error(x.nextWeak)
                },
              },
            ]}
          >
            <Input.Password maxLength={128} autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={x.confirm}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: x.confirmRequired },
              ({ getFieldValue }) => ({
                validator: async (_, v?: string) => {
                  if (v && v !== getFieldValue('newPassword')) throw new Error(x.confirmMismatch)
                },
              }),
            ]}
          >
            <Input.Password maxLength={128} autoComplete="new-password" />
          </Form.Item>
          <Space wrap>
            <Button type="primary" htmlType="submit" loading={busy}>
              {x.submit}
            </Button>
            <Button onClick={() => signOut().then(() => navigate('/sign-in', { replace: true }))}>
              {x.signOut}
            </Button>
          </Space>
        </Form>
      </Card>
    </PublicFrame>
  )
}
