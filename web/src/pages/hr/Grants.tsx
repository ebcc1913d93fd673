import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons'
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import { App, Breadcrumb, Button, Card, Space, type TableColumnsType, Tag, Typography } from 'antd'
import { useState } from 'react'
import { useSearchParams } from 'react-router'
import { api, dataOf } from '../../api/client.js'
import { PagedTable } from '../../components/PagedTable.js'
import { useT } from '../../i18n/i18n.js'
import { useSession } from '../../session.js'
import ProjectForm from '../institution/ProjectForm.js'
import { type OwnProject, STATE_COLOURS } from '../institution/Projects.js'
import RosterPanel from '../institution/RosterPanel.js'
import { RosterStatus } from '../institution/RosterStatus.js'

const PAGE_SIZE = 20

/**
 * 学时授予: an HR department's or authority's own activities (公需科目 courses among them), published here
 * and, once ended, their participants uploaded with the same upload as rosters: the hours are granted at
 * once (第二十一条; 苏人社函〔2023〕308号 五（三）).
 */
export default function Grants() {
  const { t } = useT()
  const x = t.grantsPage
  const p = t.projectsPage
  const { message } = App.useApp()
  const client = useQueryClient()
  const session = useSession()
  const [params, setParams] = useSearchParams()
  const projectId = params.get('project')
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1)
  const [publishing, setPublishing] = useState(false)
  const list = useQuery({
    queryKey: ['projects-mine', '', undefined, page],
    placeholderData: keepPreviousData,
    enabled: !projectId,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/projects/mine', {
          params: { query: { page: String(page), pageSize: String(PAGE_SIZE) } },
        }),
      ),
  })
  const role = session.data?.role === 'authority' ? 'authority' : 'hr_department'
  const heading = (
    <>
      <Breadcrumb items={[{ title: x.crumb }, { title: x.title }]} />
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {x.title}
        </Typography.Title>
        {!projectId && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setPublishing(true)}>
            {x.publish}
          </Button>
        )}
      </Space>
    </>
  )
  if (projectId)
    return (
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {heading}
        <div>
          <Button icon={<ArrowLeftOutlined />} onClick={() => setParams(new URLSearchParams())}>
            {x.back}
          </Button>
        </div>
        <RosterPanel projectId={projectId} grant />
      </Space>
    )
  const label = { published: p.published, running: p.running, finished: p.finished }
  const columns: TableColumnsType<OwnProject> = [
    {
      key: 'title',
      title: p.name,
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{r.title}</Typography.Text>
          <Typography.Text type="secondary">
            {p.subjects[r.subject]} · {p.ways[r.way]}
          </Typography.Text>
        </Space>
      ),
    },
    { key: 'dates', title: p.dates, width: 200, render: (_, r) => `${r.startDate} — ${r.endDate}` },
    { key: 'hours', title: p.hours, width: 70, dataIndex: 'hours' },
    {
      key: 'state',
      title: p.state,
      width: 90,
      render: (_, r) => <Tag color={STATE_COLOURS[r.state]}>{label[r.state]}</Tag>,
    },
    {
      key: 'roster',
      title: p.roster,
      width: 220,
      render: (_, r) =>
        r.state === 'finished' ? (
          <Space>
            <RosterStatus roster={r.roster} />
            <Button
              size="small"
              type="primary"
              onClick={() => setParams(new URLSearchParams({ project: r.id }))}
            >
              {x.upload}
            </Button>
          </Space>
        ) : (
          <Typography.Text type="secondary">{x.notEnded}</Typography.Text>
        ),
    },
  ]
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {heading}
      <Typography.Paragraph type="secondary" style={{ margin: 0, maxWidth: 900 }}>
        {x.intro}
      </Typography.Paragraph>
      <Card size="small" title={x.projectsTitle}>
        <PagedTable<OwnProject>
          list={list}
          empty={x.empty}
          rowKey="id"
          columns={columns}
          scroll={{ x: 800 }}
          page={page}
          pageSize={PAGE_SIZE}
          onPage={(n) => setParams(new URLSearchParams({ page: String(n) }))}
        />
      </Card>
      <ProjectForm
        open={publishing}
        organiser={role}
        onClose={() => setPublishing(false)}
        onPublished={(title) => {
          setPublishing(false)
          message.success(p.done(title))
          void client.invalidateQueries({ queryKey: ['projects-mine'] })
        }}
      />
    </Space>
  )
}
