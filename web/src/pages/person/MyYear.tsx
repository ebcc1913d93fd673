import { useQuery } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Grid,
  Progress,
  Result,
  Row,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import { useSearchParams } from 'react-router'
import { findPolicy } from '../../../../src/policy/registry.js'
import { api, dataOf } from '../../api/client.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'
import TitleWindow from './TitleWindow.js'

type PersonYear =
  paths['/api/persons/{personKey}/years/{year}']['get']['responses'][200]['content']['application/json']
type RecordCredit = PersonYear['evaluation']['records'][number]

const SUBJECTS = ['total', 'public', 'professional'] as const
const FIRST_YEAR = 2020

/** The year in the URL (?year=), else this year. */
function yearOf(raw: string | null, thisYear: number): number {
  const year = Number(raw)
  return Number.isInteger(year) && year >= FIRST_YEAR && year <= thisYear + 1 ? year : thisYear
}

/** The professional's home: this year's hours against the policy's requirement, and what would close it. */
export default function MyYear() {
  const { t } = useT()
  const [params, setParams] = useSearchParams()
  const narrow = !Grid.useBreakpoint().md
  const thisYear = new Date().getFullYear()
  const year = yearOf(params.get('year'), thisYear)
  const me = useQuery({
    queryKey: ['me'],
    queryFn: async () => dataOf(await api.GET('/api/me')),
  })
  const personKey = me.data?.personKey
  const view = useQuery({
    queryKey: ['person-year', personKey, year],
    enabled: personKey !== undefined,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/persons/{personKey}/years/{year}', {
          params: { path: { personKey: personKey as string, year: String(year) } },
        }),
      ),
  })
  const years = Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => thisYear - i)

  const failed = me.error ?? view.error
  if (failed)
    return (
      <Result
        status="error"
        title={t.common.failed}
        subTitle={failed.message}
        extra={<Button onClick={() => (me.error ? me.refetch() : view.refetch())}>{t.common.retry}</Button>}
      />
    )
  const e = view.data?.evaluation
  const policy = view.data ? findPolicy(view.data.policy) : undefined
  const label = { total: t.myYear.total, public: t.myYear.public, professional: t.myYear.professional }
  const dates = new Map(view.data?.entries.map((x) => [x.id, x.record?.date]) ?? [])

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <div
        style={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          gap: 12,
          flexWrap: 'wrap',
        }}
      >
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t.myYear.title}
        </Typography.Title>
        <Space>
          <label htmlFor="year-picker">{t.myYear.year}</label>
          <Select
            id="year-picker"
            value={year}
            style={{ width: 130 }}
            options={years.map((y) => ({ value: y, label: t.myYear.yearOption(y) }))}
            onChange={(y) => setParams({ year: String(y) })}
          />
        </Space>
      </div>

      {!e || !me.data ? (
        <Card>
          <Skeleton active paragraph={{ rows: 5 }} />
        </Card>
      ) : (
        <>
          <Card size="small">
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3 }}
              items={[
                { key: 'name', label: t.myYear.person, children: me.data.name },
                { key: 'id', label: t.myYear.idNumber, children: me.data.idMasked },
                {
                  key: 'state',
                  label: t.myYear.yearOption(year),
                  children: e.compliant ? (
                    <Tag color="#237804">{t.myYear.compliant}</Tag>
                  ) : (
                    <Tag color="#ad4e00">{t.myYear.notCompliant}</Tag>
                  ),
                },
                {
                  key: 'policy',
                  label: t.myYear.policy,
                  children: policy?.title ?? view.data?.policy,
                  span: 2,
                },
                { key: 'doc', label: t.myYear.documentNo, children: policy?.documentNo ?? '—' },
              ]}
            />
          </Card>

          {e.compliant ? (
            <Alert type="success" showIcon title={t.myYear.allDone(year)} />
          ) : (
            <Alert
              type="warning"
              showIcon
              title={t.myYear.toClose}
              description={(['professional', 'public'] as const)
                .filter((s) => e.shortfall[s] > 0)
                .map((s) => t.myYear.shortfall(label[s], e.shortfall[s]))
                .concat(
                  e.shortfall.public + e.shortfall.professional < e.shortfall.total
                    ? [t.myYear.shortfall(label.total, e.shortfall.total)]
                    : [],
                )
                .join('；')}
            />
          )}

          <Row gutter={[16, 16]}>
            {SUBJECTS.map((s) => {
              const earned = e.totals[s]
              const required = e.required[s]
              const percent = required > 0 ? Math.min(100, Math.round((earned / required) * 100)) : 100
              return (
                <Col xs={24} md={8} key={s}>
                  <Card size="small" title={label[s]}>
                    <Progress
                      percent={percent}
                      status={earned >= required ? 'success' : 'active'}
                      aria-label={`${label[s]} ${percent}%`}
                    />
                    <div
                      style={{ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: 8 }}
                    >
                      <Typography.Text>{t.myYear.progress(earned, required)}</Typography.Text>
                      {e.shortfall[s] > 0 && (
                        <Typography.Text type="danger">
                          {t.myYear.shortfall(label[s], e.shortfall[s])}
                        </Typography.Text>
                      )}
                    </div>
                  </Card>
                </Col>
              )
            })}
          </Row>

          {view.data?.policy === 'qingdao-2023' && personKey && (
            <TitleWindow personKey={personKey} year={year} />
          )}

          <Card size="small" title={t.myYear.records}>
            {e.records.length === 0 ? (
              <Empty description={t.myYear.empty(year)} />
            ) : (
              <Table<RecordCredit>
                rowKey="id"
                size="small"
                pagination={false}
                // By date, as a person reads their year (the ledger lists entries in the order written).
                dataSource={[...e.records].sort((a, b) =>
                  (dates.get(a.id) ?? '').localeCompare(dates.get(b.id) ?? ''),
                )}
                columns={[
                  {
                    key: 'date',
                    title: t.myYear.date,
                    width: 110,
                    responsive: ['md'],
                    render: (_, r) => dates.get(r.id) ?? '',
                  },
                  {
                    key: 'kind',
                    title: t.myYear.kind,
                    width: 120,
                    responsive: ['md'],
                    render: (_, r) => t.kinds[r.kind] ?? r.kind,
                  },
                  {
                    key: 'public',
                    // One line at 390 px: four characters and the cell's padding.
                    title: <span style={{ whiteSpace: 'nowrap' }}>{t.myYear.public}</span>,
                    width: narrow ? 80 : 90,
                    align: 'right',
                    dataIndex: 'public',
                  },
                  {
                    key: 'professional',
                    title: <span style={{ whiteSpace: 'nowrap' }}>{t.myYear.professional}</span>,
                    width: narrow ? 80 : 90,
                    align: 'right',
                    dataIndex: 'professional',
                  },
                  {
                    key: 'basis',
                    title: t.myYear.basis,
                    render: (_, r) => (
                      <>
                        {narrow && (
                          <Typography.Text strong style={{ display: 'block' }}>
                            {t.kinds[r.kind] ?? r.kind} {dates.get(r.id)}
                          </Typography.Text>
                        )}
                        {r.basis}
                        {r.notes.map((n) => (
                          <Typography.Text
                            type="secondary"
                            key={n}
                            style={{ display: 'block', fontSize: 12 }}
                          >
                            {n}
                          </Typography.Text>
                        ))}
                      </>
                    ),
                  },
                ]}
              />
            )}
          </Card>
        </>
      )}
    </Space>
  )
}
