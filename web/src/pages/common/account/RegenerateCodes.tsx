import { useMutation } from '@tanstack/react-query'
import { Button, Form, Input, Modal, Typography } from 'antd'
import { useState } from 'react'
import { api, dataOf } from '../../../api/client.js'
import { showApiError } from '../../../api/form-errors.js'
import { useT } from '../../../i18n/i18n.js'

/** New recovery codes, with the password again (the old ones stop working); `onCodes` shows them once. */
export function RegenerateCodes({ onCodes }: { onCodes: (codes: string[]) => void }) {
  const { t } = useT()
  const a = t.accountPage
  const [open, setOpen] = useState(false)
  const [form] = Form.useForm<{ password: string }>()
  const [error, setError] = useState<string>()
  const renew = useMutation({
    mutationFn: async (v: { password: string }) =>
      dataOf(await api.POST('/api/auth/recovery-codes', { body: { password: v.password } })),
    onSuccess: (r) => {
      setOpen(false)
      form.resetFields()
      onCodes(r.recoveryCodes)
    },
    onError: (e) => setError(showApiError(form, e)),
  })
  return (
    <>
      <Button onClick={() => setOpen(true)}>{a.regenerate}</Button>
      <Modal
        open={open}
        title={a.regenerate}
        okText={a.regenerateOk}
        cancelText={a.cancel}
        okButtonProps={{ danger: true, loading: renew.isPending }}
        onOk={() => form.submit()}
        onCancel={() => {
          setOpen(false)
          setError(undefined)
          form.resetFields()
        }}
        destroyOnHidden
      >
        <Typography.Paragraph>{a.regenerateConfirm}</Typography.Paragraph>
        {error && <Typography.Paragraph type="danger">{error}</Typography.Paragraph>}
        <Form
          form={form}
          name="new-recovery-codes"
          layout="vertical"
          requiredMark={false}
          onFinish={(v) => {
            setError(undefined)
            renew.mutate(v)
          }}
        >
          <Form.Item
            name="password"
            label={a.passwordAgain}
            rules={[{ required: true, message: a.currentRequired }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  )
}
