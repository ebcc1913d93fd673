import { DownloadOutlined, ExclamationCircleOutlined, ReloadOutlined } from '@ant-design/icons'
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Radio,
  Result,
  Skeleton,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { Link, useParams } from 'react-router'
import { api, dataOf } from '../../api/client.js'
import { showApiError } from '../../api/form-errors.js'
import type { paths } from '../../api/schema.js'
import { type SanctionGround, SanctionGroundField } from '../../components/SanctionGroundField.js'
import { useT } from '../../i18n/i18n.js'
import { useSession } from '../../session.js'
import { save } from '../reviewer/staff-import-upload.js'

type Item =
  paths['/api/spot-checks/{id}/items']['get']['responses'][200]['content']['application/json']['items'][number]
type Checklist = paths['/api/spot-check-items/{id}']['put']['requestBody']['content']['application/json']

/**
 * One spot check: how it was drawn (to redraw it), the allocation per stratum, the sample with each item's
 * checklist, a finding's revocation (HR departments, sampled credits) or the institution's warning, the
 * workbook, and the close with its conclusion after a confirmation.
 */
export default function SpotCheckDetail() {
  const { t } = useT()
  const k = t.spotChecksPage
  const { id = '' } = useParams()
  const { message } = App.useApp()
  const [modal, modalHolder] = Modal.useModal()
  const client = useQueryClient()
  const session = useSession()
  const [page, setPage] = useState({ page: 1, pageSize: 20 })
  const [checking, setChecking] = useState<Item>()
  const [revoking, setRevoking] = useState<Item>()
  const [warning, setWarning] = useState<Item>()
  const [exporting, setExporting] = useState(false)
  const check = useQuery({
    queryKey: ['spot-check', id],
    retry: false,
    queryFn: async () => dataOf(await api.GET('/api/spot-checks/{id}', { params: { path: { id } } })),
  })
  const items = useQuery({
    queryKey: ['spot-check-items', id, page],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/spot-checks/{id}/items', {
          params: { path: { id }, query: { page: String(page.page), pageSize: String(page.pageSize) } },
        }),
      ),
  })
  const redraw = useQuery({
    queryKey: ['spot-check-redraw', id],
    enabled: false,
    queryFn: async () => dataOf(await api.GET('/api/spot-checks/{id}/redraw', { params: { path: { id } } })),
  })
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['spot-check', id] }),
      client.invalidateQueries({ queryKey: ['spot-check-items', id] }),
      client.invalidateQueries({ queryKey: ['spot-checks'] }),
    ])

  if (check.isPending) return <Skeleton active />
  if (check.error || !check.data)
    return (
      <Result status="warning" title={check.error?.message} extra={<Link to="/spot-checks">{k.back}</Link>} />
    )
  const c = check.data
  const open = c.state === 'open'
  const hr = session.data?.role === 'hr_department'

  async function exportBook() {
    setExporting(true)
    try {
      const r = await api.GET('/api/spot-checks/{id}/export', { params: { path: { id } }, parseAs: 'blob' })
      save(dataOf(r) as unknown as Blob, `随机抽查-${c.title}.xlsx`)
      message.success(k.exported)
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e))
    } finally {
      setExporting(false)
    }
  }

  function close() {
    let conclusion = ''
    modal.confirm({
      title: k.closeTitle,
      icon: <ExclamationCircleOutlined />,
      content: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>{k.closeBody}</Typography.Text>
          <Input.TextArea
            aria-label={k.conclusion}
            rows={3}
            maxLength={1000}
            onChange={(e) => {
              conclusion = e.target.value
            }}
          />
        </Space>
      ),
      okText: k.close,
      cancelText: k.cancel,
      onOk: async () => {
        if (!conclusion.trim()) {
          message.error(k.conclusionRequired)
          throw new Error(k.conclusionRequired)
        }
        try {
          dataOf(
            await api.POST('/api/spot-checks/{id}/close', { params: { path: { id } }, body: { conclusion } }),
          )
          message.success(k.closed)
          await refresh()
        } catch (e) {
          message.error(e instanceof Error ? e.message : String(e))
        }
      },
    })
  }

  const columns: TableColumnsType<Item> = [
    { key: 'position', title: k.position, dataIndex: 'position', width: 60 },
    ...(c.definition.stratifyBy
      ? [{ key: 'stratum', title: k.stratum, dataIndex: 'stratumLabel', width: 110 }]
      : []),
    {
      key: 'subject',
      title: k.subject,
      render: (_, i) => (
        <Space direction="vertical" size={0}>
          <span>{i.label}</span>
          <Typography.Text type="secondary">{i.detail}</Typography.Text>
        </Space>
      ),
    },
    {
      key: 'result',
      title: k.result,
      width: 260,
      render: (_, i) =>
        i.checkedAt === null ? (
          <Tag>{k.unchecked}</Tag>
        ) : (
          <Space direction="vertical" size={0}>
            <Space size={4} wrap>
              <Tag color={i.matchesRecord ? '#237804' : '#a8071a'}>
                {i.matchesRecord ? k.matches : k.differs}
              </Tag>
              {i.evidenceSeen && <Tag>{k.evidenceSeen}</Tag>}
              {i.action !== 'none' && (
                <Tag color="#ad4e00">
                  {i.action !== 'revocation' && i.actionRef
                    ? k.issued(k.actions[i.action] ?? '')
                    : k.actions[i.action]}
                </Tag>
              )}
            </Space>
            {i.finding && <Typography.Text type="secondary">{i.finding}</Typography.Text>}
          </Space>
        ),
    },
    {
      key: 'action',
      title: k.action,
      width: 190,
      render: (_, i) =>
        open ? (
          <Space size={4} wrap>
            <Button size="small" onClick={() => setChecking(i)}>
              {k.check}
            </Button>
            {hr && c.population === 'entries' && i.action !== 'revocation' && (
              <Button size="small" danger onClick={() => setRevoking(i)}>
                {k.revoke}
              </Button>
            )}
            {c.population === 'institutions' &&
              (i.action === 'warning' || i.action === 'criticism') &&
              i.actionRef === null && (
                <Button size="small" danger onClick={() => setWarning(i)}>
                  {k.warn}
                </Button>
              )}
          </Space>
        ) : null,
    },
  ]

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {modalHolder}
      <div>
        <Breadcrumb
          items={[
            { title: k.crumb },
            { title: <Link to="/spot-checks">{k.title}</Link> },
            { title: c.title },
          ]}
        />
        <Space style={{ width: '100%', justifyContent: 'space-between', alignItems: 'flex-start' }} wrap>
          <Typography.Title level={1} style={{ fontSize: 22, margin: '8px 0 0' }}>
            {c.title} <Tag color={open ? '#0958d9' : 'default'}>{k.states[c.state]}</Tag>
          </Typography.Title>
          <Space wrap>
            <Button icon={<ReloadOutlined />} loading={redraw.isFetching} onClick={() => redraw.refetch()}>
              {k.redraw}
            </Button>
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportBook}>
              {k.export}
            </Button>
            {open && (
              <Button type="primary" onClick={close} disabled={c.checked < c.sampleSize}>
                {k.close}
              </Button>
            )}
          </Space>
        </Space>
        {open && c.checked < c.sampleSize && (
          <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', textAlign: 'right' }}>
            {k.notAllChecked(c.sampleSize - c.checked)}
          </Typography.Paragraph>
        )}
      </div>
      {redraw.data && (
        <Alert
          showIcon
          type={redraw.data.populationChanged || !redraw.data.sameItems ? 'warning' : 'success'}
          title={redraw.data.populationChanged ? k.redrawChanged(redraw.data.sameItems) : k.redrawSame}
        />
      )}
      {redraw.error && <Alert showIcon type="error" title={redraw.error.message} />}
      <Card>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={k.population}>{k.populations[c.population]}</Descriptions.Item>
          <Descriptions.Item label={k.region}>
            {c.definition.industry ? `${c.regionName} · ${c.definition.industry}` : c.regionName}
          </Descriptions.Item>
          {c.definition.year !== null && (
            <Descriptions.Item label={k.year}>{c.definition.year}</Descriptions.Item>
          )}
          <Descriptions.Item label={k.stratifyBy}>
            {c.definition.stratifyBy ? k.strata[c.definition.stratifyBy] : k.noStrata}
          </Descriptions.Item>
          <Descriptions.Item label={k.seed}>
            <Typography.Text copyable>{String(c.seed)}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={k.populationSize}>{c.populationSize}</Descriptions.Item>
          <Descriptions.Item label={k.sampleSize}>{c.sampleSize}</Descriptions.Item>
          <Descriptions.Item label={k.progress}>{k.progressOf(c.checked, c.sampleSize)}</Descriptions.Item>
          <Descriptions.Item label={k.findings}>{c.findings}</Descriptions.Item>
          <Descriptions.Item label={k.populationHash} span={3}>
            <Typography.Text code copyable style={{ fontSize: 12 }}>
              {c.populationHash}
            </Typography.Text>
          </Descriptions.Item>
          {c.definition.stratifyBy && (
            <Descriptions.Item label={k.allocation} span={3}>
              <Space wrap>
                {c.allocation.map((a) => (
                  <Tag key={a.stratum}>
                    {a.label}：{k.allocationOf(a.population, a.sample)}
                  </Tag>
                ))}
              </Space>
            </Descriptions.Item>
          )}
          {c.conclusion && (
            <Descriptions.Item label={k.conclusion} span={3}>
              {c.conclusion}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Table<Item>
        rowKey="id"
        columns={columns}
        dataSource={items.data?.items ?? []}
        loading={items.isFetching}
        locale={{ emptyText: k.none }}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: items.data?.total ?? 0,
          onChange: (p, s) => setPage({ page: p, pageSize: s }),
        }}
      />
      <ChecklistDialog
        item={checking}
        institutions={c.population === 'institutions'}
        onClose={() => setChecking(undefined)}
        onDone={refresh}
      />
      <RevokeDialog item={revoking} onClose={() => setRevoking(undefined)} onDone={refresh} />
      <WarnDialog spotCheckId={id} item={warning} onClose={() => setWarning(undefined)} onDone={refresh} />
    </Space>
  )
}

