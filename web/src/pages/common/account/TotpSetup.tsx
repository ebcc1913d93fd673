import { useMutation } from '@tanstack/react-query'
import { Alert, Button, Col, Form, Input, Row, Space, Spin, Steps, Typography } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { api, dataOf } from '../../../api/client.js'
import { showApiError } from '../../../api/form-errors.js'
import { useT } from '../../../i18n/i18n.js'
import { qrImage } from './qr-image.js'

/** The key in groups of four, as authenticator apps show it for typing in by hand. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ')

/**
 * Setting up (or replacing) the second factor: a new key as a QR code and as text, then a code of it and the
 * password to confirm; `onEnabled` receives the recovery codes, shown once by the caller.
 */
export function TotpSetup({
  username,
  onCancel,
  onEnabled,
}: {
  username: string
  onCancel: () => void
  onEnabled: (codes: string[]) => void
}) {
  const { t } = useT()
  const a = t.accountPage
  const [form] = Form.useForm<{ code: string; password: string }>()
  const [step, setStep] = useState(0)
  const [qr, setQr] = useState<string>()
  const [error, setError] = useState<string>()
  const setup = useMutation({
    mutationFn: async () => dataOf(await api.POST('/api/auth/totp/setup')),
  })
  // One new key per set-up: a second request would replace the key the QR code shows.
  const started = useRef(false)
  const start = setup.mutate
  useEffect(() => {
    if (started.current) return
    started.current = true
    start()
  }, [start])
  const uri = setup.data?.uri
  useEffect(() => {
    if (uri) qrImage(uri).then(setQr)
  }, [uri])
  const enable = useMutation({
    mutationFn: async (v: { code: string; password: string }) =>
      dataOf(
        await api.POST('/api/auth/totp/enable', { body: { code: v.code.trim(), password: v.password } }),
      ),
    onSuccess: (r) => onEnabled(r.recoveryCodes),
    onError: (e) => setError(showApiError(form, e)),
  })

  if (setup.error) return <Alert type="error" showIcon title={setup.error.message} role="alert" />
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Steps
        size="small"
        current={step}
        items={[{ title: a.stepScan }, { title: a.stepConfirm }, { title: a.stepCodes }]}
      />
      {step === 0 ? (
        <Row gutter={[24, 16]} align="middle">
          <Col flex="none">
            <div
              style={{
                width: 202,
                height: 202,
                border: '1px solid #f0f0f0',
                display: 'flex',
                alignItems: 'center',
                justifyContent: 'center',
              }}
            >
              {qr ? <img src={qr} alt={a.qrAlt} width={200} height={200} /> : <Spin />}
            </div>
          </Col>
          <Col flex="1 1 260px">
            <Typography.Paragraph>{a.scanHint}</Typography.Paragraph>
            <dl style={{ margin: 0 }}>
              <dt style={{ color: '#595959' }}>{a.account}</dt>
              <dd style={{ margin: '0 0 8px' }}>{username}</dd>
              <dt style={{ color: '#595959' }}>{a.secret}</dt>
              <dd style={{ margin: 0 }}>
                <Typography.Text
                  code
                  copyable={setup.data ? { text: setup.data.secret } : false}
                  data-testid="totp-secret"
                  style={{ fontSize: 15, wordBreak: 'break-all' }}
                >
                  {setup.data ? grouped(setup.data.secret) : '…'}
                </Typography.Text>
              </dd>
            </dl>
            <Space style={{ marginTop: 16 }}>
              <Button type="primary" disabled={!setup.data} onClick={() => setStep(1)}>
                {a.stepConfirm}
              </Button>
              <Button onClick={onCancel}>{a.cancel}</Button>
            </Space>
          </Col>
        </Row>
      ) : (
        <Form
          form={form}
          name="totp-setup"
          layout="vertical"
          requiredMark={false}
          style={{ maxWidth: 360 }}
          onFinish={(v) => {
            setError(undefined)
            enable.mutate(v)
          }}
        >
          <Typography.Paragraph type="secondary">{a.confirmHint}</Typography.Paragraph>
          {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} />}
          <Form.Item
            name="code"
            label={a.code}
            rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: a.codeRequired }]}
          >
            <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={a.passwordAgain}
            rules={[{ required: true, message: a.currentRequired }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={enable.isPending}>
              {a.enable}
            </Button>
            <Button onClick={() => setStep(0)}>{a.stepScan}</Button>
            <Button onClick={onCancel}>{a.cancel}</Button>
          </Space>
        </Form>
      )}
    </Space>
  )
}
