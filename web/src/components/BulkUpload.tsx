import { DownloadOutlined, FileExcelOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Progress, Space, Table, Typography, Upload } from 'antd'
import { type ReactNode, useEffect, useRef, useState } from 'react'
import { ApiFailure } from '../api/client.js'
import type { Outcome, Refused, Sending, ServerProgress } from '../api/roster-upload.js'
import { useT } from '../i18n/i18n.js'
import { bytesOf, save } from '../pages/reviewer/staff-import-upload.js'

type RowProblem = { row: number; column: string; reason: string }

/** How often the server's checking is asked about while a file is being checked. */
const POLL_MS = 300

export interface BulkUploadProps<T> {
  /** The template to fill in: its file name and how to fetch it. */
  template?: { filename: string; fetch: () => Promise<Blob> }
  /** Sends the file with the token its checking is followed by, reporting the bytes sent. */
  send: (file: File, uploadId: string, onSent: (sent: number, total: number) => void) => Sending<T>
  /** How far the server has got checking the file (lines), while the answer is awaited. */
  follow?: (uploadId: string) => Promise<ServerProgress | undefined>
  /** What an accepted file shows (with the way to upload another). */
  accepted: (body: T, again: () => void) => ReactNode
  onAccepted?: (body: T) => void
  /** The largest file the API takes. */
  maxBytes: number
  /** Under the drop area: the formats and limits. */
  hint: string
  /** Asked before sending, when the upload changes something that matters. */
  confirm?: { title: string; body: (fileName: string) => string; ok: string }
  /** Fields the upload needs besides the file (a correction's reason), shown above the button. */
  children?: ReactNode
  /** Why the file cannot be sent yet, if it cannot. */
  blocked?: string
}

/**
 * The upload experience every bulk door shares (rosters, grants): the template, a file chosen and sent
 * with a progress bar for the bytes and another for the server's checking, line by line, then the
 * outcome: accepted, or every problem by row and column with the annotated file to fix and send again.
 */
export default function BulkUpload<T>(props: BulkUploadProps<T>) {
  const { t } = useT()
  const x = t.bulkUpload
  const { modal, message } = App.useApp()
  const [file, setFile] = useState<File>()
  const [sent, setSent] = useState<number>()
  const [checking, setChecking] = useState<ServerProgress>()
  const [outcome, setOutcome] = useState<Outcome<T>>()
  const [failure, setFailure] = useState<string>()
  const [downloading, setDownloading] = useState(false)
  const abort = useRef<() => void>(undefined)
  const polling = useRef<ReturnType<typeof setInterval>>(undefined)
  useEffect(() => () => clearInterval(polling.current), [])

  async function template() {
    if (!props.template) return
    setDownloading(true)
    try {
      save(await props.template.fetch(), props.template.filename)
    } catch (e) {
      message.error(e instanceof ApiFailure ? e.message : x.templateFailed)
    } finally {
      setDownloading(false)
    }
  }

  function choose(chosen: File) {
    setOutcome(undefined)
    setFailure(undefined)
    if (chosen.size > props.maxBytes) setFailure(x.tooLarge(Math.round(props.maxBytes / 1024 / 1024)))
    else if (!/\.(xlsx|csv)$/i.test(chosen.name)) setFailure(x.wrongType)
    else setFile(chosen)
    return false // kept here until sent
  }

  function follow(uploadId: string) {
    const ask = props.follow
    if (!ask) return
    let asking = false
    polling.current = setInterval(() => {
      if (asking) return
      asking = true
      ask(uploadId)
        .then((p) => p && setChecking(p))
        .catch(() => undefined) // the bar waits; the answer comes with the upload's own reply
        .finally(() => {
          asking = false
        })
    }, POLL_MS)
  }

  function send() {
    if (!file) return
    setSent(0)
    setChecking(undefined)
    setFailure(undefined)
    setOutcome(undefined)
    const uploadId = crypto.randomUUID()
    const sending = props.send(file, uploadId, (done, total) => setSent(total > 0 ? done / total : 0))
    abort.current = sending.abort
    follow(uploadId)
    sending.done
      .then((o) => {
        setOutcome(o)
        if (o.kind === 'accepted') {
          setFile(undefined)
          props.onAccepted?.(o.body)
        }
      })
      .catch((e: unknown) => {
        if (e instanceof ApiFailure && e.error.code === 'aborted') return
        setFailure(e instanceof ApiFailure && e.status !== 0 ? e.message : x.networkFailed)
      })
      .finally(() => {
        clearInterval(polling.current)
        setSent(undefined)
        setChecking(undefined)
        abort.current = undefined
      })
  }

  function start() {
    if (!file) return
    const c = props.confirm
    if (!c) return send()
    modal.confirm({
      title: c.title,
      content: c.body(file.name),
      okText: c.ok,
      cancelText: x.cancel,
      onOk: send,
    })
  }

  const again = () => {
    setOutcome(undefined)
    setFailure(undefined)
    setFile(undefined)
  }

  if (outcome?.kind === 'accepted') return <>{props.accepted(outcome.body, again)}</>
  const uploading = sent !== undefined
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {props.template && (
        <Card size="small" title={x.step1}>
          <Space direction="vertical" size={8}>
            <Typography.Text>{x.templateHelp}</Typography.Text>
            <Button icon={<DownloadOutlined />} onClick={template} loading={downloading}>
              {x.template}
            </Button>
          </Space>
        </Card>
      )}
      <Card size="small" title={props.template ? x.step2 : x.upload}>
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Upload.Dragger
            accept=".xlsx,.csv"
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
            <p className="ant-upload-hint">{props.hint}</p>
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
          {props.children}
          {uploading && <Bars sent={sent} checking={checking} onCancel={() => abort.current?.()} />}
          {props.blocked && file && !uploading && (
            <Typography.Text type="warning">{props.blocked}</Typography.Text>
          )}
          <Button
            type="primary"
            icon={<UploadOutlined />}
            disabled={!file || uploading || props.blocked !== undefined}
            loading={uploading}
            onClick={start}
          >
            {x.send}
          </Button>
        </Space>
      </Card>
      {failure && <Alert type="error" showIcon role="alert" title={x.failed} description={failure} />}
      {outcome?.kind === 'refused' && <Problems body={outcome.body} />}
    </Space>
  )
}

