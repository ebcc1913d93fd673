import { CloudDownloadOutlined, DeleteOutlined, InboxOutlined, PlusOutlined } from '@ant-design/icons'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Popconfirm,
  Progress,
  Space,
  Statistic,
  Table,
  Typography,
  Upload,
} from 'antd'
import { useState } from 'react'
import { ApiFailure, api, dataOf } from '../../api/client.js'
import { type ExchangeOutcome, uploadExchangeFile } from '../../api/exchange-upload.js'
import { showApiError } from '../../api/form-errors.js'
import { PagedTable } from '../../components/PagedTable.js'
import { RegionPicker, regionScopeQuery } from '../../components/RegionPicker.js'
import { useT } from '../../i18n/i18n.js'
import { save } from '../reviewer/staff-import-upload.js'

/** The largest file the API takes (src/http/routes/exchange.ts). */
const MAX_BYTES = 64 * 1024 * 1024
const PAGE = 10

/** The file name the server gives in Content-Disposition (ASCII: region and cursors). */
const nameOf = (disposition: string | null, fallback: string) =>
  /filename="([^"]+)"/.exec(disposition ?? '')?.[1] ?? fallback

/**
 * 数据上报与汇入: an HR department takes its region's ledger increment as a signed file for the upper level's
 * system (工程技术人员继续教育规定 第二十二条), takes in the files of the systems below it (苏人社函〔2023〕308号
 * 五（四）) with the report of what each did, and keeps the list of partners whose signing keys it trusts.
 */
