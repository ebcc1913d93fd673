import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import { App, Breadcrumb, Button, Card, Descriptions, Result, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { Link, useParams, useSearchParams } from 'react-router'
import { api, dataOf } from '../../api/client.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'
import ReasonModal from '../hr/ReasonModal.js'
import { dateTimeOf } from '../reviewer/review-queue.js'
import { DeadlineTag } from './DeadlineTag.js'

type Line =
  paths['/api/rosters/{id}/lines']['get']['responses'][200]['content']['application/json']['items'][number]

const PAGE_SIZE = 50
const STATUS_COLOR = { pending: '#0958d9', confirmed: '#237804', returned: '#a8071a', superseded: '#595959' }

/** One roster: its project and institution by name, what waits for the caller, its lines; confirm or return it. */
export default function ConfirmationDetail() {
  const { t } = useT()
  const c = t.confirmationsPage
  const { id = '' } = useParams()
  const { message, modal } = App.useApp()
  const client = useQueryClient()
  const [params, setParams] = useSearchParams()
  const page = Math.max(1, Number(params.get('page')) || 1)
  const [returning, setReturning] = useState(false)
  const detail = useQuery({
    queryKey: ['roster', id],
    queryFn: async () => dataOf(await api.GET('/api/rosters/{id}', { params: { path: { id } } })),
  })
  const lines = useQuery({
    queryKey: ['roster-lines', id, page],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/rosters/{id}/lines', {
          params: { path: { id }, query: { page: String(page), pageSize: String(PAGE_SIZE) } },
        }),
      ),
  })
  const refresh = () => {
    client.invalidateQueries({ queryKey: ['roster', id] })
    client.invalidateQueries({ queryKey: ['roster-lines', id] })
    client.invalidateQueries({ queryKey: ['rosters'] })
  }

  if (detail.error)
    return (
      <Result
        status="error"
        title={t.common.failed}
        subTitle={detail.error.message}
        extra={<Link to="/confirmations">{c.back}</Link>}
      />
    )
  const r = detail.data
  const confirm = () =>
    r &&
    modal.confirm({
      title: c.confirmTitle,
      content: c.confirmBody(r.awaiting.lines, r.awaiting.hours),
      okText: c.confirmOk,
      cancelText: c.cancel,
      onOk: async () => {
        try {
          const done = dataOf(await api.POST('/api/rosters/{id}/confirm', { params: { path: { id } } }))
          message.success(c.confirmedNote(done.confirmed, done.remaining))
          refresh()
        } catch (e) {
          message.error((e as Error).message)
        }
      },
    })

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb
        items={[
          { title: c.crumb },
          { title: <Link to="/confirmations">{c.title}</Link> },
          { title: r?.project.title },
        ]}
      />
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 12, flexWrap: 'wrap' }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {r ? c.detailTitle(r.project.title) : t.common.loading}
          {r && (
            <Tag color={STATUS_COLOR[r.status]} style={{ marginInlineStart: 12, verticalAlign: 'middle' }}>
              {c[r.status]}
            </Tag>
          )}
        </Typography.Title>
        {r && (
          <Space>
            {r.mayReturn && (
              <Button danger onClick={() => setReturning(true)}>
                {c.returnIt}
              </Button>
            )}
            {r.mayConfirm && (
              <Button type="primary" onClick={confirm}>
                {c.confirm}
              </Button>
            )}
          </Space>
        )}
      </div>
      <Card size="small" loading={!r}>
        {r && (
          <Descriptions
            size="small"
            column={{ xs: 1, md: 2, xl: 3 }}
            items={[
              { key: 'institution', label: c.institution, children: r.institutionName },
              {
                key: 'dates',
                label: c.projectDates,
                children: `${r.project.startDate} ~ ${r.project.endDate}`,
              },
              {
                key: 'way',
                label: c.way,
                children: `${c.ways[r.project.way] ?? r.project.way}${r.project.advancedSeminar ? ` · ${c.advancedSeminar}` : ''}`,
              },
              { key: 'hours', label: c.projectHours, children: r.project.hours },
              { key: 'venue', label: c.venue, children: r.project.venue },
              { key: 'version', label: c.version, children: c.versionOf(r.version) },
              { key: 'submitted', label: c.submitted, children: dateTimeOf(r.createdAt) },
              { key: 'deadline', label: c.deadline, children: <DeadlineTag deadline={r.deadline} /> },
              {
                key: 'waiting',
                label: c.waiting,
                children: (
                  <Typography.Text strong data-testid="roster-waiting">
                    {c.waitingOf(r.awaiting.lines, r.awaiting.persons, r.awaiting.hours)}
                  </Typography.Text>
                ),
              },
              ...(r.correctionReason
                ? [{ key: 'correction', label: c.correctionReason, children: r.correctionReason }]
                : []),
              ...(r.returnReason
                ? [
                    { key: 'return', label: c.returnReason, children: r.returnReason },
                    {
                      key: 'returnedAt',
                      label: c.returnedAt,
                      children: r.returnedAt ? dateTimeOf(r.returnedAt) : '',
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Card>
      <Card size="small" title={c.linesTitle}>
        <Table<Line>
          rowKey="row"
          size="small"
          loading={lines.isFetching}
          dataSource={lines.data?.items ?? []}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: lines.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (n) => c.linesTotal(n),
            onChange: (p) => setParams(p === 1 ? {} : { page: String(p) }),
          }}
          columns={[
            { key: 'row', title: c.row, dataIndex: 'row', width: 70, align: 'right' },
            {
              key: 'name',
              title: c.name,
              dataIndex: 'name',
              width: 120,
              render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
            },
            {
              key: 'id',
              title: c.idNumber,
              dataIndex: 'idMasked',
              width: 180,
              render: (v: string) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{v}</span>,
            },
            { key: 'hours', title: c.hours, dataIndex: 'hours', width: 80, align: 'right' },
            {
              key: 'days',
              title: c.days,
              dataIndex: 'days',
              width: 70,
              align: 'right',
              render: (v) => v ?? '—',
            },
            { key: 'date', title: c.date, dataIndex: 'date', width: 110, render: (v) => v ?? '—' },
            {
              key: 'status',
              title: c.lineStatus,
              width: 90,
              render: (_, l) =>
                l.confirmed ? <Tag color="#237804">{c.lineConfirmed}</Tag> : <Tag>{c.lineWaiting}</Tag>,
            },
          ]}
        />
      </Card>
      <ReasonModal
        open={returning}
        title={c.returnTitle}
        okText={c.returnOk}
        cancelText={c.cancel}
        label={c.returnLabel}
        help={c.returnHelp}
        required={c.returnRequired}
        onClose={() => setReturning(false)}
        onSubmit={async (reason) => {
          dataOf(await api.POST('/api/rosters/{id}/return', { params: { path: { id } }, body: { reason } }))
          message.success(c.returnedNote)
          refresh()
        }}
      />
    </Space>
  )
}
