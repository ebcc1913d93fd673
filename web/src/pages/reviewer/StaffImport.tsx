import { DownloadOutlined, FileExcelOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Progress,
  Result,
  Space,
  Statistic,
  Table,
  Typography,
  Upload,
} from 'antd'
import { useRef, useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { ApiFailure, api, dataOf } from '../../api/client.js'
import { useT } from '../../i18n/i18n.js'
import { bytesOf, type Outcome, save, uploadStaffFile } from './staff-import-upload.js'

/** The largest file the API takes (src/http/routes/staff-import.ts). */
const MAX_BYTES = 16 * 1024 * 1024
const ACCEPT = '.xlsx,.csv'

type RowProblem = { row: number; column: string; reason: string }

/**
 * 员工导入: the employer (agency) downloads the template, fills it in Excel, uploads it with a progress bar
 * after confirming, and sees either what was imported or every row error, with the annotated file.
 */
export default function StaffImport() {
  const { t } = useT()
  const x = t.staffImportPage
  const { modal, message } = App.useApp()
  const navigate = useNavigate()
  const client = useQueryClient()
  const [file, setFile] = useState<File>()
  const [sent, setSent] = useState<number>()
  const [outcome, setOutcome] = useState<Outcome>()
  const [failure, setFailure] = useState<string>()
  const [downloading, setDownloading] = useState(false)
  const abort = useRef<() => void>(undefined)

  async function template() {
    setDownloading(true)
    try {
      const r = await api.GET('/api/staff/import-template', { parseAs: 'blob' })
      save(dataOf(r) as unknown as Blob, x.templateName)
    } catch (e) {
      message.error(e instanceof ApiFailure ? e.message : x.templateFailed)
    } finally {
      setDownloading(false)
    }
  }

  function choose(chosen: File) {
    setOutcome(undefined)
    setFailure(undefined)
    if (chosen.size > MAX_BYTES) setFailure(x.tooLarge)
    else if (!/\.(xlsx|csv)$/i.test(chosen.name)) setFailure(x.wrongType)
    else setFile(chosen)
    return false // kept here until the import is confirmed
  }

  function start() {
    if (!file) return
    modal.confirm({
      title: x.confirmTitle,
      content: x.confirmBody(file.name),
      okText: x.confirmOk,
      cancelText: x.cancel,
      onOk: () => {
        setSent(0)
        setFailure(undefined)
        const upload = uploadStaffFile(file, (done, total) => setSent(total > 0 ? done / total : 0))
        abort.current = upload.abort
        upload.done
          .then((o) => {
            setOutcome(o)
            if (o.kind === 'imported') {
              setFile(undefined)
              void client.invalidateQueries({ queryKey: ['compliance'] })
              void client.invalidateQueries({ queryKey: ['compliance-summary'] })
              void client.invalidateQueries({ queryKey: ['staff'] })
              void client.invalidateQueries({ queryKey: ['staff-departments'] })
            }
          })
          .catch((e: unknown) => {
            if (e instanceof ApiFailure && e.error.code === 'aborted') return
            setFailure(e instanceof ApiFailure && e.status !== 0 ? e.message : x.networkFailed)
          })
          .finally(() => {
            setSent(undefined)
            abort.current = undefined
          })
      },
    })
  }

  function again() {
    setOutcome(undefined)
    setFailure(undefined)
    setFile(undefined)
  }

  const uploading = sent !== undefined
  const problemColumns = [
    { key: 'row', title: x.row, dataIndex: 'row', width: 90, render: (r: number) => x.rowNo(r) },
    { key: 'column', title: x.column, dataIndex: 'column', width: 140 },
    { key: 'reason', title: x.reason, dataIndex: 'reason' },
  ]

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Breadcrumb items={[{ title: x.crumb }, { title: x.title }]} />
        <Typography.Title level={1} style={{ fontSize: 22, margin: '8px 0 0' }}>
          {x.title}
        </Typography.Title>
      </div>
      <Typography.Paragraph type="secondary" style={{ margin: 0, maxWidth: 900 }}>
        {x.intro}{' '}
        <Link to="/staff/transfer-in" style={{ textDecoration: 'underline' }}>
          {x.transferLink}
        </Link>
        {x.transferAfter}
      </Typography.Paragraph>

      {outcome?.kind === 'imported' ? (
        <Imported outcome={outcome.body} onAgain={again} onStaff={() => navigate('/staff/compliance')} />
      ) : (
        <>
          <Card size="small" title={x.step1}>
            <Space direction="vertical" size={8}>
              <Typography.Text>{x.templateHelp}</Typography.Text>
              <Button icon={<DownloadOutlined />} onClick={template} loading={downloading}>
                {x.template}
              </Button>
            </Space>
          </Card>
          <Card size="small" title={x.step2}>
            <Space direction="vertical" size={12} style={{ width: '100%' }}>
              <Upload.Dragger
                accept={ACCEPT}
                multiple={false}
                showUploadList={false}
                beforeUpload={choose}
                disabled={uploading}
                style={{ maxWidth: 640 }}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{x.drop}</p>
                <p className="ant-upload-hint">{x.dropHint}</p>
              </Upload.Dragger>
              {file ? (
                <Space wrap>
                  <FileExcelOutlined style={{ color: '#1f7a3f' }} />
                  <Typography.Text strong>{file.name}</Typography.Text>
                  <Typography.Text type="secondary">
                    {x.size(Math.max(1, Math.round(file.size / 1024)))}
                  </Typography.Text>
                </Space>
              ) : (
                <Typography.Text type="secondary">{x.noFile}</Typography.Text>
              )}
              {uploading && (
                <div style={{ maxWidth: 640 }}>
                  <Progress percent={Math.round(sent * 100)} status="active" aria-label={x.progress} />
                  <Space>
                    <Typography.Text type="secondary">{sent < 1 ? x.sending : x.checking}</Typography.Text>
                    {sent < 1 && (
                      <Button size="small" onClick={() => abort.current?.()}>
                        {x.cancel}
                      </Button>
                    )}
                  </Space>
                </div>
              )}
              <Button
                type="primary"
                icon={<UploadOutlined />}
                disabled={!file || uploading}
                loading={uploading}
                onClick={start}
              >
                {x.import}
              </Button>
            </Space>
          </Card>
        </>
      )}

      {failure && <Alert type="error" showIcon role="alert" title={x.failed} description={failure} />}

      {outcome?.kind === 'refused' && (
        <Card
          size="small"
          title={x.errorsTitle}
          extra={
            outcome.body.annotated && (
              <Button
                icon={<DownloadOutlined />}
                onClick={() => {
                  const a = outcome.body.annotated
                  if (a) save(new Blob([bytesOf(a.base64)], { type: a.mediaType }), a.filename)
                }}
              >
                {x.annotated}
              </Button>
            )
          }
        >
          <Alert
            type="error"
            showIcon
            role="alert"
            title={x.refused(Number(outcome.body.error.total ?? outcome.body.error.rows?.length ?? 0))}
            description={outcome.body.annotated ? x.refusedHelp : x.refusedHelpNoFile}
            style={{ marginBottom: 12 }}
          />
          <Table<RowProblem>
            size="small"
            rowKey={(r) => `${r.row}-${r.column}-${r.reason}`}
            columns={problemColumns}
            dataSource={outcome.body.error.rows ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => x.problems(n) }}
            locale={{ emptyText: x.noProblems }}
          />
        </Card>
      )}
    </Space>
  )
}