export default function Exchange() {
  const { t } = useT()
  const x = t.exchangePage
  const { message } = App.useApp()
  const client = useQueryClient()
  const [since, setSince] = useState('')
  const [exporting, setExporting] = useState(false)
  const [exportsPage, setExportsPage] = useState(1)
  const [importsPage, setImportsPage] = useState(1)
  const [sent, setSent] = useState<number>()
  const [outcome, setOutcome] = useState<ExchangeOutcome>()
  const [failure, setFailure] = useState<string>()
  const [partnerError, setPartnerError] = useState<string>()
  const [form] = Form.useForm<{ name: string; regionCode: string; publicKey: string }>()

  const identity = useQuery({
    queryKey: ['exchange', 'identity'],
    queryFn: async () => dataOf(await api.GET('/api/exchange/identity')),
  })
  const scope = useQuery(regionScopeQuery)
  const exportsList = useQuery({
    queryKey: ['exchange', 'exports', exportsPage],
    queryFn: async () =>
      dataOf(
        await api.GET('/api/exchange/exports', {
          params: { query: { page: String(exportsPage), pageSize: String(PAGE) } },
        }),
      ),
  })
  const importsList = useQuery({
    queryKey: ['exchange', 'imports', importsPage],
    queryFn: async () =>
      dataOf(
        await api.GET('/api/exchange/imports', {
          params: { query: { page: String(importsPage), pageSize: String(PAGE) } },
        }),
      ),
  })
  const partners = useQuery({
    queryKey: ['exchange', 'partners'],
    queryFn: async () =>
      dataOf(await api.GET('/api/exchange/partners', { params: { query: { page: '1', pageSize: '200' } } })),
  })

  async function takeExport() {
    setExporting(true)
    try {
      const cursor = since.trim()
      const r = await api.GET('/api/exchange/export', {
        params: { query: cursor ? { since: cursor } : {} },
        parseAs: 'blob',
      })
      const blob = dataOf(r) as unknown as Blob
      save(blob, nameOf(r.response.headers.get('content-disposition'), 'xueshi-exchange.jsonl'))
      message.success(x.exported)
      setSince('')
      void client.invalidateQueries({ queryKey: ['exchange', 'exports'] })
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e))
    } finally {
      setExporting(false)
    }
  }

  function take(file: File) {
    setOutcome(undefined)
    setFailure(undefined)
    if (file.size > MAX_BYTES) {
      setFailure(x.tooLarge)
      return false
    }
    setSent(0)
    uploadExchangeFile(file, (done, total) => setSent(total > 0 ? done / total : 0))
      .then((o) => {
        setOutcome(o)
        void client.invalidateQueries({ queryKey: ['exchange', 'imports'] })
      })
      .catch((e: unknown) =>
        setFailure(e instanceof ApiFailure && e.status !== 0 ? e.message : x.networkFailed),
      )
      .finally(() => setSent(undefined))
    return false
  }

  const addPartner = useMutation({
    mutationFn: async (body: { name: string; regionCode: string; publicKey: string }) =>
      dataOf(await api.POST('/api/exchange/partners', { body })),
    onSuccess: () => {
      message.success(x.partnerAdded)
      form.resetFields()
      setPartnerError(undefined)
      void client.invalidateQueries({ queryKey: ['exchange', 'partners'] })
    },
    onError: (e) => setPartnerError(showApiError(form, e)),
  })
  const removePartner = useMutation({
    mutationFn: async (id: string) =>
      dataOf(await api.DELETE('/api/exchange/partners/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      message.success(x.partnerRemoved)
      void client.invalidateQueries({ queryKey: ['exchange', 'partners'] })
    },
    onError: (e) => message.error(e instanceof Error ? e.message : String(e)),
  })

  const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false })

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Breadcrumb items={[{ title: x.crumb }, { title: x.title }]} />
        <Typography.Title level={1} style={{ fontSize: 22, margin: '8px 0 0' }}>
          {x.title}
        </Typography.Title>
      </div>
      <Typography.Paragraph type="secondary" style={{ margin: 0, maxWidth: 900 }}>
        {x.intro}
      </Typography.Paragraph>

      <Card size="small" title={x.exportTitle}>
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Text>{x.exportHelp}</Typography.Text>
          <Space wrap>
            <Input
              aria-label={x.since}
              placeholder={x.sincePlaceholder}
              value={since}
              onChange={(e) => setSince(e.target.value)}
              style={{ width: 260 }}
              maxLength={20}
            />
            <Button type="primary" icon={<CloudDownloadOutlined />} loading={exporting} onClick={takeExport}>
              {x.export}
            </Button>
          </Space>
          <PagedTable
            rowKey="id"
            list={exportsList}
            empty={x.noExports}
            page={exportsPage}
            pageSize={PAGE}
            onPage={setExportsPage}
            columns={[
              { key: 'at', title: x.at, dataIndex: 'createdAt', render: when, width: 180 },
              { key: 'region', title: x.region, dataIndex: 'region', width: 100 },
              {
                key: 'cursor',
                title: x.cursor,
                render: (_: unknown, r: { from: string; to: string }) => `${r.from} → ${r.to}`,
              },
              { key: 'credits', title: x.credits, dataIndex: 'credits', width: 100, align: 'right' },
              { key: 'reversals', title: x.reversals, dataIndex: 'reversals', width: 100, align: 'right' },
            ]}
          />
        </Space>
      </Card>

      <Card size="small" title={x.importTitle}>
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Text>{x.importHelp}</Typography.Text>
          <Upload.Dragger
            accept=".jsonl"
            multiple={false}
            showUploadList={false}
            beforeUpload={take}
            disabled={sent !== undefined}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{x.drop}</p>
            <p className="ant-upload-hint">{x.dropHint}</p>
          </Upload.Dragger>
          {sent !== undefined && <Progress percent={Math.round(sent * 100)} aria-label={x.uploading} />}
          {failure && <Alert type="error" showIcon message={x.refusedTitle} description={failure} />}
          {outcome?.kind === 'taken' && <Report report={outcome.report} />}
          {outcome?.kind === 'refused' && (
            <Alert
              type="error"
              showIcon
              message={x.refusedLines(outcome.rows.length)}
              description={
                <Table
                  size="small"
                  rowKey={(r) => `${r.row}-${r.column}`}
                  dataSource={outcome.rows}
                  pagination={outcome.rows.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
                  columns={[
                    { key: 'row', title: x.line, dataIndex: 'row', width: 90 },
                    { key: 'column', title: x.field, dataIndex: 'column', width: 120 },
                    { key: 'reason', title: x.reason, dataIndex: 'reason' },
                  ]}
                />
              }
            />
          )}
          <PagedTable
            rowKey="id"
            list={importsList}
            empty={x.noImports}
            page={importsPage}
            pageSize={PAGE}
            onPage={setImportsPage}
            columns={[
              { key: 'at', title: x.at, dataIndex: 'createdAt', render: when, width: 180 },
              { key: 'issuer', title: x.issuer, dataIndex: 'issuer' },
              { key: 'region', title: x.region, dataIndex: 'region', width: 100 },
              { key: 'credited', title: x.credited, dataIndex: 'credited', width: 100, align: 'right' },
              { key: 'present', title: x.present, dataIndex: 'present', width: 140, align: 'right' },
              { key: 'reversed', title: x.reversed, dataIndex: 'reversed', width: 100, align: 'right' },
            ]}
          />
        </Space>
      </Card>

      <Card size="small" title={x.partnersTitle}>
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Text>{x.partnersHelp}</Typography.Text>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={x.ownKey}>
              <Typography.Text copyable code>
                {identity.data?.publicKey ?? '…'}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={x.keyId}>
              <Typography.Text code>{identity.data?.keyId ?? '…'}</Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          <Table
            size="small"
            rowKey="id"
            loading={partners.isFetching}
            dataSource={partners.data?.items ?? []}
            locale={{ emptyText: x.noPartners }}
            pagination={false}
            columns={[
              { key: 'name', title: x.partnerName, dataIndex: 'name' },
              { key: 'region', title: x.region, dataIndex: 'region', width: 100 },
              {
                key: 'key',
                title: x.publicKey,
                dataIndex: 'publicKey',
                render: (k: string) => <Typography.Text code>{k}</Typography.Text>,
              },
              {
                key: 'remove',
                title: '',
                width: 90,
                render: (_: unknown, p: { id: string; name: string }) => (
                  <Popconfirm
                    title={x.removeConfirm(p.name)}
                    okText={x.remove}
                    cancelText={x.cancel}
                    onConfirm={() => removePartner.mutate(p.id)}
                  >
                    <Button size="small" danger icon={<DeleteOutlined />}>
                      {x.remove}
                    </Button>
                  </Popconfirm>
                ),
              },
            ]}
          />
          <Form
            form={form}
            layout="vertical"
            onFinish={(v) => addPartner.mutate(v)}
            style={{ maxWidth: 640 }}
            requiredMark
          >
            <Form.Item
              name="name"
              label={x.partnerName}
              rules={[{ required: true, whitespace: true, message: x.nameRequired }]}
            >
              <Input maxLength={100} autoComplete="off" placeholder={x.namePlaceholder} />
            </Form.Item>
            <Form.Item
              name="regionCode"
              label={x.region}
              rules={[{ required: true, message: x.regionRequired }]}
            >
              {scope.isPending ? <Input disabled /> : <RegionPicker within={scope.data?.code ?? null} />}
            </Form.Item>
            <Form.Item
              name="publicKey"
              label={x.publicKey}
              extra={x.publicKeyHelp}
              rules={[{ required: true, whitespace: true, message: x.publicKeyRequired }]}
            >
              <Input.TextArea rows={2} maxLength={400} autoComplete="off" />
            </Form.Item>
            {partnerError && (
              <Alert type="error" showIcon message={partnerError} style={{ marginBottom: 12 }} />
            )}
            <Button htmlType="submit" icon={<PlusOutlined />} loading={addPartner.isPending}>
              {x.addPartner}
            </Button>
          </Form>
        </Space>
      </Card>
    </Space>
  )
}

function Report({ report }: { report: Extract<ExchangeOutcome, { kind: 'taken' }>['report'] }) {
  const { t } = useT()
  const x = t.exchangePage
  return (
    <Alert
      type="success"
      showIcon
      message={x.reportTitle(report.issuer.name, report.region)}
      description={
        <Space direction="vertical" size={8} style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            {x.reportCursor(report.cursor.from, report.cursor.to, report.version)}
          </Typography.Text>
          <Space size={32} wrap>
            <Statistic title={x.credited} value={report.credited} />
            <Statistic title={x.present} value={report.present} />
            <Statistic title={x.reversed} value={report.reversed} />
          </Space>
          {report.notes.length > 0 && (
            <Table
              size="small"
              rowKey="line"
              dataSource={report.notes}
              pagination={false}
              columns={[
                { key: 'line', title: x.line, dataIndex: 'line', width: 90 },
                { key: 'reason', title: x.note, dataIndex: 'reason' },
              ]}
            />
          )}
        </Space>
      }
    />
  )
}
