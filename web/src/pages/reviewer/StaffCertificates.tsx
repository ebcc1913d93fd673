import { FileZipOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Progress, Select, Space, Typography } from 'antd'
import { useRef, useState } from 'react'
import { ApiFailure } from '../../api/client.js'
import { downloadZip, type ZipProgress } from '../../api/download.js'
import { useT } from '../../i18n/i18n.js'

const FIRST_YEAR = 2020

/**
 * 证书批量下载: the employer (or agency) downloads the year's certificates of all its current staff as one
 * ZIP, which the server issues and streams one PDF at a time; the page counts the files as they arrive.
 */
export default function StaffCertificates() {
  const { t } = useT()
  const x = t.staffCertificatesPage
  const { message } = App.useApp()
  const thisYear = new Date().getFullYear()
  const [year, setYear] = useState(thisYear - 1)
  const [progress, setProgress] = useState<ZipProgress>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const abort = useRef<AbortController>(undefined)
  const years = Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => thisYear - i)

  const start = async () => {
    const controller = new AbortController()
    abort.current = controller
    setBusy(true)
    setError(undefined)
    setProgress(undefined)
    try {
      const done = await downloadZip(
        `/api/staff/certificates.zip?year=${year}`,
        `certificates-${year}.zip`,
        setProgress,
        controller.signal,
      )
      message.success(x.done(done.files))
    } catch (e) {
      if (e instanceof ApiFailure && e.error.code === 'aborted') message.info(x.cancelled)
      else setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  const total = progress?.total
  const percent = total ? Math.min(100, Math.round(((progress?.files ?? 0) / total) * 100)) : 0
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={1} style={{ fontSize: 20, marginTop: 0 }}>
          {x.title}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {x.intro}
        </Typography.Paragraph>
      </div>
      <Card size="small">
        <Space wrap size={[16, 12]} align="end">
          <Space direction="vertical" size={4}>
            <label htmlFor="bulk-year">{x.year}</label>
            <Select
              id="bulk-year"
              value={year}
              style={{ width: 120 }}
              disabled={busy}
              options={years.map((y) => ({ value: y, label: t.certificatesPage.yearLabel(y) }))}
              onChange={setYear}
            />
          </Space>
          <Button type="primary" icon={<FileZipOutlined />} loading={busy} onClick={start}>
            {x.download}
          </Button>
          {busy && <Button onClick={() => abort.current?.abort()}>{x.cancel}</Button>}
        </Space>
        {(busy || progress) && (
          <div style={{ marginTop: 16, maxWidth: 560 }} data-testid="bulk-progress">
            <Progress
              percent={busy ? Math.min(percent, 99) : 100}
              status={busy ? 'active' : 'success'}
              aria-label={x.preparing}
            />
            <Typography.Text type="secondary">
              {total !== undefined ? `${x.staff(total)} · ` : ''}
              {progress
                ? x.progress(busy ? Math.max(0, progress.files - 1) : progress.files, total ?? 0)
                : x.preparing}
              {progress ? ` · ${x.received((progress.bytes / 1048576).toFixed(1))}` : ''}
            </Typography.Text>
          </div>
        )}
        {error && (
          <Alert style={{ marginTop: 12 }} type="error" showIcon title={x.failed} description={error} />
        )}
      </Card>
    </Space>
  )
}
