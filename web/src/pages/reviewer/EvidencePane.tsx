import { DownloadOutlined, ExportOutlined, FileImageOutlined, FilePdfOutlined } from '@ant-design/icons'
import { Card, Empty, Image, Segmented, Space, Typography } from 'antd'
import { useState } from 'react'
import { useT } from '../../i18n/i18n.js'
import type { ApplicationDetail } from './use-application.js'

type Evidence = ApplicationDetail['evidence'][number]

const sizeOf = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`

/** The evidence, shown where the reviewer reads it: a PDF inline, an image zoomable; one file at a time. */
export function EvidencePane(props: { personKey: string; id: string; evidence: Evidence[] }) {
  const { t } = useT()
  const r = t.reviewPage
  const [chosen, setChosen] = useState<string>()
  const shown = props.evidence.find((e) => e.id === chosen) ?? props.evidence[0]
  const url = (e: Evidence) => `/api/applications/${props.personKey}/${props.id}/evidence/${e.id}`
  return (
    <Card
      size="small"
      title={r.evidence}
      styles={{ body: { padding: 12 } }}
      extra={
        shown && (
          <Space size={12}>
            <a href={url(shown)} target="_blank" rel="noopener">
              <ExportOutlined /> {r.openNewWindow}
            </a>
            <a href={url(shown)} download={shown.filename}>
              <DownloadOutlined /> {r.download}
            </a>
          </Space>
        )
      }
    >
      {!shown ? (
        <Empty description={r.noEvidence} />
      ) : (
        <Space direction="vertical" size={8} style={{ width: '100%' }}>
          {props.evidence.length > 1 && (
            <Segmented
              value={shown.id}
              onChange={(v) => setChosen(String(v))}
              options={props.evidence.map((e) => ({
                value: e.id,
                label: e.filename,
                icon: e.mediaType === 'application/pdf' ? <FilePdfOutlined /> : <FileImageOutlined />,
              }))}
            />
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {shown.filename} · {sizeOf(shown.size)}
            {shown.mediaType !== 'application/pdf' && ` · ${r.zoomHint}`}
          </Typography.Text>
          {shown.mediaType === 'application/pdf' ? (
            <iframe
              key={shown.id}
              // Chromium's viewer: fit the page's width, no thumbnails beside it.
              src={`${url(shown)}#navpanes=0&view=FitH`}
              title={r.pdfTitle(shown.filename)}
              style={{
                width: '100%',
                height: 'calc(100vh - 250px)',
                minHeight: 480,
                border: '1px solid #d9d9d9',
              }}
            />
          ) : (
            <div
              style={{ background: '#fafafa', border: '1px solid #f0f0f0', textAlign: 'center', padding: 8 }}
            >
              <Image
                key={shown.id}
                src={url(shown)}
                alt={shown.filename}
                style={{ maxWidth: '100%', maxHeight: 'calc(100vh - 270px)', objectFit: 'contain' }}
              />
            </div>
          )}
        </Space>
      )}
    </Card>
  )
}
