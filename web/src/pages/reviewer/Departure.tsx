import { LogoutOutlined, SearchOutlined } from '@ant-design/icons'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Progress,
  Result,
  Row,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { chinaToday } from '../../../../src/domain/china-date.js'
import { api, dataOf } from '../../api/client.js'
import { showApiError } from '../../api/form-errors.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'

type StaffMember =
  paths['/api/staff']['get']['responses'][200]['content']['application/json']['items'][number]
type Departed =
  paths['/api/persons/{personKey}/departure']['post']['responses'][200]['content']['application/json']

const PAGE_SIZE = 10
/** What antd's DatePicker hands back (a dayjs object): only its formatting is used here. */
type Picked = { format(template: string): string } | null | undefined

/** The employer's (or agency's) departure review: choose a staff member, see their year, confirm they leave. */
export default function Departure() {
  const { t } = useT()
  const d = t.departurePage
  const client = useQueryClient()
  const [modal, modalHolder] = Modal.useModal()
  const [searchForm] = Form.useForm<{ name?: string; idNumber?: string }>()
  const [leaveForm] = Form.useForm<{ date: Picked }>()
  const [filter, setFilter] = useState<{ name?: string; idNumber?: string }>({})
  const [page, setPage] = useState(1)
  const [chosen, setChosen] = useState<StaffMember>()
  const [date, setDate] = useState<string>()
  const [done, setDone] = useState<{ name: string; result: Departed }>()
  const [error, setError] = useState<string>()
  const year = Number((date ?? chinaToday()).slice(0, 4))

  const staff = useQuery({
    queryKey: ['staff', filter, page],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/staff', {
          params: { query: { ...filter, page: String(page), pageSize: String(PAGE_SIZE) } },
        }),
      ),
  })
  const personYear = useQuery({
    queryKey: ['person-year', chosen?.personKey, year],
    enabled: chosen !== undefined,
    retry: false,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/persons/{personKey}/years/{year}', {
          params: { path: { personKey: chosen?.personKey as string, year: String(year) } },
        }),
      ),
  })
  const leave = useMutation({
    mutationFn: async (v: { person: StaffMember; date: string }) =>
      dataOf(
        await api.POST('/api/persons/{personKey}/departure', {
          params: { path: { personKey: v.person.personKey } },
          body: { date: v.date },
        }),
      ),
    onSuccess: (result, v) => {
      setDone({ name: v.person.name, result })
      setChosen(undefined)
      setDate(undefined)
      leaveForm.resetFields()
      void client.invalidateQueries({ queryKey: ['staff'] })
      void client.invalidateQueries({ queryKey: ['compliance'] })
    },
    onError: (e) => setError(showApiError(leaveForm, e)),
  })

  const search = (v: { name?: string; idNumber?: string }) => {
    setFilter({
      ...(v.name?.trim() ? { name: v.name.trim() } : {}),
      ...(v.idNumber?.trim() ? { idNumber: v.idNumber.trim() } : {}),
    })
    setPage(1)
  }
  const choose = (person: StaffMember) => {
    setChosen(person)
    setDone(undefined)
    setError(undefined)
  }
  const confirm = (v: { date: Picked }) => {
    const when = v.date?.format('YYYY-MM-DD')
    if (!chosen || !when) return
    setError(undefined)
    modal.confirm({
      title: d.confirmTitle(chosen.name),
      icon: <LogoutOutlined />,
      width: 560,
      okText: d.confirmOk,
      cancelText: d.cancel,
      okButtonProps: { danger: true },
      content: (
        <ul style={{ paddingInlineStart: 20, margin: '8px 0 0' }}>
          <li>{d.confirmReview(Number(when.slice(0, 4)))}</li>
          <li>
            <Typography.Text strong>{d.confirmEnd(when)}</Typography.Text>
          </li>
          <li>{d.confirmKept}</li>
          <li>{d.confirmFinal}</li>
        </ul>
      ),
      onOk: () => leave.mutateAsync({ person: chosen, date: when }).catch(() => undefined),
    })
  }

  const e = personYear.data?.evaluation
  const subjects = [
    ['total', d.total],
    ['public', d.public],
    ['professional', d.professional],
  ] as const

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {modalHolder}
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {d.title}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {d.intro}
      </Typography.Paragraph>

      {done && (
        <Alert
          type="success"
          showIcon
          role="status"
          title={d.done(done.name, done.result.leftOn)}
          description={
            done.result.review
              ? d.reviewed(
                  done.result.review.year,
                  done.result.review.totals.public,
                  done.result.review.totals.professional,
                  done.result.review.compliant,
                )
              : undefined
          }
        />
      )}

      <Card size="small" title={d.find}>
        <Form form={searchForm} layout="inline" onFinish={search} style={{ rowGap: 8 }}>
          <Form.Item name="name" label={d.name}>
            <Input placeholder={d.namePlaceholder} allowClear style={{ width: 180 }} maxLength={30} />
          </Form.Item>
          <Form.Item name="idNumber" label={d.idNumber}>
            <Input placeholder={d.idPlaceholder} allowClear style={{ width: 230 }} maxLength={18} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                {d.search}
              </Button>
              <Button
                onClick={() => {
                  searchForm.resetFields()
                  search({})
                }}
              >
                {d.reset}
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>

      <Card
        size="small"
        title={d.staffTitle}
        extra={staff.data && <Typography.Text type="secondary">{d.count(staff.data.total)}</Typography.Text>}
      >
        {staff.error ? (
          <Result
            status="error"
            title={t.common.failed}
            subTitle={staff.error.message}
            extra={<Button onClick={() => staff.refetch()}>{t.common.retry}</Button>}
          />
        ) : !staff.data ? (
          <Skeleton active paragraph={{ rows: 4 }} />
        ) : staff.data.total === 0 ? (
          <Empty description={d.empty} />
        ) : (
          <Table<StaffMember>
            rowKey="personKey"
            size="small"
            loading={staff.isFetching}
            dataSource={staff.data.items}
            onRow={(r) => (r.personKey === chosen?.personKey ? { style: { background: '#e6f4ff' } } : {})}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: staff.data.total,
              showSizeChanger: false,
              onChange: setPage,
            }}
            columns={[
              { key: 'name', title: d.name, dataIndex: 'name', width: 120 },
              { key: 'id', title: d.idNumber, dataIndex: 'idMasked', width: 200 },
              { key: 'from', title: d.fromDate, dataIndex: 'fromDate', width: 120 },
              {
                key: 'action',
                title: d.action,
                width: 120,
                render: (_, r) =>
                  r.personKey === chosen?.personKey ? (
                    <Tag color="blue">{d.chosen}</Tag>
                  ) : (
                    <Button size="small" onClick={() => choose(r)} aria-label={`${d.choose} ${r.name}`}>
                      {d.choose}
                    </Button>
                  ),
              },
            ]}
          />
        )}
      </Card>

      <Card size="small" title={d.person}>
        {!chosen ? (
          <Empty description={d.pick} />
        ) : (
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 3 }}
              items={[
                { key: 'name', label: d.name, children: chosen.name },
                { key: 'id', label: d.idNumber, children: chosen.idMasked },
                { key: 'from', label: d.fromDate, children: chosen.fromDate },
              ]}
            />
            <Typography.Text strong>{d.yearSoFar(year)}</Typography.Text>
            {personYear.isPending ? (
              <Skeleton active paragraph={{ rows: 2 }} />
            ) : !e ? (
              <Alert type="info" showIcon title={d.noPolicy} />
            ) : (
              <Row gutter={[16, 8]} align="middle">
                {subjects.map(([k, label]) => (
                  <Col xs={24} md={7} key={k}>
                    <div style={{ display: 'flex', justifyContent: 'space-between' }}>
                      <span>{label}</span>
                      <span>{d.hours(e.totals[k], e.required[k])}</span>
                    </div>
                    <Progress
                      percent={
                        e.required[k] > 0
                          ? Math.min(100, Math.round((e.totals[k] / e.required[k]) * 100))
                          : 100
                      }
                      status={e.totals[k] >= e.required[k] ? 'success' : 'active'}
                      showInfo={false}
                      aria-label={`${label} ${d.hours(e.totals[k], e.required[k])}`}
                    />
                  </Col>
                ))}
                <Col xs={24} md={3}>
                  {e.compliant ? (
                    <Tag color="#237804">{d.compliant}</Tag>
                  ) : (
                    <Tag color="#ad4e00">{d.notCompliant}</Tag>
                  )}
                </Col>
              </Row>
            )}
            {error && <Alert type="error" showIcon role="alert" title={d.failed} description={error} />}
            <Form form={leaveForm} layout="inline" onFinish={confirm} style={{ rowGap: 8 }}>
              <Form.Item name="date" label={d.date} rules={[{ required: true, message: d.dateRequired }]}>
                <DatePicker
                  format="YYYY-MM-DD"
                  onChange={(v: Picked) => setDate(v?.format('YYYY-MM-DD'))}
                  style={{ width: 160 }}
                />
              </Form.Item>
              <Form.Item>
                <Button
                  type="primary"
                  danger
                  htmlType="submit"
                  icon={<LogoutOutlined />}
                  loading={leave.isPending}
                >
                  {d.submit}
                </Button>
              </Form.Item>
            </Form>
          </Space>
        )}
      </Card>
    </Space>
  )
}
