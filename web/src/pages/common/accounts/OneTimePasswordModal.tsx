import { CopyOutlined, KeyOutlined } from '@ant-design/icons'
import { Alert, App, Button, Input, Modal, Space } from 'antd'
import { useT } from '../../../i18n/i18n.js'

/** A one-time password to hand over: the password itself (shown this once), or the channel that sent it. */
export interface Handed {
  title: string
  oneTimePassword: string | null
  sentVia: string | null
}

/**
 * Shows a one-time password once: it cannot be closed by a stray click, and nothing of it stays in the
 * page once closed (the caller forgets it in `onClosed`).
 */
export function OneTimePasswordModal({
  handed,
  open,
  onClose,
  onClosed,
}: {
  handed: Handed | undefined
  open: boolean
  onClose: () => void
  onClosed: () => void
}) {
  const { t } = useT()
  const k = t.accountsPage
  const { message } = App.useApp()
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(handed?.oneTimePassword ?? '')
      message.success(k.copied)
    } catch {
      message.warning(k.copyFailed)
    }
  }
  return (
    <Modal
      open={open}
      destroyOnHidden
      afterClose={onClosed}
      title={
        <Space>
          <KeyOutlined />
          {handed?.title}
        </Space>
      }
      width={520}
      closable={false}
      maskClosable={false}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose}>
          {k.close}
        </Button>
      }
    >
      {handed?.oneTimePassword ? (
        <>
          <Alert type="warning" showIcon title={k.shownWarning} style={{ marginBottom: 12 }} />
          <label htmlFor="one-time-password" style={{ display: 'block', marginBottom: 4 }}>
            {k.oneTimePassword}
          </label>
          <Space.Compact style={{ width: '100%' }}>
            <Input
              id="one-time-password"
              readOnly
              value={handed.oneTimePassword}
              style={{ fontFamily: 'monospace', fontSize: 18, letterSpacing: 1 }}
              onFocus={(e) => e.currentTarget.select()}
            />
            <Button icon={<CopyOutlined />} onClick={copy}>
              {k.copy}
            </Button>
          </Space.Compact>
        </>
      ) : (
        <Alert type="success" showIcon title={k.sentVia(handed?.sentVia ?? '')} />
      )}
    </Modal>
  )
}