/** The two bars: the bytes sent, then the lines the server has checked. */
function Bars({
  sent,
  checking,
  onCancel,
}: {
  sent: number
  checking?: ServerProgress
  onCancel: () => void
}) {
  const { t } = useT()
  const x = t.bulkUpload
  // The server checking lines means every byte arrived, whatever the browser has reported so far.
  const bytes = checking ? 1 : sent
  const checked = checking?.checked ?? 0
  const total = checking?.total ?? null
  const checkPercent =
    checking?.phase === 'done' || checking?.phase === 'saving'
      ? 100
      : total
        ? Math.min(99, Math.floor((checked * 100) / Math.max(total, 1)))
        : undefined
  return (
    <div style={{ maxWidth: 640 }} aria-live="polite">
      <Typography.Text>{x.sending}</Typography.Text>
      <Progress
        percent={Math.round(bytes * 100)}
        status={bytes < 1 ? 'active' : 'success'}
        aria-label={x.sendProgress}
      />
      {bytes >= 1 && (
        <>
          <Typography.Text>
            {checking?.phase === 'saving' || checking?.phase === 'done'
              ? x.saving(checked)
              : total
                ? x.checkedOf(checked, total)
                : x.checked(checked)}
          </Typography.Text>
          <Progress
            percent={checkPercent ?? 100}
            showInfo={checkPercent !== undefined}
            status="active"
            aria-label={x.checkProgress}
          />
        </>
      )}
      {bytes < 1 && (
        <Button size="small" onClick={onCancel}>
          {x.cancel}
        </Button>
      )}
    </div>
  )
}

/** Every problem by row and column, with the file annotated in an 错误 column to download. */
function Problems({ body }: { body: Refused }) {
  const { t } = useT()
  const x = t.bulkUpload
  const rows = (body.error.rows ?? []) as RowProblem[]
  const total = Number((body.error as { total?: number }).total ?? rows.length)
  const annotated = body.annotated
  return (
    <Card
      size="small"
      title={x.problemsTitle}
      extra={
        annotated && (
          <Button
            icon={<DownloadOutlined />}
            onClick={() =>
              save(new Blob([bytesOf(annotated.base64)], { type: annotated.mediaType }), annotated.filename)
            }
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
        title={x.refused(total)}
        description={annotated ? x.refusedHelp : x.refusedHelpNoFile}
        style={{ marginBottom: 12 }}
      />
      <Table<RowProblem>
        size="small"
        rowKey={(r) => `${r.row}-${r.column}-${r.reason}`}
        columns={[
          { key: 'row', title: x.row, dataIndex: 'row', width: 100, render: (r: number) => x.rowNo(r) },
          { key: 'column', title: x.column, dataIndex: 'column', width: 140 },
          { key: 'reason', title: x.reason, dataIndex: 'reason' },
        ]}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => x.problems(n) }}
      />
    </Card>
  )
}
