import { DownloadOutlined, PlusOutlined } from '@ant-design/icons'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { api, dataOf } from '../../api/client.js'
import { showApiError } from '../../api/form-errors.js'
import type { paths } from '../../api/schema.js'
import { useAdviserColumns } from '../../components/AdviserColumns.js'
import { PagedTable } from '../../components/PagedTable.js'
import { PageHeading } from '../../components/PageHeading.js'
import { useT } from '../../i18n/i18n.js'
import { save } from '../reviewer/staff-import-upload.js'
import ReasonModal from './ReasonModal.js'

type Adviser = paths['/api/advisers']['get']['responses'][200]['content']['application/json']['items'][number]
type Filter = NonNullable<paths['/api/advisers']['get']['parameters']['query']>
type Body = paths['/api/advisers']['post']['requestBody']['content']['application/json']
/** What antd's DatePicker hands back (a dayjs object): only its formatting is used here. */
type Picked = { format(template: string): string } | null | undefined
type Values = Omit<Body, 'termFrom' | 'termTo'> & { termFrom?: Picked; termTo?: Picked }

const PAGE_SIZE = 20
// Solid tags: the light preset colours fall short of the contrast a clerk's screen needs (axe color-contrast).
const STATUS_COLOUR = { serving: '#237804', expired: 'default', ended: '#a8071a' } as const

/**
 * 专家与学监 (青人社字〔2023〕14号 六（一）): the HR department's register of its expert advisory committee and its
 * continuing-education supervisors (学监): appoint with the document and term, end early with a reason (after a
 * confirmation), export the register; the public list shows those serving.
 */
export default function Advisers() {
  const { t } = useT()
  const k = t.advisers
  const { message } = App.useApp()
  const client = useQueryClient()
  const [page, setPage] = useState(1)
  const [filter, setFilter] = useState<Omit<Filter, 'page' | 'pageSize'>>({})
  const [filterForm] = Form.useForm<Omit<Filter, 'page' | 'pageSize'>>()
  const [appointing, setAppointing] = useState(false)
  const [ending, setEnding] = useState<Adviser>()
  const [exporting, setExporting] = useState(false)
  const shared = useAdviserColumns<Adviser>()

  const list = useQuery({
    queryKey: ['advisers', filter, page],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/advisers', {
          params: { query: { ...filter, page: String(page), pageSize: String(PAGE_SIZE) } },
        }),
      ),
  })

  async function exportBook() {
    setExporting(true)
    try {
      const r = await api.GET('/api/advisers/export', { params: { query: filter }, parseAs: 'blob' })
      save(dataOf(r) as unknown as Blob, k.fileName)
      message.success(k.exported)
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e))
    } finally {
      setExporting(false)
    }
  }

  const refresh = () => client.invalidateQueries({ queryKey: ['advisers'] })

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <PageHeading crumb={k.crumb} title={k.title} intro={k.intro} />
      <Card size="small">
        <Form
          form={filterForm}
          layout="inline"
          initialValues={filter}
          onFinish={(v) => {
            setPage(1)
            setFilter({ ...v, q: v.q?.trim() || undefined })
          }}
          style={{ rowGap: 8 }}
        >
          <Form.Item name="kind" label={k.kind}>
            <Select
              allowClear
              placeholder={k.allKinds}
              style={{ width: 190 }}
              options={(['committee', 'supervisor'] as const).map((v) => ({ value: v, label: k.kinds[v] }))}
            />
          </Form.Item>
          <Form.Item name="status" label={k.status}>
            <Select
              allowClear
              placeholder={k.allStatuses}
              style={{ width: 130 }}
              options={(['serving', 'expired', 'ended'] as const).map((v) => ({
                value: v,
                label: k.statuses[v],
              }))}
            />
          </Form.Item>
          <Form.Item name="q" label={k.search}>
            <Input allowClear maxLength={50} placeholder={k.searchPlaceholder} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                {k.find}
              </Button>
              <Button
                onClick={() => {
                  filterForm.setFieldsValue({ kind: undefined, status: undefined, q: undefined })
                  setPage(1)
                  setFilter({})
                }}
              >
                {k.reset}
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Space wrap>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAppointing(true)}>
          {k.appoint}
        </Button>
        <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportBook}>
          {k.export}
        </Button>
        {list.data && <Typography.Text type="secondary">{k.total(list.data.total)}</Typography.Text>}
      </Space>
      <PagedTable<Adviser>
        rowKey="id"
        list={list}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={setPage}
        empty={filter.q || filter.kind || filter.status ? k.emptyFiltered : k.empty}
        scroll={{ x: 1100 }}
        columns={[
          { key: 'kind', title: k.kind, width: 120, render: (_, a) => k.kinds[a.kind] },
          ...shared,
          {
            key: 'status',
            title: k.status,
            width: 100,
            render: (_, a) => (
              <Space direction="vertical" size={0}>
                <Tag color={STATUS_COLOUR[a.status]}>{k.statuses[a.status]}</Tag>
                {a.endReason && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {a.endReason}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            key: 'actions',
            title: k.actions,
            width: 80,
            fixed: 'right',
            render: (_, a) =>
              a.status === 'ended' ? null : (
                <Button size="small" danger onClick={() => setEnding(a)}>
                  {k.end}
                </Button>
              ),
          },
        ]}
      />
      <AppointModal
        open={appointing}
        onClose={() => setAppointing(false)}
        onDone={(a) => {
          setAppointing(false)
          message.success(k.appointed(a.name))
          void refresh()
        }}
      />
      <ReasonModal
        open={ending !== undefined}
        title={ending ? k.endTitle(ending.name, k.kinds[ending.kind] ?? '') : ''}
        okText={k.end}
        cancelText={k.cancel}
        label={k.endReason}
        help={k.endHelp}
        required={k.endReasonRequired}
        onSubmit={async (reason) => {
          const a = ending as Adviser
          dataOf(
            await api.POST('/api/advisers/{id}/end', { params: { path: { id: a.id } }, body: { reason } }),
          )
          message.success(k.ended(a.name))
          await refresh()
        }}
        onClose={() => setEnding(undefined)}
      />
    </Space>
  )
}

