import { CheckCircleFilled, ExclamationCircleFilled } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Descriptions, Grid, Space, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useLocation } from 'react-router'
import { useT } from '../../i18n/i18n.js'
import { SESSION_KEY, useSession } from '../../session.js'
import { ChangePassword } from './account/ChangePassword.js'
import { RecoveryCodes } from './account/RecoveryCodes.js'
import { RegenerateCodes } from './account/RegenerateCodes.js'
import { TotpSetup } from './account/TotpSetup.js'

/** A section the account menu scrolls to stops below the sticky header. */
const SECTION = { scrollMarginTop: 80 }

/** Fewer recovery codes than this: the page suggests making new ones. */
const FEW_CODES = 3

/** The signed-in account: who it is, its password, its second factor and recovery codes. */
export default function Account() {
  const { t } = useT()
  const a = t.accountPage
  const { data: session } = useSession()
  const client = useQueryClient()
  const { hash } = useLocation()
  const narrow = !Grid.useBreakpoint().md
  const [settingUp, setSettingUp] = useState(false)
  const [codes, setCodes] = useState<string[]>()

  // The account menu opens a section by its anchor (#password, #totp, #recovery).
  useEffect(() => {
    if (hash) document.getElementById(hash.slice(1))?.scrollIntoView({ block: 'start' })
  }, [hash])

  if (!session) return null
  const refresh = () => client.invalidateQueries({ queryKey: SESSION_KEY })
  const showCodes = (fresh: string[]) => {
    setSettingUp(false)
    setCodes(fresh)
    refresh()
  }
  const left = session.recoveryCodesLeft
  const status = session.totpEnabled ? (
    <Tag color="#237804" icon={<CheckCircleFilled />}>
      {a.on}
    </Tag>
  ) : (
    <Tag color="#ad4e00" icon={<ExclamationCircleFilled />}>
      {a.off}
    </Tag>
  )

  return (
    <Space direction="vertical" size={16} style={{ width: '100%', maxWidth: 960 }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {a.title}
      </Typography.Title>

      <Card title={a.info} size="small">
        <Descriptions column={narrow ? 1 : 2} size="small">
          <Descriptions.Item label={a.username}>{session.username}</Descriptions.Item>
          <Descriptions.Item label={a.role}>{t.roles[session.role] ?? session.role}</Descriptions.Item>
          <Descriptions.Item label={a.organisation}>
            {session.organisationName ?? a.noOrganisation}
          </Descriptions.Item>
          <Descriptions.Item label={a.secondFactor}>
            <Space size={4} wrap>
              {status}
              {left !== null && <Typography.Text type="secondary">{a.codesLeft(left)}</Typography.Text>}
            </Space>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card title={a.password} id="password" size="small" style={SECTION}>
        <ChangePassword />
      </Card>

      <Card title={a.totp} id="totp" size="small" style={SECTION} extra={status}>
        {settingUp ? (
          <TotpSetup username={session.username} onCancel={() => setSettingUp(false)} onEnabled={showCodes} />
        ) : (
          <>
            <Typography.Paragraph>
              {session.totpEnabled ? a.totpOnIntro : a.totpOffIntro}
            </Typography.Paragraph>
            <Button type={session.totpEnabled ? 'default' : 'primary'} onClick={() => setSettingUp(true)}>
              {session.totpEnabled ? a.replace : a.setUp}
            </Button>
          </>
        )}
      </Card>

      <Card title={a.recovery} id="recovery" size="small" style={SECTION}>
        <Typography.Paragraph>{a.recoveryIntro}</Typography.Paragraph>
        {left === null ? (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {a.recoveryOff}
          </Typography.Paragraph>
        ) : (
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            {left < FEW_CODES ? (
              <Alert type="warning" showIcon title={a.recoveryLow(left)} />
            ) : (
              <Typography.Text>{a.codesLeft(left)}</Typography.Text>
            )}
            <RegenerateCodes onCodes={showCodes} />
          </Space>
        )}
      </Card>

      <RecoveryCodes codes={codes} username={session.username} onDone={() => setCodes(undefined)} />
    </Space>
  )
}
