import { Card, Empty, Skeleton, Space, Table, Tag, Typography } from 'antd'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'
import { day } from '../hr/day.js'
import { RosterStatus } from './RosterStatus.js'

export type Versions =
  paths['/api/projects/{id}/rosters']['get']['responses'][200]['content']['application/json']
type Version = Versions['versions'][number]
type Person = NonNullable<Version['diff']>['persons'][number]

/** The versions of a project's roster, newest first, each opening on who was added, removed or changed. */
export default function RosterVersions({ versions }: { versions: Version[] | undefined }) {
  const { t } = useT()
  const x = t.rostersPage
  const change: Record<Person['change'], [string, string]> = {
    added: ['#237804', x.added],
    removed: ['#a8071a', x.removed],
    changed: ['#ad4e00', x.changed],
  }
  return (
    <Card size="small" title={x.versionsTitle}>
      {!versions ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : versions.length === 0 ? (
        <Empty description={x.noVersions} />
      ) : (
        <Table<Version>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={versions}
          expandable={{
            rowExpandable: (v) => (v.diff?.persons.length ?? 0) > 0,
            expandedRowRender: (v) => (
              <Table<Person>
                size="small"
                rowKey={(p) => `${p.change}-${p.idMasked}`}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                dataSource={v.diff?.persons ?? []}
                columns={[
                  {
                    key: 'change',
                    title: x.change,
                    width: 80,
                    render: (_, p) => <Tag color={change[p.change][0]}>{change[p.change][1]}</Tag>,
                  },
                  { key: 'name', title: x.person, dataIndex: 'name', width: 120 },
                  { key: 'id', title: x.idMasked, dataIndex: 'idMasked', width: 200 },
                  {
                    key: 'hours',
                    title: x.hoursChange,
                    render: (_, p) =>
                      p.change === 'changed'
                        ? `${p.hoursBefore} → ${p.hoursAfter}`
                        : (p.hoursAfter ?? p.hoursBefore ?? ''),
                  },
                ]}
              />
            ),
          }}
          columns={[
            { key: 'version', title: x.version, width: 90, render: (_, v) => x.versionNo(v.version) },
            { key: 'status', title: x.status, width: 150, render: (_, v) => <RosterStatus roster={v} /> },
            { key: 'rows', title: x.rows, width: 70, dataIndex: 'rowCount' },
            { key: 'at', title: x.uploadedAt, width: 110, render: (_, v) => day(v.createdAt) },
            {
              key: 'diff',
              title: x.difference,
              render: (_, v) =>
                v.diff ? (
                  <Space direction="vertical" size={0}>
                    <span>{x.diffSummary(v.diff.added, v.diff.removed, v.diff.changed)}</span>
                    {v.correctionReason && (
                      <Typography.Text type="secondary">
                        {x.reason}：{v.correctionReason}
                      </Typography.Text>
                    )}
                  </Space>
                ) : (
                  <Typography.Text type="secondary">{x.first}</Typography.Text>
                ),
            },
          ]}
        />
      )}
    </Card>
  )
}
