import { Alert, Form, Input, Modal } from 'antd'
import { useState } from 'react'
import { showApiError } from '../../api/form-errors.js'

interface Props {
  /** The dialog is open while a subject is given. */
  open: boolean
  title: string
  okText: string
  cancelText: string
  label: string
  help: string
  required: string
  /** Sends the reason; a refusal by the API is shown in the dialog, next to the field it names. */
  onSubmit: (reason: string) => Promise<unknown>
  onClose: () => void
}

/** A decision that needs a written reason (reject, decline): the reason is required and sent as `reason`. */
export default function ReasonModal(p: Props) {
  const [form] = Form.useForm<{ reason: string }>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const submit = async ({ reason }: { reason: string }) => {
    setBusy(true)
    setError(undefined)
    try {
      await p.onSubmit(reason.trim())
      p.onClose()
    } catch (e) {
      setError(showApiError(form, e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal
      open={p.open}
      title={p.title}
      okText={p.okText}
      cancelText={p.cancelText}
      okButtonProps={{ danger: true }}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => {
        setError(undefined)
        p.onClose()
      }}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item
          name="reason"
          label={p.label}
          extra={p.help}
          rules={[{ required: true, whitespace: true, message: p.required }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  )
}
