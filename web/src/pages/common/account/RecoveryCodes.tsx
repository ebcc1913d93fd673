import { CopyOutlined, DownloadOutlined } from '@ant-design/icons'
import { Alert, App, Button, Checkbox, Modal, Space, Typography } from 'antd'
import { useState } from 'react'
import { useT } from '../../../i18n/i18n.js'

/** The recovery codes, shown this once: copy, download as .txt, and closed only after "I have saved them". */
export function RecoveryCodes({
  codes,
  username,
  onDone,
}: {
  codes: string[] | undefined
  username: string
  onDone: () => void
}) {
  const { t } = useT()
  const { message } = App.useApp()
  const [saved, setSaved] = useState(false)
  const a = t.accountPage
  const text = `${a.fileHeader(username)}\n\n${(codes ?? []).join('\n')}\n`
  const copy = async () => {
    try {
      await navigator.clipboard.writeText((codes ?? []).join('\n'))
      message.success(a.copied)
    } catch {
      message.error(a.copyFailed)
    }
  }
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }))
    const link = document.createElement('a')
    link.href = url
    link.download = `xueshi-recovery-codes-${username}.txt`
    link.click()
    setTimeout(() => URL.revokeObjectURL(url), 1000)
  }
  const done = () => {
    setSaved(false)
    onDone()
  }
  return (
    <Modal
      open={codes !== undefined}
      title={a.codesTitle}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" disabled={!saved} onClick={done}>
          {a.done}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={a.codesWarning} style={{ marginBottom: 16 }} />
      <ol
        aria-label={a.recovery}
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
          gap: '6px 24px',
          padding: '12px 16px 12px 40px',
          margin: 0,
          background: '#fafafa',
          border: '1px solid #f0f0f0',
          borderRadius: 6,
          fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
          fontSize: 15,
        }}
      >
        {(codes ?? []).map((c) => (
          <li key={c} data-recovery-code={c}>
            {c}
          </li>
        ))}
      </ol>
      <Space wrap style={{ margin: '16px 0' }}>
        <Button icon={<CopyOutlined />} onClick={copy}>
          {a.copy}
        </Button>
        <Button icon={<DownloadOutlined />} onClick={download}>
          {a.download}
        </Button>
      </Space>
      <div>
        <Checkbox checked={saved} onChange={(e) => setSaved(e.target.checked)}>
          <Typography.Text strong>{a.saved}</Typography.Text>
        </Checkbox>
      </div>
    </Modal>
  )
}