function AppointModal(p: { open: boolean; onClose: () => void; onDone: (a: Adviser) => void }) {
  const { t } = useT()
  const k = t.advisers
  const [form] = Form.useForm<Values>()
  const [error, setError] = useState<string>()
  const appoint = useMutation({
    mutationFn: async (v: Values) =>
      dataOf(
        await api.POST('/api/advisers', {
          body: {
            ...v,
            field: v.field?.trim() || undefined,
            termFrom: v.termFrom?.format('YYYY-MM-DD') as string,
            termTo: v.termTo?.format('YYYY-MM-DD') || undefined,
          },
        }),
      ),
    onSuccess: (a) => {
      form.resetFields()
      p.onDone(a)
    },
    onError: (e) => setError(showApiError(form, e)),
  })
  const required = (label: string) => [{ required: true, whitespace: true, message: k.required(label) }]
  return (
    <Modal
      open={p.open}
      title={k.appointTitle}
      okText={k.appointOk}
      cancelText={k.cancel}
      confirmLoading={appoint.isPending}
      onOk={() => form.submit()}
      onCancel={() => {
        setError(undefined)
        p.onClose()
      }}
      width={620}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{k.appointHelp}</Typography.Paragraph>
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'supervisor' }}
        onFinish={(v) => {
          setError(undefined)
          appoint.mutate(v)
        }}
        preserve={false}
      >
        <Form.Item name="kind" label={k.kind} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={(['supervisor', 'committee'] as const).map((v) => ({ value: v, label: k.kinds[v] }))}
          />
        </Form.Item>
        <Space size={16} style={{ display: 'flex' }} align="start">
          <Form.Item name="name" label={k.name} rules={required(k.name)} style={{ width: 180 }}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="title" label={k.titleField} rules={required(k.titleField)} style={{ width: 360 }}>
            <Input maxLength={100} placeholder={k.titlePlaceholder} />
          </Form.Item>
        </Space>
        <Form.Item name="employer" label={k.employer} rules={required(k.employer)}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="field" label={k.fieldOptional}>
          <Input maxLength={100} placeholder={k.fieldPlaceholder} />
        </Form.Item>
        <Space size={16} style={{ display: 'flex' }} align="start">
          <Form.Item
            name="termFrom"
            label={k.termFrom}
            rules={[{ required: true, message: k.required(k.termFrom) }]}
          >
            <DatePicker format="YYYY-MM-DD" style={{ width: 180 }} />
          </Form.Item>
          <Form.Item
            name="termTo"
            label={k.termTo}
            extra={k.termToHelp}
            dependencies={['termFrom']}
            rules={[
              ({ getFieldValue }) => ({
                validator: async (_, v: Picked) => {
                  const from = (getFieldValue('termFrom') as Picked)?.format('YYYY-MM-DD')
                  if (v && from && v.format('YYYY-MM-DD') < from) throw new Error(k.termBackwards)
                },
              }),
            ]}
          >
            <DatePicker format="YYYY-MM-DD" style={{ width: 180 }} />
          </Form.Item>
        </Space>
        <Form.Item name="document" label={k.document} rules={required(k.document)}>
          <Input maxLength={200} placeholder={k.documentPlaceholder} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