function Imported({
  outcome,
  onAgain,
  onStaff,
}: {
  outcome: Extract<Outcome, { kind: 'imported' }>['body']
  onAgain: () => void
  onStaff: () => void
}) {
  const { t } = useT()
  const x = t.staffImportPage
  const nothingNew = outcome.created + outcome.linked === 0
  return (
    <Card>
      <Result
        status={nothingNew ? 'info' : 'success'}
        title={nothingNew ? x.nothingNew : x.done(outcome.created + outcome.linked)}
        subTitle={nothingNew ? x.nothingNewHelp(outcome.unchanged) : x.doneHelp}
        extra={[
          <Button type="primary" key="staff" onClick={onStaff}>
            {x.toStaff}
          </Button>,
          <Button key="again" onClick={onAgain}>
            {x.another}
          </Button>,
        ]}
      >
        <Space size={48} wrap style={{ justifyContent: 'center', width: '100%' }}>
          <Statistic title={x.created} value={outcome.created} suffix={x.persons} />
          <Statistic title={x.linked} value={outcome.linked} suffix={x.persons} />
          <Statistic title={x.unchanged} value={outcome.unchanged} suffix={x.persons} />
        </Space>
      </Result>
      {outcome.notes.length > 0 && (
        <>
          <Typography.Title level={2} style={{ fontSize: 16 }}>
            {x.notesTitle}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{x.notesHelp}</Typography.Paragraph>
          <Table<RowProblem>
            size="small"
            rowKey={(r) => `${r.row}-${r.column}`}
            columns={[
              { key: 'row', title: x.row, dataIndex: 'row', width: 90, render: (r: number) => x.rowNo(r) },
              { key: 'column', title: x.column, dataIndex: 'column', width: 140 },
              { key: 'reason', title: x.note, dataIndex: 'reason' },
            ]}
            dataSource={outcome.notes}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
          />
        </>
      )}
    </Card>
  )
}
