import { useQuery } from '@tanstack/react-query'
import { Alert, Descriptions, List, Modal, Spin, Typography } from 'antd'
import { useState } from 'react'
import { api, dataOf } from '../../api/client.js'
import { useT } from '../../i18n/i18n.js'

interface Props {
  /** The rosters to confirm; the dialog is open while there are some. */
  ids: string[]
  onClose: () => void
  onDone: (rosters: number, lines: number) => void
}

/** Bulk confirmation: the server's summary first (rosters, lines, persons once, reported hours), then the confirmation. */
export default function BulkConfirm({ ids, onClose, onDone }: Props) {
  const c = useT().t.confirmationsPage
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const summary = useQuery({
    queryKey: ['roster-bulk-summary', ids],
    enabled: ids.length > 0,
    gcTime: 0,
    queryFn: async () => dataOf(await api.POST('/api/rosters/bulk-confirm/summary', { body: { ids } })),
  })
  const confirm = async () => {
    setBusy(true)
    setError(undefined)
    try {
      const done = dataOf(await api.POST('/api/rosters/bulk-confirm', { body: { ids } }))
      onDone(done.rosters, done.confirmed)
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }
  const s = summary.data
  return (
    <Modal
      open={ids.length > 0}
      title={c.bulkTitle}
      okText={c.bulkOk(s?.rosters ?? ids.length)}
      cancelText={c.cancel}
      okButtonProps={{ disabled: !s }}
      confirmLoading={busy}
      onOk={confirm}
      onCancel={() => {
        setError(undefined)
        onClose()
      }}
      destroyOnHidden
      width={640}
    >
      {(error || summary.error) && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={error ?? summary.error?.message}
          style={{ marginBottom: 12 }}
        />
      )}
      {!s && !summary.error && <Spin />}
      {s && (
        <>
          <Descriptions
            data-testid="bulk-summary"
            bordered
            size="small"
            column={2}
            items={[
              { key: 'rosters', label: c.bulkRosters, children: s.rosters },
              { key: 'lines', label: c.bulkLines, children: s.lines },
              { key: 'persons', label: c.bulkPersons, children: s.persons },
              { key: 'hours', label: c.bulkHours, children: s.hours },
            ]}
          />
          <List
            size="small"
            style={{ marginTop: 12, maxHeight: 220, overflow: 'auto' }}
            dataSource={s.items}
            renderItem={(i) => (
              <List.Item>
                <Typography.Text>
                  {i.projectTitle}（{c.versionOf(i.version)}）· {i.institutionName}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                  {c.bulkItem(i.lines, i.hours)}
                </Typography.Text>
              </List.Item>
            )}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {c.bulkIntro}
          </Typography.Paragraph>
        </>
      )}
    </Modal>
  )
}
