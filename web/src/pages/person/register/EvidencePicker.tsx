import {
  CheckCircleFilled,
  CloseCircleFilled,
  DeleteOutlined,
  FileImageOutlined,
  FilePdfOutlined,
  InboxOutlined,
} from '@ant-design/icons'
import { Alert, Button, List, Progress, Space, Tag, Typography, Upload } from 'antd'
import { useT } from '../../../i18n/i18n.js'
import { ACCEPT, MAX_EVIDENCE_BYTES, MAX_FILES, sizeText } from './evidence-files.js'

/** A file chosen for upload, and how its upload stands. */
export interface PickedFile {
  uid: string
  file: File
  status: 'waiting' | 'uploading' | 'done' | 'failed'
  /** Bytes sent so far. */
  sent: number
  error?: string
}

/** A file already stored with the application (when correcting a returned one). */
export interface StoredFile {
  id: string
  filename: string
  size: number
  mediaType: string
}

interface Props {
  files: readonly PickedFile[]
  stored: readonly StoredFile[]
  /** Why files just chosen were refused, one sentence each. */
  refusals: readonly string[]
  disabled: boolean
  /** A new choice of files begins: the refusals of the last one are done with. */
  onChoose(): void
  onPick(file: File): void
  onRemove(uid: string): void
}

const iconOf = (type: string) =>
  type.includes('pdf') ? (
    <FilePdfOutlined style={{ fontSize: 22, color: '#c41d1d' }} aria-hidden />
  ) : (
    <FileImageOutlined style={{ fontSize: 22, color: '#1f5fa8' }} aria-hidden />
  )

/** Choose evidence files (checked before anything is sent), each with its size and its upload's progress. */
export function EvidencePicker({ files, stored, refusals, disabled, onChoose, onPick, onRemove }: Props) {
  const { t } = useT()
  const e = t.registerPage.evidence
  const statusTag = (f: PickedFile) =>
    f.status === 'done' ? (
      <Tag color="success" icon={<CheckCircleFilled />}>
        {e.uploaded}
      </Tag>
    ) : f.status === 'failed' ? (
      <Tag color="error" icon={<CloseCircleFilled />}>
        {e.failed}
      </Tag>
    ) : f.status === 'uploading' ? (
      <Tag color="processing">{e.uploading}</Tag>
    ) : (
      <Tag>{e.waiting}</Tag>
    )

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {stored.length > 0 && (
        <List
          size="small"
          bordered
          header={<Typography.Text strong>{e.existing}</Typography.Text>}
          dataSource={[...stored]}
          renderItem={(s) => (
            <List.Item>
              <Space>
                {iconOf(s.mediaType)}
                <span style={{ wordBreak: 'break-all' }}>{s.filename}</span>
                <Typography.Text type="secondary">{sizeText(s.size)}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
      <Upload.Dragger
        multiple
        accept={ACCEPT}
        disabled={disabled}
        showUploadList={false}
        beforeUpload={(file, chosen) => {
          if (file === chosen[0]) onChoose()
          onPick(file)
          return Upload.LIST_IGNORE
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{e.pick}</p>
        <p className="ant-upload-hint">{e.hint(sizeText(MAX_EVIDENCE_BYTES), MAX_FILES)}</p>
      </Upload.Dragger>
      {refusals.length > 0 && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={refusals.length === 1 ? refusals[0] : undefined}
          description={refusals.length > 1 ? refusals.map((r) => <div key={r}>{r}</div>) : undefined}
        />
      )}
      {files.length > 0 && (
        <section aria-label={e.list}>
          <List
            size="small"
            bordered
            dataSource={[...files]}
            renderItem={(f) => {
              const percent = f.file.size > 0 ? Math.round((f.sent / f.file.size) * 100) : 0
              return (
                <List.Item
                  actions={
                    f.status === 'waiting' || f.status === 'failed'
                      ? [
                          <Button
                            key="remove"
                            type="text"
                            size="small"
                            danger
                            disabled={disabled}
                            icon={<DeleteOutlined />}
                            aria-label={e.remove(f.file.name)}
                            onClick={() => onRemove(f.uid)}
                          />,
                        ]
                      : []
                  }
                >
                  <div style={{ width: '100%', minWidth: 0 }}>
                    <Space wrap size={[8, 4]}>
                      {iconOf(f.file.type || f.file.name)}
                      <span style={{ wordBreak: 'break-all' }}>{f.file.name}</span>
                      <Typography.Text type="secondary">{sizeText(f.file.size)}</Typography.Text>
                      {statusTag(f)}
                    </Space>
                    {(f.status === 'uploading' || f.status === 'done') && (
                      <Progress
                        percent={f.status === 'done' ? 100 : Math.min(99, percent)}
                        size="small"
                        status={f.status === 'done' ? 'success' : 'active'}
                        aria-label={`${f.file.name} ${e.uploading} ${percent}%`}
                      />
                    )}
                    {f.error && (
                      <Typography.Text type="danger" style={{ display: 'block' }}>
                        {f.error}
                      </Typography.Text>
                    )}
                  </div>
                </List.Item>
              )
            }}
          />
        </section>
      )}
    </Space>
  )
}
