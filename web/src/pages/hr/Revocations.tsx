import { SearchOutlined } from '@ant-design/icons'
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { ApiFailure, api, dataOf } from '../../api/client.js'
import { showApiError } from '../../api/form-errors.js'
import type { paths } from '../../api/schema.js'
import { PageHeading } from '../../components/PageHeading.js'
import { useT } from '../../i18n/i18n.js'

type Found =
  paths['/api/ledger-entries']['get']['responses'][200]['content']['application/json']['items'][number]
type Ground = 'fraud' | 'error'
interface Search {
  idNumber?: string
  project?: string
  institution?: string
  year?: number
}

/**
 * 学时撤销: the HR department finds a credit of a person in its region (by ID number, project or institution)
 * and revokes it for fraud or corrects it as an error; the basis cited follows the kind and the entry's policy.
 */
export default function Revocations() {
  const { t } = useT()
  const k = t.revocationsPage
  const { message } = App.useApp()
  const client = useQueryClient()
  const [form] = Form.useForm<Search>()
  const [search, setSearch] = useState<Search>()
  const [page, setPage] = useState({ page: 1, pageSize: 20 })
  const [revoking, setRevoking] = useState<Found>()

  const { idNumber, ...text } = search ?? {}
  const query = {
    project: text.project,
    institution: text.institution,
    year: text.year === undefined ? undefined : String(text.year),
    page: String(page.page),
    pageSize: String(page.pageSize),
  }
  const list = useQuery({
    queryKey: ['ledger-entries', query, idNumber],
    enabled: search !== undefined,
    placeholderData: keepPreviousData,
    retry: false,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/ledger-entries', {
          params: { query, header: idNumber ? { 'x-id-number': idNumber } : undefined },
        }),
      ),
  })

  function find(v: Search) {
    const clean = (s?: string) => s?.trim() || undefined
    setPage((p) => ({ ...p, page: 1 }))
    setSearch({
      idNumber: clean(v.idNumber)?.toUpperCase(),
      project: clean(v.project),
      institution: clean(v.institution),
      year: v.year ?? undefined,
    })
  }

  const columns: TableColumnsType<Found> = [
    {
      key: 'person',
      title: k.person,
      render: (_, e) => (
        <Space direction="vertical" size={0}>
          <span>{e.name}</span>
          <Typography.Text type="secondary">{e.idMasked}</Typography.Text>
        </Space>
      ),
    },
    { key: 'year', title: k.year, dataIndex: 'year', width: 70 },
    {
      key: 'activity',
      title: k.activity,
      render: (_, e) => (
        <Space direction="vertical" size={0}>
          <span>{e.title ?? (e.kind ? (t.kinds[e.kind as keyof typeof t.kinds] ?? e.kind) : '—')}</span>
          <Typography.Text type="secondary">
            {[e.date, e.institution].filter(Boolean).join(' · ')}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'hours',
      title: k.hours,
      width: 110,
      render: (_, e) => k.hoursOf(e.public, e.professional),
    },
    { key: 'basis', title: k.basis, dataIndex: 'basis', width: 200 },
    {
      key: 'action',
      title: k.action,
      width: 110,
      render: (_, e) =>
        e.reversed ? (
          <Tag>{k.reversed}</Tag>
        ) : (
          <Button size="small" danger onClick={() => setRevoking(e)}>
            {k.revoke}
          </Button>
        ),
    },
  ]

  const refused = list.error instanceof ApiFailure ? list.error.message : list.error?.message
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <PageHeading crumb={k.crumb} title={k.title} intro={k.intro} />
      <Card>
        <Form form={form} layout="inline" onFinish={find} style={{ rowGap: 12 }}>
          <Form.Item name="idNumber" label={k.idNumber}>
            <Input allowClear maxLength={18} style={{ width: 200 }} autoComplete="off" />
          </Form.Item>
          <Form.Item name="project" label={k.project}>
            <Input allowClear maxLength={50} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="institution" label={k.institution}>
            <Input allowClear maxLength={50} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="year" label={k.year}>
            <InputNumber min={1990} max={2200} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {k.search}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {refused && <Alert type="error" showIcon role="alert" title={refused} />}
      <Table<Found>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        locale={{ emptyText: search ? k.none : k.startHint }}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: list.data?.total ?? 0,
          showTotal: (n) => k.count(n),
          onChange: (p, s) => setPage({ page: p, pageSize: s }),
        }}
      />
      <RevokeDialog
        entry={revoking}
        onClose={() => setRevoking(undefined)}
        onDone={(e, ground) => {
          message.success(ground === 'fraud' ? k.revoked(e.name) : k.corrected(e.name))
          client.invalidateQueries({ queryKey: ['ledger-entries'] })
        }}
      />
    </Space>
  )
}

/** The dialog that revokes or corrects one credit: the kind, the basis it cites, the reason. */
function RevokeDialog(p: { entry?: Found; onClose: () => void; onDone: (e: Found, ground: Ground) => void }) {
  const { t } = useT()
  const k = t.revocationsPage
  const [form] = Form.useForm<{ ground: Ground; reason: string }>()
  const ground = Form.useWatch('ground', form)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const e = p.entry
  async function submit(v: { ground: Ground; reason: string }) {
    if (!e) return
    setBusy(true)
    setError(undefined)
    try {
      dataOf(
        await api.POST('/api/persons/{personKey}/ledger/{entryId}/revoke', {
          params: { path: { personKey: e.personKey, entryId: e.id } },
          body: { ground: v.ground, reason: v.reason.trim() },
        }),
      )
      p.onDone(e, v.ground)
      p.onClose()
    } catch (err) {
      setError(showApiError(form, err))
    } finally {
      setBusy(false)
    }
  }
  const cited = e && ground ? e.revocation[ground] : undefined
  return (
    <Modal
      open={e !== undefined}
      title={e ? k.dialogTitle(e.name, e.year) : ''}
      okText={k.confirm}
      cancelText={k.cancel}
      okButtonProps={{ danger: true }}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => {
        setError(undefined)
        p.onClose()
      }}
      destroyOnHidden
      width={600}
    >
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      {e && (
        <Descriptions
          size="small"
          column={1}
          style={{ marginBottom: 12 }}
          items={[
            {
              key: 'a',
              label: k.activity,
              children: e.title ?? (e.kind ? (t.kinds[e.kind as keyof typeof t.kinds] ?? e.kind) : '—'),
            },
            { key: 'h', label: k.hours, children: k.hoursOf(e.public, e.professional) },
            { key: 'b', label: k.basis, children: e.basis },
          ]}
        />
      )}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item name="ground" label={k.ground} rules={[{ required: true, message: k.groundRequired }]}>
          <Radio.Group>
            <Space direction="vertical">
              <Radio value="fraud">{k.fraud}</Radio>
              <Radio value="error">{k.error}</Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        {cited && (
          <Alert
            type={ground === 'fraud' ? 'warning' : 'info'}
            showIcon
            style={{ marginBottom: 12 }}
            title={k.cites(cited.basis)}
            description={cited.says}
          />
        )}
        <Form.Item
          name="reason"
          label={k.reason}
          extra={k.reasonHelp}
          rules={[{ required: true, whitespace: true, message: k.reasonRequired }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  )
}
