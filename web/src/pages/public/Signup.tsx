import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { Alert, Button, Card, Divider, Form, Input, Result, Select, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { parseResidentId } from '../../../../src/domain/resident-id.js'
import { ApiFailure, api, dataOf } from '../../api/client.js'
import { showApiError } from '../../api/form-errors.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'
import { PublicFrame } from './PublicFrame.js'
import { meetsPasswordRule, USERNAME } from './password-rule.js'

type Body = paths['/api/signup']['post']['requestBody']['content']['application/json']
type Answer = paths['/api/signup']['post']['responses'][201]['content']['application/json']
type Values = Body & { confirm: string }

/** 专业技术人员注册: a visitor makes an account and chooses the employer or agency, which confirms them later. */
export default function Signup() {
  const { t } = useT()
  const x = t.signupPage
  const [form] = Form.useForm<Values>()
  const [search, setSearch] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const [done, setDone] = useState<{ answer: Answer; organisation: string }>()

  const organisations = useQuery({
    queryKey: ['signup-organisations', search],
    queryFn: async () =>
      dataOf(
        await api.GET('/api/signup/organisations', {
          params: { query: { pageSize: '50', ...(search ? { name: search } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
  })
  const options = (organisations.data?.items ?? []).map((o) => ({
    value: o.id,
    label: `${o.name}（${o.regionName} · ${x[o.kind]}）`,
    name: o.name,
  }))

  const submit = async ({ confirm: _, ...body }: Values) => {
    setBusy(true)
    setError(undefined)
    try {
      const answer = dataOf(
        await api.POST('/api/signup', { body: { ...body, idNumber: body.idNumber.trim() } }),
      )
      setDone({ answer, organisation: options.find((o) => o.value === body.organisationId)?.name ?? '' })
    } catch (e) {
      setError(e instanceof ApiFailure || e instanceof Error ? showApiError(form, e) : String(e))
    } finally {
      setBusy(false)
    }
  }

  if (done)
    return (
      <PublicFrame>
        <Card>
          <Result
            status="success"
            title={x.doneTitle}
            subTitle={
              done.answer.account === 'active'
                ? x.donePending(done.answer.username, done.organisation)
                : x.doneAwaiting(done.answer.username, done.organisation)
            }
            extra={
              <Link to="/sign-in">
                <Button type="primary">{x.doneSignIn}</Button>
              </Link>
            }
          />
        </Card>
      </PublicFrame>
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
          initialValues={{ titleLevel: 'none' }}
        >
          <Divider titlePlacement="start">{x.person}</Divider>
          <Form.Item
            name="name"
            label={x.name}
            rules={[{ required: true, whitespace: true, message: x.nameRequired }]}
          >
            <Input maxLength={30} autoComplete="name" style={{ maxWidth: 280 }} />
          </Form.Item>
          <Form.Item
            name="idNumber"
            label={x.idNumber}
            extra={x.idHelp}
            validateTrigger="onBlur"
            rules={[
              { required: true, whitespace: true, message: x.idRequired },
              {
                validator: async (_, value?: string) => {
                  if (!value?.trim()) return
                  const id = parseResidentId(value)
                  if (!id.ok) throw new Error(x.idInvalid(id.reason))
                },
              },
            ]}
          >
            <Input maxLength={18} autoComplete="off" style={{ maxWidth: 280 }} />
          </Form.Item>
          <Form.Item name="series" label={x.series} rules={[{ required: true, message: x.seriesRequired }]}>
            <Select
              style={{ maxWidth: 280 }}
              options={Object.entries(t.series).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="titleLevel" label={x.titleLevel}>
            <Select
              style={{ maxWidth: 280 }}
              options={Object.entries(t.titleLevels).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item
            name="organisationId"
            label={x.organisation}
            extra={x.organisationHelp}
            rules={[{ required: true, message: x.organisationRequired }]}
          >
            <Select
              showSearch={{ filterOption: false, onSearch: (v) => setSearch(v.trim().slice(0, 50)) }}
              options={options}
              loading={organisations.isFetching}
              notFoundContent={organisations.isFetching ? undefined : x.organisationEmpty}
            />
          </Form.Item>
          <Divider titlePlacement="start">{x.account}</Divider>
          <Form.Item
            name="username"
            label={x.username}
            extra={x.usernameHelp}
            rules={[
              { required: true, whitespace: true, message: x.usernameRequired },
              { pattern: USERNAME, message: x.usernameInvalid },
            ]}
          >
            <Input maxLength={64} autoComplete="username" style={{ maxWidth: 280 }} />
          </Form.Item>
          <Form.Item
            name="password"
            label={x.password}
            extra={x.passwordHelp}
            rules={[
              { required: true, message: x.passwordRequired },
              {
                validator: async (_, v?: string) => {
                  if (v && !meetsPasswordRule(v)) throw new Error(x.passwordWeak)
                },
              },
            ]}
          >
            <Input.Password maxLength={128} autoComplete="new-password" style={{ maxWidth: 280 }} />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={x.confirm}
            dependencies={['password']}
            rules={[
              { required: true, message: x.confirmRequired },
              ({ getFieldValue }) => ({
                validator: async (_, v?: string) => {
                  if (v && v !== getFieldValue('password')) throw new Error(x.confirmMismatch)
                },
              }),
            ]}
          >
            <Input.Password maxLength={128} autoComplete="new-password" style={{ maxWidth: 280 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {x.submit}
          </Button>
        </Form>
      </Card>
    </PublicFrame>
  )
}
