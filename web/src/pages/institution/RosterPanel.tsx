import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Card, Descriptions, Form, Input, Result, Skeleton, Space } from 'antd'
import { useState } from 'react'
import { api, dataOf } from '../../api/client.js'
import { type RosterAccepted, sendRoster, serverProgress } from '../../api/roster-upload.js'
import BulkUpload from '../../components/BulkUpload.js'
import { useT } from '../../i18n/i18n.js'
import RosterVersions from './RosterVersions.js'

export const versionsKey = (projectId: string) => ['roster-versions', projectId]

/** The largest roster file the API takes (src/http/routes/projects.ts). */
const MAX_BYTES = 64 * 1024 * 1024

/**
 * One finished project's roster: the project, the upload (template, progress, problems, annotated file),
 * and its versions with their differences. An HR department's or authority's upload is a grant (`grant`).
 */
export default function RosterPanel({ projectId, grant = false }: { projectId: string; grant?: boolean }) {
  const { t } = useT()
  const x = t.rostersPage
  const g = t.grantsPage
  const p = t.projectsPage
  const client = useQueryClient()
  const [correction, setCorrection] = useState('')
  const versions = useQuery({
    queryKey: versionsKey(projectId),
    queryFn: async () =>
      dataOf(await api.GET('/api/projects/{id}/rosters', { params: { path: { id: projectId } } })),
  })
  if (versions.error)
    return <Result status="error" title={t.common.failed} subTitle={versions.error.message} />
  if (!versions.data) return <Skeleton active paragraph={{ rows: 6 }} />
  const { project } = versions.data
  const current = versions.data.versions.find((v) => v.status !== 'superseded')
  // Once confirmed, a new version is a correction with its reason (the API refuses it otherwise).
  const needsReason = current?.status === 'confirmed'
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" title={project.title}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'way', label: p.way, children: `${p.subjects[project.subject]} · ${p.ways[project.way]}` },
            { key: 'dates', label: p.dates, children: `${project.startDate} — ${project.endDate}` },
            { key: 'hours', label: p.hoursLabel, children: project.hours },
          ]}
        />
      </Card>
      <BulkUpload<RosterAccepted>
        template={{
          filename: x.templateName(project.title),
          fetch: async () =>
            dataOf(
              await api.GET('/api/projects/{id}/roster-template', {
                params: { path: { id: project.id } },
                parseAs: 'blob',
              }),
            ) as unknown as Blob,
        }}
        send={(file, uploadId, onSent) =>
          sendRoster(project.id, file, uploadId, onSent, correction.trim() || undefined)
        }
        follow={serverProgress}
        maxBytes={MAX_BYTES}
        hint={x.hint}
        confirm={grant ? { title: g.confirm, body: g.confirmBody, ok: g.confirmOk } : undefined}
        blocked={needsReason && !correction.trim() ? x.correctionNeeded : undefined}
        onAccepted={() => {
          setCorrection('')
          void client.invalidateQueries({ queryKey: versionsKey(project.id) })
          void client.invalidateQueries({ queryKey: ['projects-mine'] })
        }}
        accepted={(body, again) => (
          <Card>
            <Result
              status={body.replayed ? 'info' : 'success'}
              title={
                body.replayed
                  ? x.replayed
                  : grant
                    ? g.granted(body.roster.rowCount)
                    : x.accepted(body.roster.version, body.roster.rowCount)
              }
              subTitle={
                <>
                  {body.diff && body.roster.version > 1 && (
                    <div>{x.diffSummary(body.diff.added, body.diff.removed, body.diff.changed)}</div>
                  )}
                  <div>{grant ? g.grantedHelp : x.acceptedHelp}</div>
                </>
              }
              extra={<Button onClick={again}>{x.again}</Button>}
            />
          </Card>
        )}
      >
        {current && (
          <Form.Item
            label={x.correction}
            extra={x.correctionHelp}
            required={needsReason}
            style={{ maxWidth: 640, margin: 0 }}
          >
            <Input
              value={correction}
              maxLength={500}
              onChange={(e) => setCorrection(e.target.value)}
              aria-label={x.correction}
            />
          </Form.Item>
        )}
      </BulkUpload>
      <RosterVersions versions={versions.data.versions} />
    </Space>
  )
}
