import { ArrowLeftOutlined } from '@ant-design/icons'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import {
  Breadcrumb,
  Button,
  Card,
  Input,
  Skeleton,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd'
import { useSearchParams } from 'react-router'
import { api, dataOf } from '../../api/client.js'
import type { paths } from '../../api/schema.js'
import { PagedTable } from '../../components/PagedTable.js'
import { useT } from '../../i18n/i18n.js'
import type { OwnProject } from './Projects.js'
import RosterPanel from './RosterPanel.js'
import { RosterStatus } from './RosterStatus.js'

type Deadline =
  paths['/api/rosters/deadlines']['get']['responses'][200]['content']['application/json']['items'][number]
const PAGE_SIZE = 20
/** Red for what is past its deadline (苏人社函〔2023〕308号 五（二）). */
const OVERDUE = '#cf1322'

/**
 * 学时上报: the advanced seminars' deadlines (overdue in red), the finished projects with their roster's
 * state, and, for the one chosen (?project=), its roster upload and versions.
 */
export default function Rosters() {
  const { t } = useT()
  const x = t.rostersPage
  const [params, setParams] = useSearchParams()
  const projectId = params.get('project')
  const q = params.get('q') ?? ''
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1)
  const go = (next: Record<string, string | undefined>) => {
    const p = new URLSearchParams()
    for (const [k, v] of Object.entries({ q, page: page > 1 ? String(page) : undefined, ...next }))
      if (v) p.set(k, v)
    setParams(p)
  }
  const heading = (
    <>
      <Breadcrumb items={[{ title: x.crumb }, { title: x.title }]} />
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {x.title}
      </Typography.Title>
    </>
  )
  if (projectId)
    return (
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {heading}
        <div>
          <Button icon={<ArrowLeftOutlined />} onClick={() => go({ project: undefined })}>
            {x.back}
          </Button>
        </div>
        <RosterPanel projectId={projectId} />
      </Space>
    )
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {heading}
      <Typography.Paragraph type="secondary" style={{ margin: 0, maxWidth: 900 }}>
        {x.intro}
      </Typography.Paragraph>
      <Deadlines />
      <Finished
        q={q}
        page={page}
        onSearch={(v) => go({ q: v, page: undefined })}
        onPage={(p) => go({ page: String(p) })}
        onOpen={(id) => go({ project: id })}
      />
    </Space>
  )
}

/** The advanced seminars still to report, with their due dates; overdue ones in red. */
function Deadlines() {
  const { t } = useT()
  const x = t.rostersPage
  const deadlines = useQuery({
    queryKey: ['roster-deadlines'],
    queryFn: async () =>
      dataOf(await api.GET('/api/rosters/deadlines', { params: { query: { pageSize: '200' } } })),
  })
  if (!deadlines.data) return deadlines.error ? null : <Skeleton active paragraph={{ rows: 1 }} />
  const items = deadlines.data.items
  const basis = items[0]?.basis ?? '苏人社函〔2023〕308号 五（二）'
  const columns: TableColumnsType<Deadline> = [
    {
      key: 'title',
      title: x.name,
      render: (_, d) => (
        <Typography.Text strong style={d.overdue ? { color: OVERDUE } : undefined}>
          {d.project.title}
        </Typography.Text>
      ),
    },
    { key: 'end', title: x.endDate, width: 110, render: (_, d) => d.project.endDate },
    {
      key: 'due',
      title: x.due,
      width: 150,
      render: (_, d) => (
        <span style={d.overdue ? { color: OVERDUE, fontWeight: 600 } : undefined}>
          {d.due}
          {d.provisional ? `（${x.provisional}）` : ''}
        </span>
      ),
    },
    {
      key: 'left',
      title: x.left,
      width: 130,
      render: (_, d) => (d.overdue ? <Tag color="#a8071a">{x.overdue}</Tag> : x.daysLeft(d.workingDaysLeft)),
    },
  ]
  return (
    <Card size="small" title={x.deadlinesTitle}>
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {x.deadlinesHelp(basis)}
      </Typography.Paragraph>
      {items.length === 0 ? (
        <Typography.Text type="secondary">{x.noDeadlines}</Typography.Text>
      ) : (
        <Table<Deadline>
          rowKey={(d) => d.project.id}
          size="small"
          pagination={false}
          dataSource={items}
          columns={columns}
        />
      )}
    </Card>
  )
}

/** The finished projects, each with its roster's state and the way to report or correct it. */
function Finished({
  q,
  page,
  onSearch,
  onPage,
  onOpen,
}: {
  q: string
  page: number
  onSearch: (q: string) => void
  onPage: (page: number) => void
  onOpen: (id: string) => void
}) {
  const { t } = useT()
  const x = t.rostersPage
  const list = useQuery({
    queryKey: ['projects-mine', q, 'finished', page],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/projects/mine', {
          params: {
            query: { state: 'finished', page: String(page), pageSize: String(PAGE_SIZE), ...(q && { q }) },
          },
        }),
      ),
  })
  const columns: TableColumnsType<OwnProject> = [
    { key: 'title', title: x.name, render: (_, p) => <Typography.Text strong>{p.title}</Typography.Text> },
    { key: 'end', title: x.endDate, width: 110, dataIndex: 'endDate' },
    { key: 'status', title: x.status, width: 150, render: (_, p) => <RosterStatus roster={p.roster} /> },
    { key: 'rows', title: x.rows, width: 70, render: (_, p) => p.roster?.rowCount ?? '—' },
    {
      key: 'open',
      title: '',
      width: 130,
      render: (_, p) => (
        <Button size="small" type={p.roster ? 'default' : 'primary'} onClick={() => onOpen(p.id)}>
          {x.open}
        </Button>
      ),
    },
  ]
  return (
    <Card size="small" title={x.projectsTitle}>
      <Input.Search
        allowClear
        defaultValue={q}
        placeholder={x.search}
        aria-label={x.search}
        style={{ width: 260, marginBottom: 12 }}
        onSearch={(v) => onSearch(v.trim())}
      />
      <PagedTable<OwnProject>
        list={list}
        empty={x.empty}
        rowKey="id"
        columns={columns}
        scroll={{ x: 640 }}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={onPage}
      />
    </Card>
  )
}
