import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query'
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  ConfigProvider,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Radio,
  Result,
  Select,
  Space,
  Steps,
  Table,
  Tag,
  Typography,
} from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useMemo, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { type FieldSpec, VOCABULARY } from '../../../../src/policy/vocabulary.js'
import { api, dataOf } from '../../api/client.js'
import { showApiError } from '../../api/form-errors.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'

type StaffRow = paths['/api/staff']['get']['responses'][200]['content']['application/json']['items'][number]
type RecordBody = paths['/api/staff/records']['post']['requestBody']['content']['application/json']['record']
type PreviewAnswer =
  paths['/api/staff/records/preview']['post']['responses'][200]['content']['application/json']
type Results = paths['/api/staff/records']['post']['responses'][200]['content']['application/json']
type Kind = 'training' | 'self_study'

/** Fields the page sets itself: the employer organised the training; the self-study has its archive. */
const FIXED: Record<Kind, Record<string, unknown>> = {
  training: { organizer: 'employer' },
  self_study: { archived: true },
}
const PERSON_KEY = /^[0-9a-f]{32}$/
/** Chosen rows in a light tint of the portal's blue, so their text keeps its contrast. */
const SELECTED_ROWS = {
  components: { Table: { rowSelectedBg: '#e6eef8', rowSelectedHoverBg: '#d4e2f3' } },
}

/** The vocabulary's fields of a kind that the clerk fills in. */
const fieldsOf = (kind: Kind): readonly FieldSpec[] =>
  VOCABULARY[kind].fields.filter((f) => !(f.name in FIXED[kind]))

/** The record as the API takes it, from the form's values. */
function recordOf(kind: Kind, values: Record<string, unknown>): RecordBody {
  const out: Record<string, unknown> = { kind, ...FIXED[kind] }
  const date = values.date as Dayjs | undefined
  if (date) out.date = date.format('YYYY-MM-DD')
  const title = (values.title as string | undefined)?.trim()
  if (title) out.title = title
  for (const f of fieldsOf(kind)) {
    const v = values[f.name]
    if (v !== undefined && v !== null && v !== '') out[f.name] = v
  }
  return out as RecordBody
}

/**
 * 单位登记: an employer (agency) registers training it organised, or archived self-study, for one or many
 * of its staff — choose the people, describe the activity, see what each person would be credited, confirm,
 * then see who was credited and who was not and why. Each person's credit has its own natural key, so a
 * second submission credits no one twice.
 */
