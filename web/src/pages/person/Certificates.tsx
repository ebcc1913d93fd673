import { DownloadOutlined, FileProtectOutlined, SafetyCertificateOutlined } from '@ant-design/icons'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Grid,
  List,
  Result,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { api, dataOf } from '../../api/client.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'

type Listing =
  paths['/api/persons/{personKey}/certificates']['get']['responses'][200]['content']['application/json']
type Item = Listing['items'][number]

const FIRST_YEAR = 2020
const WINDOWS = [5, 4, 3, 2] as const
// Dark fills with white text: antd's light green and orange tags fall short of WCAG AA contrast.
const STATUS_COLOUR: Record<string, string> = { valid: '#237804', superseded: '#ad4e00', revoked: '#a8071a' }

/**
 * 我的证书: the professional issues the certificate of a year (or of Qingdao's title window) and downloads it
 * as PDF or as a portable credential; each one's verification status is shown as the public page shows it.
 */
export default function Certificates() {
  const { t } = useT()
  const x = t.certificatesPage
  const { message } = App.useApp()
  const client = useQueryClient()
  const narrow = !Grid.useBreakpoint().md
  const thisYear = new Date().getFullYear()
  const [year, setYear] = useState(thisYear)
  const [window, setWindow] = useState<number>(0)
  const me = useQuery({ queryKey: ['me'], queryFn: async () => dataOf(await api.GET('/api/me')) })
  const personKey = me.data?.personKey ?? undefined
  const policy = useQuery({
    queryKey: ['person-year', personKey, year],
    enabled: personKey !== undefined,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/persons/{personKey}/years/{year}', {
          params: { path: { personKey: personKey as string, year: String(year) } },
        }),
      ),
    select: (v) => v.policy,
  })
  const list = useQuery({
    queryKey: ['certificates', personKey],
    enabled: personKey !== undefined,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/persons/{personKey}/certificates', {
          params: { path: { personKey: personKey as string }, query: { pageSize: '100' } },
        }),
      ),
  })
  const issue = useMutation({
    mutationFn: async () => {
      const answer = await api.POST('/api/persons/{personKey}/certificates', {
        params: { path: { personKey: personKey as string } },
        body: window > 0 ? { year, window } : { year },
      })
      // 201: a new certificate; 200: the figures have not changed and the one already issued stands.
      return { certificate: dataOf(answer), created: answer.response.status === 201 }
    },
    onSuccess: async ({ certificate: c, created }) => {
      message.success(created ? x.issued(c.serial) : x.same(c.serial))
      await client.invalidateQueries({ queryKey: ['certificates', personKey] })
    },
  })
  const windows = policy.data === 'qingdao-2023'
  const years = Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => thisYear - i)

  if (me.error || list.error)
    return (
      <Result
        status="error"
        title={t.common.failed}
        subTitle={(me.error ?? list.error)?.message}
        extra={<Button onClick={() => list.refetch()}>{t.common.retry}</Button>}
      />
    )

  const items = list.data?.items ?? []
  const periodOf = (c: Item) =>
    c.content.period.window
      ? x.windowLabel(c.content.period.fromYear, c.content.period.toYear)
      : x.yearLabel(c.content.period.year)
  const hoursOf = (c: Item) =>
    `${c.content.totals.public} / ${c.content.totals.professional} / ${c.content.totals.total}`
  const status = (c: Item) => <Tag color={STATUS_COLOUR[c.status]}>{x.statuses[c.status]}</Tag>
  const verdict = (c: Item) => (
    <Tag color={c.content.compliant ? '#237804' : 'default'}>
      {c.content.compliant ? x.compliant : x.notCompliant}
    </Tag>
  )
  const actions = (c: Item) => (
    <Space size={4} wrap>
      <Button
        size="small"
        icon={<DownloadOutlined />}
        href={`/api/certificates/${encodeURIComponent(c.serial)}/pdf`}
      >
        {x.pdf}
      </Button>
      <Button
        size="small"
        icon={<FileProtectOutlined />}
        href={`/api/certificates/${encodeURIComponent(c.serial)}/credential`}
      >
        {x.credential}
      </Button>
      <Button
        size="small"
        type="link"
        icon={<SafetyCertificateOutlined />}
        href={`/verify/${encodeURIComponent(c.code)}`}
        target="_blank"
      >
        {x.verify}
      </Button>
    </Space>
  )

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
      <Card size="small" title={x.issueTitle}>
        <Space wrap size={[16, 12]} align="end">
          <Space direction="vertical" size={4}>
            <label htmlFor="certificate-year">{x.year}</label>
            <Select
              id="certificate-year"
              value={year}
              style={{ width: 120 }}
              options={years.map((y) => ({ value: y, label: x.yearLabel(y) }))}
              onChange={setYear}
            />
          </Space>
          {windows && (
            <Space direction="vertical" size={4}>
              <label htmlFor="certificate-window">{x.window}</label>
              <Select
                id="certificate-window"
                value={window}
                style={{ width: 200 }}
                options={[
                  { value: 0, label: x.single },
                  ...WINDOWS.map((n) => ({ value: n, label: x.windowOption(n) })),
                ]}
                onChange={setWindow}
              />
            </Space>
          )}
          <Button
            type="primary"
            icon={<FileProtectOutlined />}
            loading={issue.isPending}
            disabled={personKey === undefined}
            onClick={() => issue.mutate()}
          >
            {x.issue}
          </Button>
        </Space>
        {windows && (
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
            {x.windowHelp}
          </Typography.Paragraph>
        )}
        {issue.error && (
          <Alert
            style={{ marginTop: 12 }}
            type="error"
            showIcon
            title={x.failed}
            description={issue.error.message}
          />
        )}
      </Card>
      <Card size="small" title={x.listTitle} extra={list.data && x.count(list.data.total)}>
        {narrow ? (
          <List<Item>
            loading={list.isPending}
            dataSource={items}
            locale={{ emptyText: <Empty description={x.empty} /> }}
            renderItem={(c) => (
              <List.Item key={c.serial} data-testid="certificate">
                <Space direction="vertical" size={4} style={{ width: '100%' }}>
                  <Space wrap>
                    <Typography.Text strong>{periodOf(c)}</Typography.Text>
                    {status(c)}
                    {verdict(c)}
                  </Space>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {c.serial} · {c.content.issuedAt.slice(0, 10)}
                  </Typography.Text>
                  <Typography.Text>
                    {x.hours}：{hoursOf(c)}
                  </Typography.Text>
                  {actions(c)}
                </Space>
              </List.Item>
            )}
          />
        ) : (
          <Table<Item>
            size="small"
            rowKey="serial"
            loading={list.isPending}
            dataSource={items}
            pagination={false}
            locale={{ emptyText: <Empty description={x.empty} /> }}
            onRow={() => ({ 'data-testid': 'certificate' }) as never}
            columns={[
              { title: x.serial, dataIndex: 'serial', width: 220 },
              { title: x.period, key: 'period', render: (_, c) => periodOf(c) },
              { title: x.hours, key: 'hours', render: (_, c) => hoursOf(c) },
              { title: x.verdict, key: 'verdict', render: (_, c) => verdict(c) },
              { title: x.issuedAt, key: 'issuedAt', render: (_, c) => c.content.issuedAt.slice(0, 10) },
              { title: x.status, key: 'status', render: (_, c) => status(c) },
              { title: x.actions, key: 'actions', render: (_, c) => actions(c) },
            ]}
          />
        )}
      </Card>
    </Space>
  )
}
