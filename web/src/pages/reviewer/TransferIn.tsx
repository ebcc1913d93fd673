import { LoginOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, DatePicker, Form, Input, Result, Space, Typography } from 'antd'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import { parseResidentId } from '../../../../src/domain/resident-id.js'
import { api, dataOf } from '../../api/client.js'
import { showApiError } from '../../api/form-errors.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'

type Joined = paths['/api/staff']['post']['responses'][201]['content']['application/json']
/** What antd's DatePicker hands back (a dayjs object): only its formatting is used here. */
type Picked = { format(template: string): string } | null | undefined
interface Values {
  idNumber: string
  name: string
  fromDate: Picked
}

/** Transfer in: a registered person joins the organisation by ID number and name; their records come along. */
export default function TransferIn() {
  const { t } = useT()
  const x = t.transferInPage
  const client = useQueryClient()
  const navigate = useNavigate()
  const [form] = Form.useForm<Values>()
  const [joined, setJoined] = useState<Joined>()
  const [error, setError] = useState<string>()

  const join = useMutation({
    mutationFn: async (v: { idNumber: string; name: string; fromDate: string }) =>
      dataOf(await api.POST('/api/staff', { body: v })),
    onSuccess: (r) => {
      setJoined(r)
      setError(undefined)
      form.resetFields()
      void client.invalidateQueries({ queryKey: ['staff'] })
      void client.invalidateQueries({ queryKey: ['compliance'] })
    },
    onError: (e) => setError(showApiError(form, e)),
  })
  const submit = (v: Values) => {
    setError(undefined)
    join.mutate({
      idNumber: v.idNumber.trim().toUpperCase(),
      name: v.name.trim(),
      fromDate: v.fromDate?.format('YYYY-MM-DD') ?? '',
    })
  }

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {x.title}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0, maxWidth: 900 }}>
        {x.intro}
      </Typography.Paragraph>

      {joined ? (
        <Card>
          <Result
            status="success"
            title={x.done(joined.name)}
            subTitle={
              <Space direction="vertical" size={4}>
                <span>
                  {joined.previousEmployer
                    ? x.from(joined.previousEmployer.name, joined.previousEmployer.leftOn)
                    : x.first}
                </span>
                <span>{x.joinedOn(joined.fromDate)}</span>
              </Space>
            }
            extra={[
              <Button type="primary" key="again" onClick={() => setJoined(undefined)}>
                {x.another}
              </Button>,
              <Button key="staff" onClick={() => navigate('/staff/compliance')}>
                {x.toStaff}
              </Button>,
            ]}
          />
        </Card>
      ) : (
        <Card size="small" title={x.formTitle} style={{ maxWidth: 640 }}>
          {error && (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={x.failed}
              description={error}
              style={{ marginBottom: 16 }}
            />
          )}
          <Form<Values>
            form={form}
            layout="vertical"
            onFinish={submit}
            requiredMark
            style={{ padding: '4px 8px' }}
          >
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
            <Form.Item
              name="name"
              label={x.name}
              extra={x.nameHelp}
              rules={[{ required: true, whitespace: true, message: x.nameRequired }]}
            >
              <Input maxLength={30} autoComplete="off" style={{ maxWidth: 280 }} />
            </Form.Item>
            <Form.Item
              name="fromDate"
              label={x.fromDate}
              rules={[{ required: true, message: x.fromDateRequired }]}
            >
              <DatePicker format="YYYY-MM-DD" style={{ width: 180 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" icon={<LoginOutlined />} loading={join.isPending}>
              {x.submit}
            </Button>
          </Form>
        </Card>
      )}
    </Space>
  )
}