export default function StaffRegister() {
  const { t } = useT()
  const s = t.staffRegisterPage
  const zh = t.lang !== 'en'
  const { modal } = App.useApp()
  const [params] = useSearchParams()
  const [form] = Form.useForm()
  const preselected = useMemo(() => params.getAll('person').filter((k) => PERSON_KEY.test(k)), [params])
  const [step, setStep] = useState(0)
  const [chosen, setChosen] = useState<Map<string, { name: string; idMasked: string }>>(new Map())
  const [name, setName] = useState<string | undefined>()
  const [department, setDepartment] = useState<string | undefined>()
  const [page, setPage] = useState({ page: 1, pageSize: 10 })
  const [kind, setKind] = useState<Kind>('training')
  const [record, setRecord] = useState<RecordBody | undefined>()
  const [preview, setPreview] = useState<PreviewAnswer | undefined>()
  const [results, setResults] = useState<Results | undefined>()
  const [problem, setProblem] = useState<string | undefined>()

  // The persons named in ?person= start chosen (their names from the staff list).
  const initial = useQuery({
    queryKey: ['staff-preselected', preselected],
    enabled: preselected.length > 0,
    queryFn: async () => {
      const list = dataOf(
        await api.GET('/api/staff', {
          params: { query: { person: preselected, pageSize: '200' } },
        }),
      )
      setChosen(new Map(list.items.map((r) => [r.personKey, { name: r.name, idMasked: r.idMasked }])))
      return list
    },
  })
  const staff = useQuery({
    queryKey: ['staff', name, department, page],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/staff', {
          params: {
            query: {
              name,
              department,
              page: String(page.page),
              pageSize: String(page.pageSize),
            },
          },
        }),
      ),
  })
  const departments = useQuery({
    queryKey: ['staff-departments'],
    queryFn: async () =>
      dataOf(await api.GET('/api/staff/departments', { params: { query: { pageSize: '200' } } })),
  })

  const computePreview = useMutation({
    mutationFn: async (body: RecordBody) =>
      dataOf(
        await api.POST('/api/staff/records/preview', {
          body: { personKeys: [...chosen.keys()], record: body },
        }),
      ),
    onSuccess: (answer) => {
      setPreview(answer)
      setStep(2)
    },
    onError: (e) => setProblem(showApiError(form, e)),
  })
  const submit = useMutation({
    mutationFn: async (body: RecordBody) =>
      dataOf(
        await api.POST('/api/staff/records', {
          body: { personKeys: [...chosen.keys()], record: body },
        }),
      ),
    onSuccess: (answer) => {
      setResults(answer)
      setStep(3)
    },
    onError: (e) => setProblem(showApiError(form, e)),
  })

  function toActivity() {
    setProblem(undefined)
    if (chosen.size === 0) setProblem(s.selectOne)
    else setStep(1)
  }

  async function toPreview() {
    setProblem(undefined)
    const values = await form.validateFields()
    const body = recordOf(kind, values)
    setRecord(body)
    computePreview.mutate(body)
  }

  function confirmSubmit() {
    if (!record || submit.isPending) return
    modal.confirm({
      title: s.confirmTitle(chosen.size),
      content: s.confirmBody,
      okText: s.confirmOk,
      cancelText: s.cancel,
      onOk: () => submit.mutateAsync(record).catch(() => undefined),
    })
  }

  function again() {
    setStep(0)
    setChosen(new Map())
    setPreview(undefined)
    setResults(undefined)
    setRecord(undefined)
    form.resetFields()
  }

  if (staff.error && !staff.data)
    return (
      <Result
        status="error"
        title={t.common.failed}
        subTitle={staff.error.message}
        extra={<Button onClick={() => staff.refetch()}>{t.common.retry}</Button>}
      />
    )

  const seriesLabel = (x: string) => t.series[x] ?? x
  const label = (f: FieldSpec) => (zh ? f.zh : f.en)
  const hours = (pub: number, pro: number) => s.hoursOf(pub, pro)

  const chooser = (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search
          aria-label={s.name}
          placeholder={s.namePlaceholder}
          allowClear
          style={{ width: 220 }}
          maxLength={30}
          onSearch={(v) => {
            setName(v.trim() || undefined)
            setPage({ ...page, page: 1 })
          }}
        />
        <Select
          aria-label={s.department}
          style={{ width: 180 }}
          value={department ?? ''}
          onChange={(v) => {
            setDepartment(v || undefined)
            setPage({ ...page, page: 1 })
          }}
          options={[
            { value: '', label: s.allDepartments },
            ...(departments.data?.items ?? []).map((d) => ({ value: d.department, label: d.department })),
          ]}
        />
        <Typography.Text strong data-testid="chosen-count">
          {s.selected(chosen.size)}
        </Typography.Text>
        {chosen.size > 0 && (
          <Button size="small" onClick={() => setChosen(new Map())}>
            {s.clear}
          </Button>
        )}
      </Space>
      {chosen.size > 0 && (
        <div>
          {[...chosen].map(([key, p]) => (
            <Tag
              key={key}
              closable
              onClose={() => {
                const next = new Map(chosen)
                next.delete(key)
                setChosen(next)
              }}
            >
              {p.name}
            </Tag>
          ))}
        </div>
      )}
      <ConfigProvider theme={SELECTED_ROWS}>
        <Table<StaffRow>
          rowKey="personKey"
          size="small"
          loading={staff.isFetching || initial.isFetching}
          dataSource={staff.data?.items ?? []}
          locale={{ emptyText: staff.isPending ? t.common.loading : <Empty description={s.emptyStaff} /> }}
          rowSelection={{
            selectedRowKeys: [...chosen.keys()],
            preserveSelectedRowKeys: true,
            getTitleCheckboxProps: () => ({ 'aria-label': s.selected(chosen.size) }),
            getCheckboxProps: (r) => ({ 'aria-label': r.name }) as object,
            onChange: (keys, rows) => {
              const next = new Map<string, { name: string; idMasked: string }>()
              for (const key of keys as string[]) {
                const row = rows.find((r) => r?.personKey === key)
                const known = chosen.get(key)
                if (row) next.set(key, { name: row.name, idMasked: row.idMasked })
                else if (known) next.set(key, known)
              }
              setChosen(next)
            },
          }}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: staff.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            onChange: (p, size) => setPage({ page: p, pageSize: size }),
          }}
          columns={[
            { key: 'name', title: s.name, dataIndex: 'name', width: 110 },
            {
              key: 'idMasked',
              title: s.idMasked,
              dataIndex: 'idMasked',
              width: 180,
              render: (v: string) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{v}</span>,
            },
            {
              key: 'department',
              title: s.department,
              dataIndex: 'department',
              render: (v: string | null) =>
                v ?? <Typography.Text type="secondary">{s.unplaced}</Typography.Text>,
            },
            { key: 'series', title: s.series, dataIndex: 'series', render: (v: string) => seriesLabel(v) },
          ]}
        />
      </ConfigProvider>
      <div style={{ textAlign: 'right' }}>
        <Button type="primary" onClick={toActivity}>
          {s.next}
        </Button>
      </div>
    </Space>
  )

  const activity = (
    <Form form={form} layout="vertical" style={{ maxWidth: 640 }} requiredMark>
      <Form.Item label={s.kind} extra={s.kindHelp}>
        <Radio.Group
          value={kind}
          onChange={(e) => setKind(e.target.value as Kind)}
          options={[
            { value: 'training', label: s.kindTraining },
            { value: 'self_study', label: s.kindSelfStudy },
          ]}
        />
      </Form.Item>
      <Form.Item name="title" label={s.title_} rules={[{ required: true, message: s.required(s.title_) }]}>
        <Input placeholder={s.titlePlaceholder} maxLength={200} />
      </Form.Item>
      <Form.Item
        name="date"
        label={s.date}
        extra={s.dateHelp}
        rules={[{ required: true, message: s.required(s.date) }]}
      >
        <DatePicker
          style={{ width: 200 }}
          disabledDate={(d) => d.isAfter(dayjs(), 'day')}
          format="YYYY-MM-DD"
        />
      </Form.Item>
      {fieldsOf(kind).map((f) => (
        <Form.Item
          key={`${kind}-${f.name}`}
          name={f.name}
          label={label(f)}
          rules={f.optional ? [] : [{ required: true, message: s.required(label(f)) }]}
        >
          {f.value.type === 'enum' ? (
            <Radio.Group options={f.value.values.map((c) => ({ value: c.value, label: zh ? c.zh : c.en }))} />
          ) : (
            <InputNumber
              style={{ width: 200 }}
              min={f.value.type === 'number' ? f.value.min : undefined}
              max={f.value.type === 'number' ? f.value.max : undefined}
              precision={f.value.type === 'number' && f.value.whole ? 0 : undefined}
            />
          )}
        </Form.Item>
      ))}
      <Space>
        <Button onClick={() => setStep(0)}>{s.previous}</Button>
        <Button type="primary" loading={computePreview.isPending} onClick={toPreview}>
          {s.preview}
        </Button>
      </Space>
    </Form>
  )

  const confirm = preview && (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Text strong>{s.previewTitle}</Typography.Text>
      <Table
        rowKey="personKey"
        size="small"
        pagination={preview.items.length > 20 ? { pageSize: 20 } : false}
        dataSource={preview.items}
        columns={[
          { key: 'name', title: s.name, width: 100, render: (_, r) => r.name ?? '—' },
          { key: 'idMasked', title: s.idMasked, width: 170, render: (_, r) => r.idMasked ?? '—' },
          {
            key: 'before',
            title: s.before,
            width: 170,
            render: (_, r) =>
              r.before ? (
                <>
                  <span style={{ fontVariantNumeric: 'tabular-nums' }}>{r.before.total}</span>
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                    {hours(r.before.public, r.before.professional)}
                  </Typography.Text>
                </>
              ) : (
                '—'
              ),
          },
          {
            key: 'credit',
            title: s.credit,
            width: 170,
            render: (_, r) =>
              r.credit ? (
                <>
                  <Typography.Text strong style={{ fontVariantNumeric: 'tabular-nums' }}>
                    +{r.credit.public + r.credit.professional}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                    {hours(r.credit.public, r.credit.professional)}
                  </Typography.Text>
                </>
              ) : (
                '—'
              ),
          },
          {
            key: 'after',
            title: s.after,
            width: 110,
            render: (_, r) =>
              r.before && r.credit ? (
                <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {Math.round((r.before.total + r.credit.public + r.credit.professional) * 100) / 100}
                </Typography.Text>
              ) : (
                '—'
              ),
          },
          {
            key: 'basis',
            title: s.basis,
            render: (_, r) =>
              r.problem ? (
                <Typography.Text type="danger">
                  {s.problem}：{r.problem}
                </Typography.Text>
              ) : (
                <>
                  {r.credit?.basis}
                  {r.credit?.notes.map((n) => (
                    <Typography.Text type="secondary" key={n} style={{ display: 'block', fontSize: 12 }}>
                      {n}
                    </Typography.Text>
                  ))}
                </>
              ),
          },
        ]}
      />
      <Space>
        <Button onClick={() => setStep(1)} disabled={submit.isPending}>
          {s.previous}
        </Button>
        <Button type="primary" loading={submit.isPending} onClick={confirmSubmit}>
          {s.submit}
        </Button>
      </Space>
    </Space>
  )

  const outcome = results && (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Alert
        type={results.refused === 0 ? 'success' : results.credited === 0 ? 'error' : 'warning'}
        showIcon
        title={s.resultTitle(results.credited, results.refused)}
        description={results.refused > 0 ? s.partial : undefined}
      />
      <Table
        rowKey="personKey"
        size="small"
        pagination={results.items.length > 20 ? { pageSize: 20 } : false}
        dataSource={results.items}
        columns={[
          { key: 'name', title: s.name, width: 100, render: (_, r) => r.name ?? '—' },
          { key: 'idMasked', title: s.idMasked, width: 170, render: (_, r) => r.idMasked ?? '—' },
          {
            key: 'outcome',
            title: s.outcome,
            width: 90,
            render: (_, r) =>
              r.outcome === 'credited' ? (
                <Tag color="#237804">{s.credited}</Tag>
              ) : (
                <Tag color="#a8071a">{s.refused}</Tag>
              ),
          },
          {
            key: 'hours',
            title: s.credit,
            width: 170,
            render: (_, r) => (r.entry ? hours(r.entry.public, r.entry.professional) : '—'),
          },
          {
            key: 'reason',
            title: s.basisOrReason,
            render: (_, r) => r.reason ?? r.entry?.basis ?? '',
          },
        ]}
      />
      <Space>
        <Button type="primary" onClick={again}>
          {s.again}
        </Button>
        <Link to="/staff/compliance">{s.toCompliance}</Link>
      </Space>
    </Space>
  )

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Breadcrumb items={[{ title: s.crumb }, { title: s.title }]} />
        <Typography.Title level={1} style={{ fontSize: 22, margin: '8px 0 4px' }}>
          {s.title}
        </Typography.Title>
        <Typography.Text type="secondary">{s.intro}</Typography.Text>
      </div>
      <Card size="small">
        <Steps
          size="small"
          current={step}
          items={[{ title: s.step1 }, { title: s.step2 }, { title: s.step3 }, { title: s.step4 }]}
        />
      </Card>
      {problem && (
        <Alert type="error" showIcon title={problem} closable onClose={() => setProblem(undefined)} />
      )}
      <Card size="small">
        {step === 0 && chooser}
        {step === 1 && activity}
        {step === 2 && confirm}
        {step === 3 && outcome}
      </Card>
    </Space>
  )
}
