import { PlusOutlined } from '@ant-design/icons'
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  App,
  Breadcrumb,
  Button,
  Card,
  Input,
  Segmented,
  Space,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { api, dataOf } from '../../api/client.js'
import type { paths } from '../../api/schema.js'
import { PagedTable } from '../../components/PagedTable.js'
import { useT } from '../../i18n/i18n.js'
import ProjectForm, { DRAFT_KEY, readDraft } from './ProjectForm.js'
import { RosterStatus } from './RosterStatus.js'

export type OwnProject =
  paths['/api/projects/mine']['get']['responses'][200]['content']['application/json']['items'][number]
type State = OwnProject['state']
const STATES = ['published', 'running', 'finished'] as const
const PAGE_SIZE = 20
export const STATE_COLOURS: Record<State, string> = {
  published: 'blue',
  running: 'green',
  finished: 'default',
}

/** The list's URL state: search, state and page. */
export function useListParams() {
  const [params, setParams] = useSearchParams()
  const stateParam = params.get('state')
  const state = (STATES as readonly string[]).includes(stateParam ?? '') ? (stateParam as State) : undefined
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1)
  const q = params.get('q') ?? ''
  const set = (next: { q?: string; state?: State | undefined; page?: number }) => {
    const merged = { q, state, page: 1, ...next }
    const p = new URLSearchParams()
    if (merged.q) p.set('q', merged.q)
    if (merged.state) p.set('state', merged.state)
    if (merged.page > 1) p.set('page', String(merged.page))
    setParams(p)
  }
  return { q, state, page, set }
}

/** 培训项目: the institution's projects with their state, search and pages, and the form to publish one. */
export default function Projects() {
  const { t } = useT()
  const x = t.projectsPage
  const { message } = App.useApp()
  const client = useQueryClient()
  const { q, state, page, set } = useListParams()
  const [publishing, setPublishing] = useState(false)
  const [draft, setDraft] = useState(readDraft)
  const list = useQuery({
    queryKey: ['projects-mine', q, state, page],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/projects/mine', {
          params: {
            query: {
              page: String(page),
              pageSize: String(PAGE_SIZE),
              ...(q && { q }),
              ...(state && { state }),
            },
          },
        }),
      ),
  })
  const label: Record<State, string> = { published: x.published, running: x.running, finished: x.finished }
  const columns: TableColumnsType<OwnProject> = [
    {
      key: 'title',
      title: x.name,
      render: (_, p) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{p.title}</Typography.Text>
          <Typography.Text type="secondary">
            {x.subjects[p.subject]} · {x.ways[p.way]}
            {p.advancedSeminar ? ` · ${x.advancedTag}` : ''}
          </Typography.Text>
        </Space>
      ),
    },
    { key: 'dates', title: x.dates, width: 200, render: (_, p) => `${p.startDate} — ${p.endDate}` },
    { key: 'hours', title: x.hours, width: 70, dataIndex: 'hours' },
    { key: 'fees', title: x.fees, width: 160, render: (_, p) => p.fees ?? '—' },
    {
      key: 'state',
      title: x.state,
      width: 90,
      render: (_, p) => <Tag color={STATE_COLOURS[p.state]}>{label[p.state]}</Tag>,
    },
    {
      key: 'roster',
      title: x.roster,
      width: 170,
      render: (_, p) =>
        p.state !== 'finished' ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <Space direction="vertical" size={0}>
            <RosterStatus roster={p.roster} />
            <Link to={`/rosters?project=${p.id}`} style={{ textDecoration: 'underline' }}>
              {p.roster ? x.view : x.report}
            </Link>
          </Space>
        ),
    },
  ]
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: x.crumb }, { title: x.title }]} />
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {x.title}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setPublishing(true)}>
          {x.publish}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: 0, maxWidth: 900 }}>
        {x.intro}
      </Typography.Paragraph>
      {draft && (
        <Card size="small">
          <Space wrap>
            <Tag color="#ad4e00">{x.draft}</Tag>
            <Typography.Text strong>{draft.title || '—'}</Typography.Text>
            <Typography.Text type="secondary">{x.draftRow}</Typography.Text>
            <Button size="small" onClick={() => setPublishing(true)}>
              {x.draftContinue}
            </Button>
            <Button
              size="small"
              danger
              onClick={() => {
                localStorage.removeItem(DRAFT_KEY)
                setDraft(undefined)
              }}
            >
              {x.draftDiscard}
            </Button>
          </Space>
        </Card>
      )}
      <Card size="small">
        <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
          <Space wrap>
            <Input.Search
              allowClear
              defaultValue={q}
              placeholder={x.search}
              aria-label={x.search}
              style={{ width: 260 }}
              onSearch={(value) => set({ q: value.trim() })}
            />
            <Segmented<State | 'all'>
              value={state ?? 'all'}
              onChange={(v) => set({ state: v === 'all' ? undefined : v })}
              options={[
                { value: 'all', label: x.all },
                ...STATES.map((s) => ({ value: s, label: label[s] })),
              ]}
            />
          </Space>
          {list.data && <Typography.Text type="secondary">{x.count(list.data.total)}</Typography.Text>}
        </Space>
        <PagedTable<OwnProject>
          list={list}
          empty={q || state ? x.emptyFiltered : x.empty}
          skeletonRows={4}
          rowKey="id"
          columns={columns}
          scroll={{ x: 900 }}
          page={page}
          pageSize={PAGE_SIZE}
          onPage={(p) => set({ page: p })}
        />
      </Card>
      <ProjectForm
        open={publishing}
        organiser="institution"
        onClose={() => {
          setPublishing(false)
          setDraft(readDraft())
        }}
        onPublished={(title) => {
          setPublishing(false)
          setDraft(undefined)
          message.success(x.done(title))
          void client.invalidateQueries({ queryKey: ['projects-mine'] })
        }}
      />
    </Space>
  )
}
