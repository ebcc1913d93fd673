import { Alert, Form, Input, Modal, Radio, Typography } from 'antd'
import { useState } from 'react'
import { api, dataOf } from '../../api/client.js'
import { showApiError } from '../../api/form-errors.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'

type Organisation =
  paths['/api/organisations']['get']['responses'][200]['content']['application/json']['items'][number]
type Handover =
  paths['/api/organisations/{id}/reset-admin-password']['post']['responses'][200]['content']['application/json']

interface Values {
  accountId: string
  reason: string
}

/**
 * 重置管理员密码: the HR department's administrator confirms, with a reason, the reset of an organisation
 * administrator's forgotten password; the API's answer (the one-time password) goes to `onDone`.
 */
export default function ResetAdminPassword({
  organisation,
  onDone,
  onClose,
}: {
  /** The dialog is open while an organisation is given. */
  organisation: Organisation | undefined
  onDone: (username: string, handover: Handover) => void
  onClose: () => void
}) {
  const { t } = useT()
  const k = t.adminResetPage
  const [form] = Form.useForm<Values>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const admins = organisation?.administrators ?? []

  const submit = async ({ accountId, reason }: Values) => {
    if (!organisation) return
    setBusy(true)
    setError(undefined)
    try {
      const handover = dataOf(
        await api.POST('/api/organisations/{id}/reset-admin-password', {
          params: { path: { id: organisation.id } },
          body: { accountId, reason: reason.trim() },
        }),
      )
      onDone(admins.find((a) => a.id === accountId)?.username ?? '', handover)
    } catch (e) {
      setError(showApiError(form, e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal
      open={organisation !== undefined}
      title={organisation ? k.title(organisation.name) : ''}
      okText={k.ok}
      cancelText={k.cancel}
      okButtonProps={{ danger: true }}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => {
        setError(undefined)
        onClose()
      }}
      destroyOnHidden
      width={560}
    >
      <Alert type="warning" showIcon title={k.warning} style={{ marginBottom: 12 }} />
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={admins.length === 1 ? { accountId: admins[0]?.id } : {}}
      >
        <Form.Item
          name="accountId"
          label={k.account}
          rules={[{ required: true, message: k.accountRequired }]}
        >
          <Radio.Group>
            {admins.map((a) => (
              <Radio key={a.id} value={a.id}>
                <Typography.Text code>{a.username}</Typography.Text>
                {a.displayName ? ` ${a.displayName}` : ''}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="reason"
          label={k.reason}
          extra={k.reasonHelp}
          rules={[{ required: true, whitespace: true, message: k.reasonRequired }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  )
}
