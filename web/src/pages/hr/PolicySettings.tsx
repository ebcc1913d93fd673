import { ExclamationCircleOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Result,
  Skeleton,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Timeline,
  Typography,
} from 'antd'
import { useState } from 'react'
import { ApiFailure, api, dataOf } from '../../api/client.js'
import { showApiError } from '../../api/form-errors.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'

type Overview = paths['/api/settings/policies']['get']['responses'][200]['content']['application/json']
type SettablePolicy = Overview['items'][number]
type Setting = NonNullable<SettablePolicy['current']>
interface Change {
  applies: boolean
  fromYear: number
  reason: string
}

const yearOf = (iso: string) => Number(iso.slice(0, 4))
/** China Standard Time (UTC+8) date of an instant, YYYY-MM-DD (with the time when asked). */
const chinaTime = (iso: string, withTime = false): string => {
  const s = new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString()
  return withTime ? `${s.slice(0, 10)} ${s.slice(11, 16)}` : s.slice(0, 10)
}

/** 部署设置 / 适用政策: which policies the deployment's top HR department applies, from which year, with the history. */
export default function PolicySettings() {
  const { t } = useT()
  const k = t.policySettingsPage
  const overview = useQuery({
    queryKey: ['policy-settings'],
    queryFn: async () => dataOf(await api.GET('/api/settings/policies')),
    retry: (count, e) => !(e instanceof ApiFailure && e.status === 403) && count < 2,
  })
  const [changing, setChanging] = useState<SettablePolicy>()

  const choice = (s: Setting | null) =>
    s === null ? (
      <Tag color="blue">{k.byText}</Tag>
    ) : s.applies ? (
      <Tag color="green">{k.yes}</Tag>
    ) : (
      <Tag>{k.no}</Tag>
    )
  const columns: TableColumnsType<SettablePolicy> = [
    {
      key: 'title',
      title: k.docTitle,
      render: (_, p) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{p.title}</Typography.Text>
          {p.series && (
            <Typography.Text type="secondary">
              {k.seriesOnly(p.series.map((s) => t.series[s] ?? s).join('、'))}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      key: 'documentNo',
      title: k.documentNo,
      width: 170,
      // A draft for comment has no number yet: its title stands in for it (cn-engineering-2026).
      render: (_, p) =>
        p.documentNo === p.title ? (
          <Typography.Text type="secondary">{k.noNumber}</Typography.Text>
        ) : (
          p.documentNo
        ),
    },
    { key: 'jurisdiction', title: k.jurisdiction, width: 100, dataIndex: 'jurisdictionName' },
    {
      key: 'validity',
      title: k.validity,
      width: 110,
      render: (_, p) =>
        p.effectiveTo ? k.validRange(p.effectiveFrom, p.effectiveTo) : k.validFrom(p.effectiveFrom),
    },
    { key: 'applies', title: k.applies, width: 100, render: (_, p) => choice(p.current) },
    {
      key: 'fromYear',
      title: k.fromYear,
      width: 150,
      render: (_, p) => (p.current ? k.yearFrom(p.current.fromYear) : k.fromText(yearOf(p.effectiveFrom))),
    },
    {
      key: 'setBy',
      title: k.setBy,
      width: 120,
      render: (_, p) =>
        p.current ? (
          <Space direction="vertical" size={0}>
            <span>{p.current.setBy}</span>
            <Typography.Text type="secondary">{chinaTime(p.current.setAt)}</Typography.Text>
          </Space>
        ) : (
          <Typography.Text type="secondary">{k.notSet}</Typography.Text>
        ),
    },
    {
      key: 'action',
      title: k.action,
      width: 72,
      render: (_, p) => (
        <Button size="small" onClick={() => setChanging(p)}>
          {k.change}
        </Button>
      ),
    },
  ]

  const history = (p: SettablePolicy) =>
    p.history.length === 0 ? (
      <Typography.Text type="secondary">{k.historyEmpty}</Typography.Text>
    ) : (
      <Timeline
        style={{ marginTop: 8 }}
        items={p.history.map((h) => ({
          key: h.id,
          color: h.applies ? 'green' : 'gray',
          content: (
            <Space direction="vertical" size={0}>
              <Typography.Text strong>
                {k.historyChoice(h.applies ? k.yes : k.no, h.fromYear)}
              </Typography.Text>
              <span>{h.reason}</span>
              <Typography.Text type="secondary">
                {k.historyLine(h.setBy, chinaTime(h.setAt, true))}
              </Typography.Text>
            </Space>
          ),
        }))}
      />
    )

  const data = overview.data
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Breadcrumb items={[{ title: k.crumb }, { title: k.title }]} />
        <Typography.Title level={1} style={{ fontSize: 22, margin: '8px 0 0' }}>
          {k.title}
        </Typography.Title>
      </div>
      {overview.error ? (
        <Result
          status={overview.error instanceof ApiFailure && overview.error.status === 403 ? '403' : 'error'}
          title={
            overview.error instanceof ApiFailure && overview.error.status === 403
              ? k.forbidden
              : t.common.failed
          }
          subTitle={overview.error.message}
          extra={<Button onClick={() => overview.refetch()}>{t.common.retry}</Button>}
        />
      ) : !data ? (
        <Skeleton active paragraph={{ rows: 5 }} />
      ) : (
        <>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {k.intro(data.department.regionName)}
          </Typography.Paragraph>
          <Alert type="info" showIcon title={k.draftNote} />
          <Card
            size="small"
            title={k.listTitle}
            extra={<Typography.Text type="secondary">{k.count(data.items.length)}</Typography.Text>}
          >
            {data.items.length === 0 ? (
              <Empty />
            ) : (
              <Table<SettablePolicy>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={data.items}
                columns={columns}
                expandable={{
                  expandedRowRender: history,
                  expandRowByClick: false,
                  columnTitle: k.historyColumn,
                  columnWidth: 56,
                }}
              />
            )}
          </Card>
        </>
      )}
      <ChangeDialog policy={changing} onClose={() => setChanging(undefined)} />
    </Space>
  )
}

/** The change: applies or not, from which year, a reason; confirmed before it is saved. */
function ChangeDialog({ policy, onClose }: { policy?: SettablePolicy; onClose: () => void }) {
  const { t } = useT()
  const k = t.policySettingsPage
  const client = useQueryClient()
  const { message } = App.useApp()
  const [modal, holder] = Modal.useModal()
  const [form] = Form.useForm<Change>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const first = policy ? yearOf(policy.effectiveFrom) : 1990
  const last = policy?.effectiveTo ? yearOf(policy.effectiveTo) : 2100

  const save = async (change: Change) => {
    if (!policy) return
    setBusy(true)
    setError(undefined)
    try {
      dataOf(
        await api.PUT('/api/settings/policies/{policyId}', {
          params: { path: { policyId: policy.id } },
          body: { ...change, reason: change.reason.trim() },
        }),
      )
      message.success(k.saved(policy.title))
      await client.invalidateQueries({ queryKey: ['policy-settings'] })
      onClose()
    } catch (e) {
      setError(showApiError(form, e))
    } finally {
      setBusy(false)
    }
  }
  const confirm = (change: Change) =>
    modal.confirm({
      title: k.confirmTitle,
      icon: <ExclamationCircleOutlined />,
      content: k.confirmBody(
        `${policy?.title ?? ''}：${k.historyChoice(change.applies ? k.yes : k.no, change.fromYear)}`,
      ),
      okText: k.confirmOk,
      cancelText: k.cancel,
      onOk: () => save(change),
    })

  return (
    <Modal
      open={policy !== undefined}
      title={policy ? k.dialogTitle(policy.title) : ''}
      okText={k.save}
      cancelText={k.cancel}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => {
        setError(undefined)
        onClose()
      }}
      destroyOnHidden
      width={560}
    >
      {holder}
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      {policy && (
        <Form<Change>
          form={form}
          layout="vertical"
          onFinish={confirm}
          preserve={false}
          initialValues={{
            applies: policy.current?.applies ?? true,
            fromYear: policy.current?.fromYear ?? first,
            reason: '',
          }}
        >
          <Typography.Paragraph type="secondary">
            {policy.documentNo === policy.title ? k.noNumber : policy.documentNo} · {policy.jurisdictionName}
          </Typography.Paragraph>
          <Form.Item name="applies" label={k.appliesLabel}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={[
                { value: true, label: k.yes },
                { value: false, label: k.no },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="fromYear"
            label={k.fromYearLabel}
            extra={k.fromYearHelp(first)}
            rules={[{ required: true, message: k.fromYearRequired }]}
          >
            <InputNumber min={first} max={last} precision={0} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item
            name="reason"
            label={k.reason}
            extra={k.reasonHelp}
            rules={[{ required: true, whitespace: true, message: k.reasonRequired }]}
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  )
}
