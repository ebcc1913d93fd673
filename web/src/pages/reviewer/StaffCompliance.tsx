import { DownloadOutlined, SearchOutlined } from '@ant-design/icons'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Result,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import type { SorterResult } from 'antd/es/table/interface'
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { ApiFailure, api, dataOf } from '../../api/client.js'
import { showApiError } from '../../api/form-errors.js'
import type { paths } from '../../api/schema.js'
import { CursorPager } from '../../components/CursorPager.js'
import { RegionPicker, regionScopeQuery } from '../../components/RegionPicker.js'
import { useT } from '../../i18n/i18n.js'

type ListQuery = paths['/api/compliance']['get']['parameters']['query']
type Row = paths['/api/compliance']['get']['responses'][200]['content']['application/json']['items'][number]
type Series = NonNullable<ListQuery['series']>
type Sort = NonNullable<ListQuery['sort']>

const FIRST_YEAR = 2020
const SORTABLE: Sort[] = ['name', 'department', 'total', 'public', 'professional']
const ID_NUMBER = /^\d{17}[\dXx]$/

/** A whole number from the URL within bounds, else the fallback. */
function numberOf(raw: string | null, min: number, max: number, fallback: number): number {
  const n = Number(raw)
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback
}

/** Starts a download of a file the API answered (the export is fetched with the session, then saved). */
function save(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/**
 * The employer's (agency's) staff for a year: hours against the requirement, compliant or not and what
 * is missing; filtered, sorted and paged by the server, exported whole. The filters live in the URL
 * (?year=…) except the ID number, which goes to the server in a header and never into an address.
 */
export default function StaffCompliance({
  authority = false,
  region = false,
}: {
  authority?: boolean
  /** An HR department's list: the persons of its region, narrowed to a region below by the picker. */
  region?: boolean
}) {
  const { t } = useT()
  const s = t.staffCompliancePage
  // An industry authority's list: its industry in its region (the API scopes it), no departments, no registering.
  const a = t.authorityCompliancePage
  const g = t.regionCompliancePage
  // Neither the authority nor the HR department has departments or registers staff.
  const scoped = authority || region
  const heading = authority ? a : region ? g : { crumb: s.crumb, title: s.title, intro: undefined }
  const { message } = App.useApp()
  const [params, setParams] = useSearchParams()
  const [form] = Form.useForm()
  const [idNumber, setIdNumber] = useState<string | undefined>()
  const [exporting, setExporting] = useState(false)
  const thisYear = new Date().getFullYear()
  const year = numberOf(params.get('year'), FIRST_YEAR, thisYear + 1, thisYear)
  const page = numberOf(params.get('page'), 1, 1_000_000, 1)
  const pageSize = numberOf(params.get('pageSize'), 1, 200, 20)
  const sort = SORTABLE.find((x) => x === params.get('sort'))
  const order = params.get('order') === 'desc' ? 'desc' : sort ? 'asc' : undefined
  const department = params.get('department') || undefined
  const series = (params.get('series') || undefined) as Series | undefined
  const compliant = (['true', 'false'] as const).find((x) => x === params.get('compliant'))
  const name = params.get('name') || undefined
  // A region's list pages from a cursor the server gave (after: the next page, before: the previous one).
  const after = params.get('after') || undefined
  const before = params.get('before') || undefined

  const regionCode = region ? params.get('regionCode') || undefined : undefined
  const filters = { year: String(year), department, series, name, regionCode }
  const header = idNumber ? { 'x-id-number': idNumber } : undefined
  const listQuery: ListQuery = {
    ...filters,
    compliant,
    sort,
    order,
    page: String(page),
    pageSize: String(pageSize),
    ...(after ? { after } : before ? { before } : {}),
  }

  const list = useQuery({
    queryKey: ['compliance', listQuery, idNumber],
    placeholderData: keepPreviousData,
    queryFn: async () => dataOf(await api.GET('/api/compliance', { params: { query: listQuery, header } })),
  })
  const summary = useQuery({
    queryKey: ['compliance-summary', filters, idNumber],
    queryFn: async () =>
      dataOf(await api.GET('/api/compliance/summary', { params: { query: filters, header } })),
  })
  const scope = useQuery({ ...regionScopeQuery, enabled: region })
  const departments = useQuery({
    queryKey: ['staff-departments'],
    enabled: !scoped,
    queryFn: async () =>
      dataOf(await api.GET('/api/staff/departments', { params: { query: { pageSize: '200' } } })),
  })

  /** Changes some of the URL's filters; any change but the page goes back to page 1. */
  function update(changes: Record<string, string | undefined>) {
    const next = new URLSearchParams(params)
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === '') next.delete(k)
      else next.set(k, v)
    }
    if (!('page' in changes)) next.delete('page')
    for (const k of ['after', 'before'] as const) if (!(k in changes)) next.delete(k)
    setParams(next)
  }

  function search(values: {
    regionCode?: string
    department?: string
    series?: string
    compliant?: string
    name?: string
    idNumber?: string
  }) {
    const id = values.idNumber?.trim()
    setIdNumber(id ? id.toUpperCase() : undefined)
    update({
      regionCode: values.regionCode,
      department: values.department,
      series: values.series,
      compliant: values.compliant,
      name: values.name?.trim(),
    })
  }

  function reset() {
    form.resetFields()
    setIdNumber(undefined)
    setParams({ year: String(year) })
  }

  async function exportAll() {
    setExporting(true)
    try {
      const r = await api.GET('/api/compliance/export', {
        params: { query: { ...filters, compliant, sort, order }, header },
        parseAs: 'blob',
      })
      save(dataOf(r) as unknown as Blob, `达标情况-${year}年度.xlsx`)
      message.success(s.exported(list.data?.total ?? 0))
    } catch (e) {
      message.error(showApiError(form, e) ?? s.exportFailed)
    } finally {
      setExporting(false)
    }
  }

  // The server walks this list from cursors (a region's or an industry's, by total hours): a pager of
  // back and forward replaces the numbered one.
  const walked = list.data?.next !== undefined
  const failed = list.error ?? summary.error
  // A search the API refuses (400: an ID number that is not one) is said above the table; anything else here.
  const refused = failed instanceof ApiFailure && failed.status === 400
  if (failed && !refused)
    return (
      <Result
        status="error"
        title={t.common.failed}
        subTitle={failed.message}
        extra={<Button onClick={() => list.refetch()}>{t.common.retry}</Button>}
      />
    )

  const years = Array.from({ length: thisYear - FIRST_YEAR + 2 }, (_, i) => thisYear + 1 - i)
  const seriesLabel = (x: string) => t.series[x] ?? x
  const sortOrderOf = (key: Sort) =>
    sort === key ? (order === 'desc' ? ('descend' as const) : ('ascend' as const)) : null
  const numberColumn = (key: 'total' | 'public' | 'professional', title: string) => ({
    key,
    title,
    dataIndex: key,
    width: 80,
    align: 'right' as const,
    sorter: true,
    sortOrder: sortOrderOf(key),
    render: (v: number) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{v}</span>,
  })

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Breadcrumb items={[{ title: heading.crumb }, { title: heading.title }]} />
        <div
          style={{
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            gap: 12,
            flexWrap: 'wrap',
            marginTop: 8,
          }}
        >
          <div>
            <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
              {heading.title}
            </Typography.Title>
            {heading.intro && <Typography.Text type="secondary">{heading.intro}</Typography.Text>}
          </div>
          <Space>
            <label htmlFor="compliance-year">{s.year}</label>
            <Select
              id="compliance-year"
              value={year}
              style={{ width: 130 }}
              options={years.map((y) => ({ value: y, label: s.yearOption(y) }))}
              onChange={(y) => update({ year: String(y) })}
            />
          </Space>
        </div>
      </div>

      <Card size="small">
        <Form
          form={form}
          layout="inline"
          initialValues={{
            regionCode,
            department: department ?? '',
            series: series ?? '',
            compliant: compliant ?? '',
            name,
          }}
          onFinish={search}
          style={{ rowGap: 12 }}
        >
          {region && (
            <Form.Item name="regionCode" label={g.region}>
              {scope.isPending ? (
                <Input disabled style={{ width: 260 }} />
              ) : (
                <RegionPicker
                  within={scope.data?.code ?? null}
                  style={{ width: 260 }}
                  aria-label={g.region}
                />
              )}
            </Form.Item>
          )}
          <Form.Item name="department" label={s.department} hidden={scoped}>
            <Select
              style={{ width: 150 }}
              options={[
                { value: '', label: s.allDepartments },
                ...(departments.data?.items ?? []).map((d) => ({
                  value: d.department,
                  label: `${d.department}（${d.staff}）`,
                })),
              ]}
            />
          </Form.Item>
          <Form.Item name="series" label={s.series}>
            <Select
              style={{ width: 140 }}
              options={[
                { value: '', label: s.allSeries },
                ...Object.keys(t.series).map((k) => ({ value: k, label: seriesLabel(k) })),
              ]}
            />
          </Form.Item>
          <Form.Item name="compliant" label={s.compliant}>
            <Select
              style={{ width: 110 }}
              options={[
                { value: '', label: s.all },
                { value: 'true', label: s.yes },
                { value: 'false', label: s.no },
              ]}
            />
          </Form.Item>
          <Form.Item name="name" label={s.name}>
            <Input allowClear placeholder={s.namePlaceholder} style={{ width: 140 }} maxLength={30} />
          </Form.Item>
          <Form.Item
            name="idNumber"
            label={s.idNumber}
            rules={[{ pattern: ID_NUMBER, message: s.idInvalid }]}
            validateTrigger="onSubmit"
          >
            <Input
              allowClear
              placeholder={s.idPlaceholder}
              style={{ width: 200 }}
              maxLength={18}
              autoComplete="off"
            />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                {s.search}
              </Button>
              <Button onClick={reset}>{s.reset}</Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>

      {refused && <Alert type="error" showIcon title={failed.message} />}

      <Card
        size="small"
        title={
          <span data-testid="compliance-summary">
            {summary.data
              ? s.summary(summary.data.total, summary.data.compliant, summary.data.notCompliant)
              : t.common.loading}
          </span>
        }
        extra={
          <Button
            icon={<DownloadOutlined />}
            loading={exporting}
            disabled={!list.data || list.data.total === 0}
            onClick={exportAll}
          >
            {s.export}
          </Button>
        }
      >
        {idNumber && (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {s.idSearchNote}
          </Typography.Paragraph>
        )}
        <Table<Row>
          rowKey="personKey"
          size="small"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          locale={{
            emptyText: list.isPending ? (
              t.common.loading
            ) : (
              <Empty description={idNumber ? s.emptyId : s.empty} />
            ),
          }}
          scroll={{ x: 960 }}
          pagination={
            walked
              ? false
              : {
                  current: page,
                  pageSize,
                  total: list.data?.total ?? 0,
                  showSizeChanger: true,
                  pageSizeOptions: [10, 20, 50, 100],
                  showTotal: (n) => s.totalOf(n),
                }
          }
          onChange={(pagination, _filters, sorter) => {
            const one = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<Row> | undefined
            const key = one?.order ? (one.columnKey as Sort) : undefined
            update({
              page: String(pagination.current ?? 1),
              pageSize: String(pagination.pageSize ?? 20),
              sort: key,
              order: key ? (one?.order === 'descend' ? 'desc' : 'asc') : undefined,
            })
          }}
          columns={[
            {
              key: 'name',
              title: s.name,
              dataIndex: 'name',
              width: 110,
              fixed: 'left',
              sorter: true,
              sortOrder: sortOrderOf('name'),
              render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
            },
            {
              key: 'idMasked',
              title: s.idNumber,
              dataIndex: 'idMasked',
              width: 150,
              render: (v: string) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{v}</span>,
            },
            {
              key: 'department',
              hidden: scoped,
              title: s.department,
              dataIndex: 'department',
              width: 110,
              sorter: true,
              sortOrder: sortOrderOf('department'),
              render: (v: string | null) =>
                v ?? <Typography.Text type="secondary">{s.unplaced}</Typography.Text>,
            },
            {
              key: 'series',
              title: s.series,
              dataIndex: 'series',
              width: 90,
              render: (v: string) => seriesLabel(v),
            },
            numberColumn('total', s.total),
            numberColumn('public', s.public),
            numberColumn('professional', s.professional),
            {
              key: 'compliant',
              title: s.status,
              width: 76,
              render: (_, r) =>
                r.compliant ? <Tag color="#237804">{s.yes}</Tag> : <Tag color="#ad4e00">{s.no}</Tag>,
            },
            {
              key: 'shortfall',
              title: s.shortfall,
              width: 124,
              render: (_, r) => {
                if (r.shortfall === null)
                  return <Typography.Text type="secondary">{s.noPolicy}</Typography.Text>
                if (r.yearComplete)
                  return <Typography.Text type="secondary">{s.yearComplete}</Typography.Text>
                if (r.compliant) return '—'
                return (
                  <>
                    <Typography.Text type="danger" strong style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {r.shortfall.total}
                    </Typography.Text>
                    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                      {s.shortfallDetail(r.shortfall.public, r.shortfall.professional)}
                    </Typography.Text>
                  </>
                )
              },
            },
            {
              key: 'actions',
              hidden: scoped,
              title: s.actions,
              width: 84,
              render: (_, r) => (
                <Link to={`/staff/register?person=${r.personKey}`} aria-label={`${s.register}：${r.name}`}>
                  {s.register}
                </Link>
              ),
            },
          ]}
        />
        {walked && list.data && (
          <CursorPager
            page={page}
            pageSize={pageSize}
            total={list.data.total}
            totalText={s.totalOf(list.data.total)}
            hasPrevious={Boolean(list.data.previous)}
            hasNext={Boolean(list.data.next)}
            busy={list.isFetching}
            labels={s.pager}
            onFirst={() => update({})}
            onPrevious={() =>
              page <= 2
                ? update({})
                : update({ page: String(page - 1), before: list.data.previous ?? undefined })
            }
            onNext={() => update({ page: String(page + 1), after: list.data.next ?? undefined })}
            onPageSize={(n: number) => update({ pageSize: String(n) })}
          />
        )}
      </Card>
    </Space>
  )
}
