import { CheckOutlined } from '@ant-design/icons'
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  App,
  Breadcrumb,
  Button,
  Card,
  Empty,
  Input,
  Result,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { api, dataOf } from '../../api/client.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'
import { dateTimeOf } from '../reviewer/review-queue.js'
import BulkConfirm from './BulkConfirm.js'
import { DeadlineTag } from './DeadlineTag.js'

type Query = NonNullable<paths['/api/rosters']['get']['parameters']['query']>
type Item = paths['/api/rosters']['get']['responses'][200]['content']['application/json']['items'][number]
type State = NonNullable<Query['status']>

const PAGE_SIZE = 20
const STATES: State[] = ['pending', 'confirmed', 'returned']
const ORDERS = { newest: {}, oldest: { order: 'asc' }, deadline: { sort: 'deadline' } } as const
type Order = keyof typeof ORDERS

const pageOf = (raw: string | null) => {
  const n = Number(raw)
  return Number.isInteger(n) && n >= 1 ? n : 1
}

/**
 * 第二十一条 由行业主管部门或用人单位确认: the rosters waiting for the caller (or confirmed, or returned), newest
 * first or by deadline; ticked ones are confirmed together after a summary. State and order live in the URL.
 */
export default function Confirmations() {
  const { t } = useT()
  const c = t.confirmationsPage
  const { message } = App.useApp()
  const navigate = useNavigate()
  const client = useQueryClient()
  const [params, setParams] = useSearchParams()
  const page = pageOf(params.get('page'))
  const status = STATES.find((s) => s === params.get('status')) ?? 'pending'
  const order: Order = (Object.keys(ORDERS) as Order[]).find((o) => o === params.get('order')) ?? 'newest'
  const projectTitle = params.get('q') || undefined
  const [selected, setSelected] = useState<string[]>([])
  const [bulkOpen, setBulkOpen] = useState(false)
  const query: Query = {
    status,
    ...ORDERS[order],
    projectTitle,
    page: String(page),
    pageSize: String(PAGE_SIZE),
  }
  const list = useQuery({
    queryKey: ['rosters', query],
    placeholderData: keepPreviousData,
    queryFn: async () => dataOf(await api.GET('/api/rosters', { params: { query } })),
  })
  const go = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params)
    for (const [k, v] of Object.entries(changes)) {
      if (
        !v ||
        (k === 'page' && v === '1') ||
        (k === 'status' && v === 'pending') ||
        (k === 'order' && v === 'newest')
      )
        next.delete(k)
      else next.set(k, v)
    }
    if (!('page' in changes)) next.delete('page')
    setSelected([])
    setParams(next)
  }

  if (list.error)
    return (
      <Result
        status="error"
        title={t.common.failed}
        subTitle={list.error.message}
        extra={<Button onClick={() => list.refetch()}>{t.common.retry}</Button>}
      />
    )
  const total = list.data?.total
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: c.crumb }, { title: c.title }]} />
      <div>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {total === undefined || status !== 'pending' ? c.title : c.titleCount(total)}
        </Typography.Title>
        <Typography.Text type="secondary">{c.intro}</Typography.Text>
      </div>
      <Card size="small">
        <Space wrap size={16}>
          <Space>
            <label htmlFor="roster-status">{c.status}</label>
            <Select
              id="roster-status"
              style={{ width: 120 }}
              value={status}
              onChange={(v) => go({ status: v })}
              options={STATES.map((s) => ({ value: s, label: c[s] }))}
            />
          </Space>
          <Space>
            <label htmlFor="roster-order">{c.sort}</label>
            <Select
              id="roster-order"
              style={{ width: 200 }}
              value={order}
              onChange={(v) => go({ order: v })}
              options={[
                { value: 'newest', label: c.bySubmitted },
                { value: 'oldest', label: c.bySubmittedOldest },
                { value: 'deadline', label: c.byDeadline },
              ]}
            />
          </Space>
          <Input.Search
            aria-label={c.search}
            placeholder={c.searchPlaceholder}
            defaultValue={projectTitle}
            allowClear
            maxLength={100}
            enterButton={c.searchButton}
            style={{ width: 260 }}
            onSearch={(v) => go({ q: v.trim() || undefined })}
          />
        </Space>
      </Card>
      <Card
        size="small"
        title={status === 'pending' ? c.selected(selected.length) : c[status]}
        extra={
          status === 'pending' && (
            <Button
              type="primary"
              icon={<CheckOutlined />}
              disabled={selected.length === 0}
              onClick={() => setBulkOpen(true)}
            >
              {c.bulk}
            </Button>
          )
        }
      >
        <Table<Item>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          rowSelection={
            status === 'pending'
              ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }
              : undefined
          }
          locale={{
            emptyText: list.isPending ? (
              ' '
            ) : (
              <Empty description={status === 'pending' ? c.empty : c.emptyOther} />
            ),
          }}
          onRow={(r) => ({ onClick: () => navigate(`/confirmations/${r.id}`), style: { cursor: 'pointer' } })}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: total ?? 0,
            showSizeChanger: false,
            showTotal: (n) => c.total(n),
            onChange: (p) => go({ page: String(p) }),
          }}
          columns={[
            {
              key: 'project',
              title: c.project,
              render: (_, r) => (
                <>
                  <Typography.Text strong>{r.projectTitle}</Typography.Text>
                  {r.correctionReason && (
                    <Tag color="#ad4e00" style={{ marginInlineStart: 8 }}>
                      {c.correction}
                    </Tag>
                  )}
                  {r.returnReason && (
                    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                      {c.returnReason}：{r.returnReason}
                    </Typography.Text>
                  )}
                </>
              ),
            },
            { key: 'institution', title: c.institution, dataIndex: 'institutionName', width: 230 },
            { key: 'version', title: c.version, width: 72, render: (_, r) => c.versionOf(r.version) },
            { key: 'submitted', title: c.submitted, width: 140, render: (_, r) => dateTimeOf(r.createdAt) },
            {
              key: 'deadline',
              title: c.deadline,
              width: 150,
              render: (_, r) => <DeadlineTag deadline={r.deadline} />,
            },
            {
              key: 'lines',
              title: c.lines,
              width: 100,
              align: 'right',
              render: (_, r) => (
                <span style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {c.linesOf(r.awaiting, r.rowCount)}
                </span>
              ),
            },
            {
              key: 'action',
              title: c.action,
              width: 64,
              render: (_, r) => (
                <Link to={`/confirmations/${r.id}`} onClick={(e) => e.stopPropagation()}>
                  {c.open}
                </Link>
              ),
            },
          ]}
        />
      </Card>
      <BulkConfirm
        ids={bulkOpen ? selected : []}
        onClose={() => setBulkOpen(false)}
        onDone={(rosters, lines) => {
          message.success(c.bulkDone(rosters, lines))
          setSelected([])
          setBulkOpen(false)
          client.invalidateQueries({ queryKey: ['rosters'] })
        }}
      />
    </Space>
  )
}
