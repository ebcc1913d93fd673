import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { Alert, Button, Card, Descriptions, Segmented, Select, Space, Table, Tag, Typography } from 'antd'
import type { Key, ReactNode } from 'react'
import { useState } from 'react'
import { useSearchParams } from 'react-router'
import { api, dataOf } from '../../api/client.js'
import type { paths } from '../../api/schema.js'
import { PagedTable } from '../../components/PagedTable.js'
import { useT } from '../../i18n/i18n.js'
import { day } from '../hr/day.js'

export type Mentorship =
  paths['/api/mentorships']['get']['responses'][200]['content']['application/json']['items'][number]
export type Status = Mentorship['status']
type Mentee = Mentorship['mentees'][number]

const PAGE_SIZE = 20
const COLOURS: Record<Status, string> = { submitted: '#ad4e00', filed: '#0958d9', evaluated: '#237804' }
const thisYear = new Date().getFullYear()
const YEARS = Array.from({ length: 6 }, (_, i) => thisYear + 1 - i)

/** A mentorship's status, as a tag. */
export function StatusTag({ status }: { status: Status }) {
  const { t } = useT()
  return <Tag color={COLOURS[status]}>{t.mentorshipPage.statusLabel[status]}</Tag>
}

/** The list query of the mentorships the caller sees, with its status and year filter. */
export const MENTORSHIPS = 'mentorships'

/**
 * The caller's mentorships (an employer's own, an HR department's region's), filtered by status and year,
 * a page at a time; a row opens to its plan and mentees (with their hours once evaluated). `?id=` (where a
 * notification's link leads) shows that one mentorship, opened, until the reader asks for them all.
 */
export function MentorshipList({
  statuses,
  initial,
  showEmployer,
  actions,
}: {
  /** The status filters offered, in order; undefined is all. */
  statuses: (Status | undefined)[]
  initial?: Status
  showEmployer?: boolean
  actions?: (m: Mentorship) => ReactNode
}) {
  const { t } = useT()
  const k = t.mentorshipPage
  const [status, setStatus] = useState<Status | undefined>(initial)
  const [year, setYear] = useState<number>()
  const [page, setPage] = useState(1)
  const [params, setParams] = useSearchParams()
  const only = params.get('id') ?? undefined
  const [expanded, setExpanded] = useState<readonly Key[]>(only ? [only] : [])
  const list = useQuery({
    queryKey: [MENTORSHIPS, status, year, page, only],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/mentorships', {
          params: {
            query: only
              ? { id: only }
              : {
                  page: String(page),
                  pageSize: String(PAGE_SIZE),
                  ...(status && { status }),
                  ...(year && { year: String(year) }),
                },
          },
        }),
      ),
  })
  return (
    <Card
      title={
        only ? (
          <Alert
            type="info"
            showIcon
            title={k.onlyOne}
            action={
              <Button
                size="small"
                onClick={() => {
                  setExpanded([])
                  setParams({}, { replace: true })
                }}
              >
                {k.showAll}
              </Button>
            }
          />
        ) : (
          <Space wrap>
            <Segmented<string>
              value={status ?? 'all'}
              onChange={(v) => {
                setStatus(v === 'all' ? undefined : (v as Status))
                setPage(1)
              }}
              options={statuses.map((s) => ({ value: s ?? 'all', label: s ? k.statusLabel[s] : k.all }))}
            />
            <Select<number | undefined>
              aria-label={k.year}
              style={{ width: 130 }}
              value={year}
              placeholder={k.allYears}
              allowClear
              onChange={(v) => {
                setYear(v)
                setPage(1)
              }}
              options={YEARS.map((y) => ({ value: y, label: k.yearOption(y) }))}
            />
          </Space>
        )
      }
      extra={list.data && <Typography.Text type="secondary">{k.count(list.data.total)}</Typography.Text>}
    >
      <PagedTable<Mentorship>
        rowKey="id"
        list={list}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={setPage}
        empty={only ? k.notFound : status || year ? k.emptyFilter : k.empty}
        scroll={{ x: 1100 }}
        expandable={{
          expandedRowKeys: expanded,
          onExpandedRowsChange: setExpanded,
          expandedRowRender: (m) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Descriptions
                size="small"
                column={1}
                items={[{ key: 'plan', label: k.plan, children: m.plan }]}
              />
              <Table<Mentee>
                size="small"
                style={{ maxWidth: 640 }}
                rowKey="personKey"
                pagination={false}
                dataSource={m.mentees}
                columns={[
                  { key: 'name', title: k.menteeName, dataIndex: 'name', width: 160 },
                  { key: 'id', title: k.idMasked, dataIndex: 'idMasked', width: 240 },
                  {
                    key: 'hours',
                    title: k.hours,
                    align: 'right',
                    render: (_, e) => (e.hours === null ? k.notEvaluated : `${e.hours} ${t.common.hours}`),
                  },
                ]}
              />
            </Space>
          ),
        }}
        columns={[
          { key: 'title', title: k.projectTitle, dataIndex: 'title', ellipsis: true },
          { key: 'year', title: k.year, dataIndex: 'year', width: 80 },
          ...(showEmployer
            ? [{ key: 'employer', title: k.employer, dataIndex: 'employerName', ellipsis: true }]
            : []),
          {
            key: 'mentor',
            title: k.mentor,
            width: 200,
            render: (_, m) => (
              <span>
                {m.mentorName}{' '}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {m.mentorIdMasked}
                </Typography.Text>
              </span>
            ),
          },
          { key: 'mentees', title: k.menteeCount, width: 80, render: (_, m) => k.persons(m.menteeCount) },
          { key: 'status', title: k.status, width: 90, render: (_, m) => <StatusTag status={m.status} /> },
          { key: 'created', title: k.createdAt, width: 110, render: (_, m) => day(m.createdAt) },
          {
            key: 'filed',
            title: k.filedAt,
            width: 110,
            render: (_, m) => (m.filedAt ? day(m.filedAt) : '—'),
          },
          ...(actions
            ? [
                {
                  key: 'actions',
                  title: k.actions,
                  width: 100,
                  render: (_: unknown, m: Mentorship) => actions(m),
                },
              ]
            : []),
        ]}
      />
    </Card>
  )
}
