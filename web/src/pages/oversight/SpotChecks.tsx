import { PlusOutlined } from '@ant-design/icons'
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { api, dataOf } from '../../api/client.js'
import { showApiError } from '../../api/form-errors.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'

export type SpotCheck =
  paths['/api/spot-checks']['get']['responses'][200]['content']['application/json']['items'][number]
type DrawBody = paths['/api/spot-checks']['post']['requestBody']['content']['application/json']
type Population = DrawBody['population']

const STRATA_OF: Record<Population, string[]> = {
  persons: ['district', 'series'],
  entries: ['district', 'series', 'source'],
  employers: ['district'],
  institutions: ['district'],
}

/**
 * 随机抽查 (青人社字〔2023〕14号 六（三）): the HR department's or authority's spot checks, newest first, and the
 * form that draws a new reproducible sample in its oversight.
 */
export default function SpotChecks() {
  const { t } = useT()
  const k = t.spotChecksPage
  const [page, setPage] = useState({ page: 1, pageSize: 20 })
  const [drawing, setDrawing] = useState(false)
  const list = useQuery({
    queryKey: ['spot-checks', page],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/spot-checks', {
          params: { query: { page: String(page.page), pageSize: String(page.pageSize) } },
        }),
      ),
  })
  const columns: TableColumnsType<SpotCheck> = [
    {
      key: 'title',
      title: k.name,
      render: (_, c) => <Link to={`/spot-checks/${c.id}`}>{c.title}</Link>,
    },
    { key: 'population', title: k.population, width: 130, render: (_, c) => k.populations[c.population] },
    {
      key: 'strata',
      title: k.stratifyBy,
      width: 140,
      render: (_, c) => (c.definition.stratifyBy ? k.strata[c.definition.stratifyBy] : k.noStrata),
    },
    { key: 'seed', title: k.seed, dataIndex: 'seed', width: 120 },
    {
      key: 'progress',
      title: k.progress,
      width: 100,
      render: (_, c) => k.progressOf(c.checked, c.sampleSize),
    },
    { key: 'findings', title: k.findings, dataIndex: 'findings', width: 90 },
    {
      key: 'state',
      title: k.state,
      width: 90,
      render: (_, c) => <Tag color={c.state === 'open' ? '#0958d9' : 'default'}>{k.states[c.state]}</Tag>,
    },
    {
      key: 'created',
      title: k.created,
      width: 170,
      render: (_, c) => new Date(c.createdAt).toLocaleString('zh-CN', { hour12: false }),
    },
  ]
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Breadcrumb items={[{ title: k.crumb }, { title: k.title }]} />
        <Space style={{ width: '100%', justifyContent: 'space-between', alignItems: 'flex-start' }}>
          <Typography.Title level={1} style={{ fontSize: 22, margin: '8px 0 0' }}>
            {k.title}
          </Typography.Title>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawing(true)}>
            {k.draw}
          </Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
          {k.intro}
        </Typography.Paragraph>
      </div>
      {list.error && <Alert type="error" showIcon role="alert" title={list.error.message} />}
      <Table<SpotCheck>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        locale={{ emptyText: k.empty }}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: list.data?.total ?? 0,
          showTotal: (n) => k.count(n),
          onChange: (p, s) => setPage({ page: p, pageSize: s }),
        }}
      />
      <DrawDialog open={drawing} onClose={() => setDrawing(false)} />
    </Space>
  )
}

function DrawDialog(p: { open: boolean; onClose: () => void }) {
  const { t } = useT()
  const k = t.spotChecksPage
  const { message } = App.useApp()
  const client = useQueryClient()
  const navigate = useNavigate()
  const [form] = Form.useForm<DrawBody>()
  const population = Form.useWatch('population', form) ?? 'persons'
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  async function submit(v: DrawBody) {
    setBusy(true)
    setError(undefined)
    try {
      const c = dataOf(
        await api.POST('/api/spot-checks', {
          body: { ...v, stratifyBy: v.stratifyBy || undefined, seed: v.seed ?? undefined },
        }),
      )
      message.success(k.drawn(c.sampleSize))
      await client.invalidateQueries({ queryKey: ['spot-checks'] })
      p.onClose()
      form.resetFields()
      navigate(`/spot-checks/${c.id}`)
    } catch (e) {
      setError(showApiError(form, e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal
      open={p.open}
      title={k.drawTitle}
      okText={k.drawOk}
      cancelText={k.cancel}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={p.onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      <Form<DrawBody>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ population: 'persons', sampleSize: 10, year: new Date().getFullYear() - 1 }}
      >
        <Form.Item
          name="title"
          label={k.name}
          rules={[{ required: true, whitespace: true, message: k.nameRequired }]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="population" label={k.population}>
          <Select
            options={Object.keys(STRATA_OF).map((v) => ({ value: v, label: k.populations[v] }))}
            onChange={() => form.setFieldValue('stratifyBy', undefined)}
          />
        </Form.Item>
        {population === 'entries' && (
          <Form.Item name="year" label={k.year} rules={[{ required: true, message: k.yearRequired }]}>
            <InputNumber min={1990} max={2200} style={{ width: 120 }} />
          </Form.Item>
        )}
        <Form.Item name="stratifyBy" label={k.stratifyBy}>
          <Select
            allowClear
            placeholder={k.noStrata}
            options={STRATA_OF[population].map((v) => ({ value: v, label: k.strata[v] }))}
          />
        </Form.Item>
        <Space size={16} align="start">
          <Form.Item name="sampleSize" label={k.sampleSize} rules={[{ required: true }]}>
            <InputNumber min={1} max={500} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="seed" label={k.seed} extra={k.seedHelp}>
            <InputNumber min={1} max={2147483647} style={{ width: 200 }} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  )
}
