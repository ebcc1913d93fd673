import { ClockCircleOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Divider, Form, Input, Radio, Result, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { parseUscc } from '../../../../src/domain/uscc.js'
import { api, dataOf } from '../../api/client.js'
import { showApiError } from '../../api/form-errors.js'
import type { paths } from '../../api/schema.js'
import { findRegion, RegionPicker } from '../../components/RegionPicker.js'
import { useT } from '../../i18n/i18n.js'
import { PublicFrame } from './PublicFrame.js'
import { meetsPasswordRule, USERNAME } from './password-rule.js'

type Body = paths['/api/registrations']['post']['requestBody']['content']['application/json']
type Values = Body & { confirm: string }

/** 单位注册申请: an employer or agency asks to be registered; the HR department of its region decides. */
export default function RegisterOrganisation() {
  const { t } = useT()
  const x = t.registerOrganisationPage
  const [form] = Form.useForm<Values>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const [done, setDone] = useState<string>()
  const client = useQueryClient()

  const submit = async ({ confirm: _, ...body }: Values) => {
    setBusy(true)
    setError(undefined)
    try {
      dataOf(
        await api.POST('/api/registrations', { body: { ...body, uscc: body.uscc.trim().toUpperCase() } }),
      )
      setDone(body.name)
    } catch (e) {
      setError(showApiError(form, e))
    } finally {
      setBusy(false)
    }
  }
  // A valid credit code carries the registering authority's region (characters 3–8): offer it when the
  // field is empty and the code is a region of GB/T 2260 (an older code may not be).
  const usccChanged = async (value: string) => {
    const code = parseUscc(value)
    if (!code.ok || form.getFieldValue('regionCode')) return
    const region = await findRegion(client, code.regionCode).catch(() => null)
    if (region && !form.getFieldValue('regionCode')) form.setFieldValue('regionCode', region.code)
  }

  if (done)
    return (
      <PublicFrame>
        <Card>
          <Result
            status="info"
            icon={<ClockCircleOutlined />}
            title={x.doneTitle}
            subTitle={x.doneBody(done)}
            extra={
              <Link to="/sign-in">
                <Button type="primary">{x.doneSignIn}</Button>
              </Link>
            }
          />
        </Card>
      </PublicFrame>
    )

  const password = (label: string, name: 'password' | 'confirm') => (
    <Form.Item
      name={name}
      label={label}
      extra={name === 'password' ? x.passwordHelp : undefined}
      dependencies={name === 'confirm' ? ['password'] : undefined}
      rules={[
        { required: true, message: name === 'password' ? x.passwordRequired : x.confirmRequired },
        ({ getFieldValue }) => ({
          validator: async (_, v?: string) => {
            if (!v) return
            if (name === 'password' && !meetsPasswordRule(v)) throw new Error(x.passwordWeak)
            if (name === 'confirm' && v !== getFieldValue('password')) throw new Error(x.confirmMismatch)
          },
        }),
      ]}
    >
      <Input.Password maxLength={128} autoComplete="new-password" style={{ maxWidth: 280 }} />
    </Form.Item>
  )

  return (
    <PublicFrame>
      <Card
        title={
          <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
            {x.title}
          </Typography.Title>
        }
        extra={<Link to="/sign-in">{x.signIn}</Link>}
      >
        <Typography.Paragraph type="secondary">{x.intro}</Typography.Paragraph>
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
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          requiredMark
          initialValues={{ kind: 'employer' }}
        >
          <Divider titlePlacement="start">{x.organisation}</Divider>
          <Form.Item name="kind" label={x.kind} rules={[{ required: true, message: x.kindRequired }]}>
            <Radio.Group
              options={[
                { value: 'employer', label: x.employer },
                { value: 'agency', label: x.agency },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="name"
            label={x.name}
            extra={x.nameHelp}
            rules={[{ required: true, whitespace: true, message: x.nameRequired }]}
          >
            <Input maxLength={100} autoComplete="organization" />
          </Form.Item>
          <Form.Item
            name="uscc"
            label={x.uscc}
            extra={x.usccHelp}
            validateTrigger="onBlur"
            rules={[
              { required: true, whitespace: true, message: x.usccRequired },
              {
                validator: async (_, value?: string) => {
                  if (!value?.trim()) return
                  const code = parseUscc(value)
                  if (!code.ok) throw new Error(x.usccInvalid(code.reason))
                },
              },
            ]}
          >
            <Input
              maxLength={18}
              autoComplete="off"
              style={{ maxWidth: 280 }}
              onBlur={(e) => void usccChanged(e.target.value)}
            />
          </Form.Item>
          <Form.Item
            name="regionCode"
            label={x.regionCode}
            extra={x.regionHelp}
            rules={[{ required: true, message: x.regionRequired }]}
          >
            <RegionPicker style={{ maxWidth: 420 }} />
          </Form.Item>
          <Divider titlePlacement="start">{x.contact}</Divider>
          <Form.Item
            name="contactName"
            label={x.contactName}
            rules={[{ required: true, whitespace: true, message: x.contactNameRequired }]}
          >
            <Input maxLength={50} autoComplete="name" style={{ maxWidth: 280 }} />
          </Form.Item>
          <Form.Item
            name="contactPhone"
            label={x.contactPhone}
            rules={[{ required: true, whitespace: true, message: x.contactPhoneRequired }]}
          >
            <Input maxLength={20} inputMode="tel" autoComplete="tel" style={{ maxWidth: 280 }} />
          </Form.Item>
          <Divider titlePlacement="start">{x.admin}</Divider>
          <Typography.Paragraph type="secondary">{x.adminHelp}</Typography.Paragraph>
          <Form.Item
            name="username"
            label={x.username}
            rules={[
              { required: true, whitespace: true, message: x.usernameRequired },
              { pattern: USERNAME, message: x.usernameInvalid },
            ]}
          >
            <Input maxLength={64} autoComplete="username" style={{ maxWidth: 280 }} />
          </Form.Item>
          {password(x.password, 'password')}
          {password(x.confirm, 'confirm')}
          <Button type="primary" htmlType="submit" loading={busy}>
            {x.submit}
          </Button>
        </Form>
      </Card>
    </PublicFrame>
  )
}