function ChecklistDialog(p: {
  item?: Item
  institutions: boolean
  onClose: () => void
  onDone: () => unknown
}) {
  const { t } = useT()
  const k = t.spotChecksPage
  const { message } = App.useApp()
  const [form] = Form.useForm<Checklist>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const matches = Form.useWatch('matchesRecord', form)
  const i = p.item
  async function submit(v: Checklist) {
    if (!i) return
    setBusy(true)
    setError(undefined)
    try {
      dataOf(
        await api.PUT('/api/spot-check-items/{id}', {
          params: { path: { id: i.id } },
          body: { ...v, finding: v.finding?.trim() || undefined },
        }),
      )
      message.success(k.saved)
      p.onClose()
      await p.onDone()
    } catch (e) {
      setError(showApiError(form, e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal
      open={i !== undefined}
      title={i && k.checkTitle(i.label)}
      okText={k.save}
      cancelText={k.cancel}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={p.onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      {i && (
        <Form<Checklist>
          form={form}
          layout="vertical"
          onFinish={submit}
          preserve={false}
          initialValues={{
            evidenceSeen: i.evidenceSeen ?? true,
            matchesRecord: i.matchesRecord ?? true,
            finding: i.finding ?? '',
            action: i.action === 'warning' || i.action === 'criticism' ? i.action : 'none',
          }}
        >
          <Typography.Paragraph type="secondary">{i.detail}</Typography.Paragraph>
          <Form.Item name="evidenceSeen" label={k.evidenceSeen}>
            <Radio.Group
              options={[
                { value: true, label: k.yes },
                { value: false, label: k.no },
              ]}
            />
          </Form.Item>
          <Form.Item name="matchesRecord" label={k.matchesRecord}>
            <Radio.Group
              options={[
                { value: true, label: k.yes },
                { value: false, label: k.no },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="finding"
            label={k.finding}
            rules={[{ required: matches === false, whitespace: true, message: k.findingRequired }]}
          >
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
          {p.institutions && (
            <Form.Item name="action" label={k.proposal}>
              <Radio.Group
                options={(['none', 'warning', 'criticism'] as const).map((v) => ({
                  value: v,
                  label: k.actions[v],
                }))}
              />
            </Form.Item>
          )}
        </Form>
      )}
    </Modal>
  )
}

function RevokeDialog(p: { item?: Item; onClose: () => void; onDone: () => unknown }) {
  const { t } = useT()
  const k = t.spotChecksPage
  const { message } = App.useApp()
  const [form] = Form.useForm<{ ground: 'fraud' | 'error'; reason: string }>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const i = p.item
  async function submit(v: { ground: 'fraud' | 'error'; reason: string }) {
    if (!i) return
    setBusy(true)
    setError(undefined)
    try {
      dataOf(await api.POST('/api/spot-check-items/{id}/revoke', { params: { path: { id: i.id } }, body: v }))
      message.success(k.revoked)
      p.onClose()
      await p.onDone()
    } catch (e) {
      setError(showApiError(form, e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal
      open={i !== undefined}
      title={i && k.revokeTitle(i.label)}
      okText={k.revokeOk}
      okButtonProps={{ danger: true }}
      cancelText={k.cancel}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={p.onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      {i && (
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          preserve={false}
          initialValues={{ ground: 'fraud', reason: i.finding ?? '' }}
        >
          <Typography.Paragraph type="secondary">{i.detail}</Typography.Paragraph>
          <Form.Item name="ground" label={k.ground}>
            <Radio.Group
              options={[
                { value: 'fraud', label: k.fraud },
                { value: 'error', label: k.error },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label={k.reason}
            rules={[{ required: true, whitespace: true, message: k.reasonRequired }]}
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  )
}

/**
 * 警告机构: the warning or 通报批评 the finding proposed (江西省人民政府令第259号 第二十五条), with the rule breached
 * asked as 机构监管 asks it; issued with this spot check's id, then linked to the item. The finding is the published
 * reason.
 */
function WarnDialog(p: { spotCheckId: string; item?: Item; onClose: () => void; onDone: () => unknown }) {
  const { t } = useT()
  const k = t.spotChecksPage
  const { message } = App.useApp()
  const [form] = Form.useForm<{ ground: SanctionGround }>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const i = p.item
  const kind = i?.action as 'warning' | 'criticism' | undefined
  async function submit(v: { ground: SanctionGround }) {
    if (!i || !kind) return
    setBusy(true)
    setError(undefined)
    try {
      const sanction = dataOf(
        await api.POST('/api/institutions/{id}/warnings', {
          params: { path: { id: i.subjectId } },
          body: { kind, ground: v.ground, reason: i.finding ?? '', spotCheckId: p.spotCheckId },
        }),
      )
      dataOf(
        await api.POST('/api/spot-check-items/{id}/warning', {
          params: { path: { id: i.id } },
          body: { warningId: sanction.id },
        }),
      )
      message.success(k.warned)
      p.onClose()
      await p.onDone()
    } catch (e) {
      setError(showApiError(form, e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal
      open={i !== undefined}
      title={
        // Kept clear of the close button: an institution's name makes the title wrap.
        i && kind && <div style={{ paddingRight: 24 }}>{k.warnTitle(k.actions[kind] ?? kind, i.label)}</div>
      }
      okText={k.warnOk}
      okButtonProps={{ danger: true }}
      cancelText={k.cancel}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => {
        setError(undefined)
        p.onClose()
      }}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      {i && (
        <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
          <Typography.Paragraph type="secondary">{k.warnBody(i.finding ?? '')}</Typography.Paragraph>
          <SanctionGroundField />
        </Form>
      )}
    </Modal>
  )
}
