import { Alert, App, Form, Input, InputNumber, Modal } from 'antd'
import { useState } from 'react'
import { api, dataOf } from '../../api/client.js'
import { showApiError } from '../../api/form-errors.js'
import { useT } from '../../i18n/i18n.js'

/** The decisions that need a form: approve lower (hours and reason), return and reject (a reason). */
export type Decision = 'lower' | 'return' | 'reject'

interface Values {
  hours?: number
  reason: string
}

/** The form of a decision; rejecting asks once more before it is sent. */
export function DecisionModal(props: {
  decision: Decision
  personKey: string
  id: string
  proposed: number
  onClose: () => void
  onDone: (message: string) => Promise<void>
}) {
  const { t } = useT()
  const r = t.reviewPage
  const { modal } = App.useApp()
  const [form] = Form.useForm<Values>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const { decision, proposed } = props
  const path = { params: { path: { personKey: props.personKey, id: props.id } } }
  const title = { lower: r.lowerTitle, return: r.returnTitle, reject: r.rejectTitle }[decision]
  const reasonLabel = { lower: r.lowerReason, return: r.returnReason, reject: r.rejectReason }[decision]

  const send = async (v: Values) => {
    setBusy(true)
    setError(undefined)
    try {
      const reason = v.reason.trim()
      if (decision === 'lower')
        dataOf(
          await api.POST('/api/applications/{personKey}/{id}/approve', {
            ...path,
            body: { hours: v.hours as number, reason },
          }),
        )
      else if (decision === 'return')
        dataOf(await api.POST('/api/applications/{personKey}/{id}/return', { ...path, body: { reason } }))
      else dataOf(await api.POST('/api/applications/{personKey}/{id}/reject', { ...path, body: { reason } }))
      await props.onDone(decision === 'lower' ? r.done.lower : r.done[decision])
    } catch (e) {
      setError(showApiError(form, e))
    } finally {
      setBusy(false)
    }
  }

  const submit = async () => {
    const v = await form.validateFields()
    if (decision !== 'reject') return send(v)
    modal.confirm({
      title: r.rejectConfirm,
      content: r.rejectConfirmBody,
      okText: r.rejectTitle,
      okButtonProps: { danger: true },
      cancelText: r.cancel,
      focusable: { autoFocusButton: 'cancel' },
      onOk: () => send(v),
    })
  }

  return (
    <Modal
      open
      title={title}
      okText={decision === 'reject' ? r.rejectTitle : r.submit}
      okButtonProps={{ danger: decision === 'reject', loading: busy }}
      cancelText={r.cancel}
      onOk={submit}
      onCancel={props.onClose}
      destroyOnHidden
      maskClosable={false}
    >
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={submit}>
        {decision === 'lower' && (
          <Form.Item
            name="hours"
            label={r.lowerHours}
            extra={r.lowerHoursHelp(proposed)}
            rules={[
              { required: true, message: r.lowerHoursRequired },
              {
                validator: (_, v: number | undefined) =>
                  v === undefined || v === null || v <= proposed
                    ? Promise.resolve()
                    : Promise.reject(new Error(r.lowerHoursTooHigh(proposed))),
              },
            ]}
          >
            <InputNumber min={0} step={1} style={{ width: 160 }} autoFocus />
          </Form.Item>
        )}
        <Form.Item
          name="reason"
          label={reasonLabel}
          rules={[{ required: true, whitespace: true, message: r.reasonRequired }]}
        >
          <Input.TextArea rows={4} maxLength={500} showCount autoFocus={decision !== 'lower'} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
