import { useMutation } from '@tanstack/react-query'
import { Alert, App, Button, Form, Input, Typography } from 'antd'
import { useState } from 'react'
import { api, dataOf } from '../../../api/client.js'
import { showApiError } from '../../../api/form-errors.js'
import { useT } from '../../../i18n/i18n.js'

interface Values {
  currentPassword: string
  newPassword: string
  confirm: string
}

/** The current password, a new one twice; the API's refusal shows next to the field it names. */
export function ChangePassword() {
  const { t } = useT()
  const a = t.accountPage
  const { message } = App.useApp()
  const [form] = Form.useForm<Values>()
  const [error, setError] = useState<string>()
  const change = useMutation({
    mutationFn: async (v: Values) =>
      dataOf(
        await api.POST('/api/auth/password', {
          body: { currentPassword: v.currentPassword, newPassword: v.newPassword },
        }),
      ),
    onSuccess: () => {
      form.resetFields()
      message.success(a.passwordChanged)
    },
    onError: (e) => setError(showApiError(form, e)),
  })
  return (
    <Form
      form={form}
      name="change-password"
      layout="vertical"
      requiredMark={false}
      style={{ maxWidth: 420 }}
      onFinish={(v) => {
        setError(undefined)
        change.mutate(v)
      }}
    >
      <Typography.Paragraph type="secondary">{a.passwordIntro}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} />}
      <Form.Item
        name="currentPassword"
        label={a.currentPassword}
        rules={[{ required: true, message: a.currentRequired }]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={a.newPassword}
        extra={a.newPasswordHelp}
        rules={[{ required: true, message: a.newRequired }]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={a.confirmPassword}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: a.confirmRequired },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || value === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(a.mismatch)),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={change.isPending}>
        {a.savePassword}
      </Button>
    </Form>
  )
}
