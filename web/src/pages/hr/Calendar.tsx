import { DeleteOutlined, ExclamationCircleOutlined, PlusOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  DatePicker,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { useNavigate, useParams, useSearchParams } from 'react-router'
import { api, dataOf } from '../../api/client.js'
import { showApiError } from '../../api/form-errors.js'
import { useT } from '../../i18n/i18n.js'

type Kind = 'holiday' | 'workday'
interface Day {
  day: string
  kind: Kind
  name: string
}
const WEEKDAYS = '日一二三四五六'
const weekdayOf = (iso: string) => new Date(`${iso}T00:00:00Z`).getUTCDay()

/**
 * 节假日安排: a year's public holidays and make-up working days (调休上班日), which working-day deadlines count.
 * National and provincial HR departments add and remove days (with a confirmation); a city's reads them.
 */
export default function Calendar() {
  const { t } = useT()
  const k = t.calendarPage
  const { message, modal } = App.useApp()
  const client = useQueryClient()
  const [params] = useSearchParams()
  const navigate = useNavigate()
  const thisYear = new Date().getFullYear()
  // /calendar?year=2027, or /calendar/2027 (the link of the notification asking for a year, services/calendar.ts).
  const asked = Number(useParams().year ?? params.get('year'))
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= 2200 ? asked : thisYear
  const [adding, setAdding] = useState(false)

  const days = useQuery({
    queryKey: ['calendar', year],
    queryFn: async () =>
      dataOf(
        await api.GET('/api/calendar/{year}', {
          params: { path: { year: String(year) }, query: { pageSize: '200' } },
        }),
      ),
  })
  const scope = useQuery({
    queryKey: ['regions-scope'],
    queryFn: async () => dataOf(await api.GET('/api/regions/scope')),
  })
  // 节假日安排由国家或省级人社部门维护 (services/calendar.ts): the national one has no region.
  const keeps =
    scope.data !== undefined && (scope.data.region === null || scope.data.region.level === 'province')

  function remove(d: Day) {
    modal.confirm({
      title: k.removeTitle(d.day),
      icon: <ExclamationCircleOutlined />,
      content: k.removeBody(d.name, d.kind === 'workday' ? k.workday : k.holiday),
      okText: k.removeOk,
      okButtonProps: { danger: true },
      cancelText: k.cancel,
      onOk: async () => {
        try {
          dataOf(await api.DELETE('/api/calendar/{day}', { params: { path: { day: d.day } } }))
          message.success(k.removed(d.day))
          await client.invalidateQueries({ queryKey: ['calendar', year] })
        } catch (e) {
          message.error(e instanceof Error ? e.message : String(e))
        }
      },
    })
  }

  const columns: TableColumnsType<Day> = [
    {
      key: 'day',
      title: k.day,
      width: 170,
      render: (_, d) => `${d.day}（${k.weekday}${WEEKDAYS[weekdayOf(d.day)]}）`,
    },
    {
      key: 'kind',
      title: k.kind,
      width: 120,
      render: (_, d) =>
        d.kind === 'workday' ? <Tag color="blue">{k.workday}</Tag> : <Tag color="green">{k.holiday}</Tag>,
    },
    { key: 'name', title: k.name, dataIndex: 'name' },
    ...(keeps
      ? [
          {
            key: 'action',
            title: k.action,
            width: 90,
            render: (_: unknown, d: Day) => (
              <Button size="small" danger icon={<DeleteOutlined />} onClick={() => remove(d)}>
                {k.remove}
              </Button>
            ),
          },
        ]
      : []),
  ]

  const items = (days.data?.items ?? []) as Day[]
  const workdays = items.filter((d) => d.kind === 'workday').length
  const years = Array.from({ length: 8 }, (_, i) => thisYear + 2 - i)
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Breadcrumb items={[{ title: k.crumb }, { title: k.title }]} />
        <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', marginTop: 8 }}>
          <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
            {k.title}
          </Typography.Title>
          <Space>
            <Select
              aria-label={k.year}
              value={year}
              style={{ width: 120 }}
              options={years.map((y) => ({ value: y, label: k.yearOption(y) }))}
              onChange={(y) => navigate(`/calendar?year=${y}`)}
            />
            {keeps && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
                {k.add}
              </Button>
            )}
          </Space>
        </div>
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
          {k.intro}
        </Typography.Paragraph>
      </div>
      {scope.data && !keeps && <Alert type="info" showIcon title={k.readOnly} />}
      {days.data?.warning && <Alert type="warning" showIcon title={days.data.warning} />}
      <Table<Day>
        rowKey="day"
        columns={columns}
        dataSource={items}
        loading={days.isFetching}
        pagination={false}
        size="middle"
        locale={{ emptyText: k.empty(year) }}
        title={() => k.count(items.length, workdays)}
      />
      <AddDay
        open={adding}
        year={year}
        onClose={() => setAdding(false)}
        onSaved={async (d) => {
          message.success(k.added(d.day))
          await client.invalidateQueries({ queryKey: ['calendar', Number(d.day.slice(0, 4))] })
        }}
      />
    </Space>
  )
}

/** Adds one day: the date, holiday or make-up working day, its name; confirmed before it is saved. */
function AddDay(p: { open: boolean; year: number; onClose: () => void; onSaved: (d: Day) => Promise<void> }) {
  const { t } = useT()
  const k = t.calendarPage
  const { modal } = App.useApp()
  const [form] = Form.useForm<{ day: Dayjs; kind: Kind; name: string }>()
  const [error, setError] = useState<string>()

  function submit(v: { day: Dayjs; kind: Kind; name: string }) {
    const d: Day = { day: v.day.format('YYYY-MM-DD'), kind: v.kind, name: v.name.trim() }
    modal.confirm({
      title: k.addTitle(d.day),
      content: k.addBody(d.name, d.kind === 'workday' ? k.workday : k.holiday),
      okText: k.addOk,
      cancelText: k.cancel,
      onOk: async () => {
        setError(undefined)
        try {
          dataOf(await api.PUT('/api/calendar', { body: { days: [d] } }))
          await p.onSaved(d)
          p.onClose()
        } catch (e) {
          setError(showApiError(form, e))
        }
      },
    })
  }
  return (
    <Modal
      open={p.open}
      title={k.addDialog}
      okText={k.save}
      cancelText={k.cancel}
      onOk={() => form.submit()}
      onCancel={() => {
        setError(undefined)
        p.onClose()
      }}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={{ kind: 'workday' }}
      >
        <Form.Item name="day" label={k.day} rules={[{ required: true, message: k.dayRequired }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="kind" label={k.kind}>
          <Radio.Group>
            <Radio value="workday">{k.workday}</Radio>
            <Radio value="holiday">{k.holiday}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="name"
          label={k.name}
          extra={k.nameHelp}
          rules={[{ required: true, whitespace: true, message: k.nameRequired }]}
        >
          <Input maxLength={50} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
