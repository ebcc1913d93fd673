import { ExclamationCircleOutlined } from '@ant-design/icons'
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Space,
  Table,
  type TableColumnsType,
  Tag,
} from 'antd'
import { useState } from 'react'
import { api, dataOf } from '../../api/client.js'
import { showApiError } from '../../api/form-errors.js'
import type { paths } from '../../api/schema.js'
import { PageHeading } from '../../components/PageHeading.js'
import { useT } from '../../i18n/i18n.js'
import { grouped } from './grouped.js'

type Report =
  paths['/api/education-funds/own']['get']['responses'][200]['content']['application/json']['items'][number]
interface Values {
  year: number
  payroll: string
  spending: string
}

const AMOUNT = /^\d{1,14}(\.\d{1,2})?$/

/**
 * 职工教育经费 (鲁人社发〔2016〕10号 （二十三）): the employer reports a year's payroll and staff-education
 * spending (a year reported again is corrected after a confirmation) and sees its reports with their shares.
 */
export default function EducationFunds() {
  const { t } = useT()
  const k = t.educationFundsPage
  const { message } = App.useApp()
  const [modal, modalHolder] = Modal.useModal()
  const client = useQueryClient()
  const [form] = Form.useForm<Values>()
  const [page, setPage] = useState({ page: 1, pageSize: 20 })
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const list = useQuery({
    queryKey: ['education-funds-own', page],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/education-funds/own', {
          params: { query: { page: String(page.page), pageSize: String(page.pageSize) } },
        }),
      ),
  })

  const threshold = useQuery({
    queryKey: ['education-funds-threshold'],
    queryFn: async () => dataOf(await api.GET('/api/education-funds/own/threshold')),
  })

  async function send(v: Values) {
    setBusy(true)
    setError(undefined)
    try {
      dataOf(
        await api.PUT('/api/education-funds/own/{year}', {
          params: { path: { year: String(v.year) } },
          body: { payroll: v.payroll.trim(), spending: v.spending.trim() },
        }),
      )
      message.success(k.reported(v.year))
      await client.invalidateQueries({ queryKey: ['education-funds-own'] })
    } catch (e) {
      setError(showApiError(form, e))
    } finally {
      setBusy(false)
    }
  }
  function submit(v: Values) {
    if (!list.data?.items.some((r) => r.year === v.year)) return send(v)
    modal.confirm({
      title: k.correctTitle(v.year),
      icon: <ExclamationCircleOutlined />,
      content: k.correctBody,
      okText: k.correctOk,
      cancelText: k.cancel,
      onOk: () => send(v),
    })
  }

  const status = (r: Report) => <Tag color={r.below ? '#a8071a' : '#237804'}>{r.below ? k.below : k.met}</Tag>
  const columns: TableColumnsType<Report> = [
    { key: 'year', title: k.year, dataIndex: 'year', width: 80 },
    { key: 'payroll', title: k.payroll, align: 'right', render: (_, r) => k.yuan(grouped(r.payroll)) },
    { key: 'spending', title: k.spending, align: 'right', render: (_, r) => k.yuan(grouped(r.spending)) },
    { key: 'share', title: k.share, align: 'right', width: 100, render: (_, r) => k.percent(r.share) },
    { key: 'required', title: k.required, align: 'right', render: (_, r) => k.yuan(grouped(r.required)) },
    {
      key: 'shortfall',
      title: k.shortfall,
      align: 'right',
      render: (_, r) => (r.below ? k.yuan(grouped(r.shortfall)) : '—'),
    },
    { key: 'status', title: k.status, width: 100, render: (_, r) => status(r) },
    { key: 'revision', title: k.revision, dataIndex: 'revision', width: 90 },
    {
      key: 'reportedAt',
      title: k.reportedAt,
      width: 170,
      render: (_, r) => new Date(r.reportedAt).toLocaleString('zh-CN', { hour12: false }),
    },
  ]
  const amountRules = (required: string) => [
    { required: true, whitespace: true, message: required },
    { pattern: AMOUNT, message: k.amountHelp },
  ]
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {modalHolder}
      <PageHeading crumb={k.crumb} title={k.title} intro={k.intro} />
      <Card
        title={k.formTitle}
        extra={threshold.data && <Tag color="#0958d9">{k.threshold(threshold.data.threshold)}</Tag>}
      >
        {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
        <Form<Values>
          form={form}
          layout="inline"
          onFinish={submit}
          initialValues={{ year: new Date().getFullYear() - 1 }}
          style={{ rowGap: 12 }}
        >
          <Form.Item name="year" label={k.year} rules={[{ required: true }]}>
            <InputNumber min={1990} max={new Date().getFullYear()} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="payroll" label={k.payroll} rules={amountRules(k.payrollRequired)}>
            <Input inputMode="decimal" style={{ width: 180 }} autoComplete="off" />
          </Form.Item>
          <Form.Item name="spending" label={k.spending} rules={amountRules(k.spendingRequired)}>
            <Input inputMode="decimal" style={{ width: 160 }} autoComplete="off" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              {k.submit}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Card title={k.history}>
        {list.error && <Alert type="error" showIcon role="alert" title={list.error.message} />}
        <Table<Report>
          rowKey="year"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          locale={{ emptyText: k.empty }}
          scroll={{ x: 1000 }}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: list.data?.total ?? 0,
            hideOnSinglePage: true,
            onChange: (p, s) => setPage({ page: p, pageSize: s }),
          }}
        />
      </Card>
    </Space>
  )
}
