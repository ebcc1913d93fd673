import { LockOutlined } from '@ant-design/icons'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Modal,
  Result,
  Row,
  Select,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { useSearchParams } from 'react-router'
import { chinaToday } from '../../../../src/domain/china-date.js'
import { findPolicy } from '../../../../src/policy/registry.js'
import { ApiFailure, api, dataOf } from '../../api/client.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'

type ComplianceRow =
  paths['/api/compliance']['get']['responses'][200]['content']['application/json']['items'][number]
type Reviewed = paths['/api/reviews/year-end']['post']['responses'][200]['content']['application/json']

const FIRST_YEAR = 2020
const PAGE_SIZE = 10

/** The year in the URL (?year=), else last year: the one a year-end review is usually about. */
function yearOf(raw: string | null, thisYear: number): number {
  const year = Number(raw)
  return Number.isInteger(year) && year >= FIRST_YEAR && year <= thisYear ? year : thisYear - 1
}

/** What a not-compliant person still lacks, subject by subject, by their year's policy (as the engine says). */
function shortfallOf(
  row: ComplianceRow,
): { public: number; professional: number; total: number } | undefined {
  const policy = row.policyId ? findPolicy(row.policyId) : undefined
  if (!policy) return undefined
  const gap = (need: number, have: number) => Math.max(0, Math.round((need - have) * 100) / 100)
  return {
    public: gap(policy.required.public, row.public),
    professional: gap(policy.required.professional, row.professional),
    total: gap(policy.required.total, row.total),
  }
}

/** The employer's (or agency's) year-end review: who is not compliant, then the year locked, once confirmed. */
export default function YearEnd() {
  const { t } = useT()
  const y = t.yearEndPage
  const client = useQueryClient()
  const [modal, modalHolder] = Modal.useModal()
  const [params, setParams] = useSearchParams()
  const thisYear = new Date().getFullYear()
  const year = yearOf(params.get('year'), thisYear)
  const [page, setPage] = useState(1)
  const [result, setResult] = useState<Reviewed>()
  const [error, setError] = useState<string>()

  const status = useQuery({
    queryKey: ['year-end', year],
    queryFn: async () =>
      dataOf(await api.GET('/api/reviews/year-end/{year}', { params: { path: { year: String(year) } } })),
  })
  const notCompliant = useQuery({
    queryKey: ['compliance', year, 'not-compliant', page],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/compliance', {
          params: {
            query: {
              year: String(year),
              compliant: 'false',
              page: String(page),
              pageSize: String(PAGE_SIZE),
            },
          },
        }),
      ),
  })
  const finish = useMutation({
    mutationFn: async () => dataOf(await api.POST('/api/reviews/year-end', { body: { year } })),
    onSuccess: (r) => {
      setResult(r)
      setError(undefined)
      void client.invalidateQueries({ queryKey: ['year-end', year] })
      void client.invalidateQueries({ queryKey: ['compliance', year] })
    },
    onError: (e) => setError(e instanceof ApiFailure ? e.message : String(e)),
  })

  const chooseYear = (next: number) => {
    setParams({ year: String(next) })
    setPage(1)
    setResult(undefined)
    setError(undefined)
  }
  const years = Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => thisYear - i)
  const failed = status.error ?? notCompliant.error
  const s = status.data
  const missing = notCompliant.data?.total
  const ready = s !== undefined && missing !== undefined
  const allLocked = s !== undefined && s.review !== null && s.locked >= s.staff
  const subject = { public: y.public, professional: y.professional, total: y.total }

  const confirm = () => {
    if (!s || missing === undefined) return
    modal.confirm({
      title: y.confirmTitle(year),
      icon: <LockOutlined />,
      width: 560,
      okText: y.confirmOk,
      cancelText: y.cancel,
      okButtonProps: { danger: true },
      content: (
        <ul style={{ paddingInlineStart: 20, margin: '8px 0 0' }}>
          <li>{y.confirmStaff(year, s.staff)}</li>
          <li>
            <Typography.Text strong>{y.confirmNotCompliant(missing)}</Typography.Text>
          </li>
          <li>{y.confirmLock(year)}</li>
          {s.review && <li>{y.confirmKept}</li>}
          <li>{y.confirmFinal}</li>
        </ul>
      ),
      onOk: () => finish.mutateAsync().catch(() => undefined),
    })
  }

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {modalHolder}
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
          {y.title}
        </Typography.Title>
        <Space>
          <label htmlFor="year-picker">{y.year}</label>
          <Select
            id="year-picker"
            value={year}
            style={{ width: 130 }}
            options={years.map((v) => ({ value: v, label: y.yearOption(v) }))}
            onChange={chooseYear}
          />
        </Space>
      </div>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {y.intro}
      </Typography.Paragraph>

      {failed ? (
        <Result
          status="error"
          title={t.common.failed}
          subTitle={failed.message}
          extra={
            <Button onClick={() => (status.error ? status.refetch() : notCompliant.refetch())}>
              {t.common.retry}
            </Button>
          }
        />
      ) : !ready ? (
        <Card>
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      ) : (
        <>
          {year >= thisYear && !allLocked && <Alert type="info" showIcon title={y.notOver(year)} />}
          {result && (
            <Alert
              type="success"
              showIcon
              role="status"
              title={y.result(result.year, result.reviewed, result.compliant)}
            />
          )}
          {error && <Alert type="error" showIcon role="alert" title={y.failed} description={error} />}
          {s.review && s.locked < s.staff && !result && (
            <Alert type="warning" showIcon title={y.newcomers(s.staff - s.locked)} />
          )}

          <Card size="small">
            <Row gutter={[16, 16]} align="middle">
              <Col xs={12} md={5}>
                <Statistic title={y.staff} value={s.staff} />
              </Col>
              <Col xs={12} md={5}>
                <Statistic
                  title={y.compliant}
                  value={s.staff - missing}
                  styles={{ content: { color: '#237804' } }}
                />
              </Col>
              <Col xs={12} md={5}>
                <Statistic
                  title={y.notCompliant}
                  value={missing}
                  styles={{ content: { color: missing > 0 ? '#ad4e00' : undefined } }}
                />
              </Col>
              <Col xs={12} md={9}>
                <Statistic
                  title={y.state}
                  value={s.review ? 1 : 0}
                  valueRender={() =>
                    s.review ? (
                      <Space wrap size={4}>
                        <Tag color="#237804" icon={<LockOutlined />}>
                          {y.done(chinaToday(new Date(s.review.reviewedAt)), s.review.persons)}
                        </Tag>
                        {s.locked < s.staff && <Tag>{y.partly(s.locked, s.staff)}</Tag>}
                      </Space>
                    ) : (
                      <Space wrap size={4}>
                        <Tag color="#ad4e00">{y.notDone}</Tag>
                        {s.locked > 0 && <Tag>{y.partly(s.locked, s.staff)}</Tag>}
                      </Space>
                    )
                  }
                />
              </Col>
            </Row>
          </Card>

          <Card
            size="small"
            title={`${y.listTitle}（${y.persons(missing)}）`}
            extra={
              <Button
                type="primary"
                icon={<LockOutlined />}
                disabled={allLocked || s.staff === 0}
                loading={finish.isPending}
                onClick={confirm}
              >
                {allLocked ? y.allLocked : y.finish}
              </Button>
            }
          >
            {missing === 0 ? (
              <Empty description={y.listEmpty(year)} />
            ) : (
              <Table<ComplianceRow>
                rowKey="personKey"
                size="small"
                loading={notCompliant.isFetching}
                dataSource={notCompliant.data?.items}
                pagination={{
                  current: page,
                  pageSize: PAGE_SIZE,
                  total: missing,
                  showSizeChanger: false,
                  onChange: setPage,
                }}
                columns={[
                  { key: 'name', title: y.name, dataIndex: 'name', width: 110 },
                  { key: 'id', title: y.idNumber, dataIndex: 'idMasked', width: 190 },
                  { key: 'public', title: y.public, dataIndex: 'public', align: 'right', width: 90 },
                  {
                    key: 'professional',
                    title: y.professional,
                    dataIndex: 'professional',
                    align: 'right',
                    width: 90,
                  },
                  { key: 'total', title: y.total, dataIndex: 'total', align: 'right', width: 80 },
                  {
                    key: 'shortfall',
                    title: y.shortfall,
                    render: (_, row) => {
                      const gap = shortfallOf(row)
                      if (!gap) return <Typography.Text type="secondary">{y.noRecords}</Typography.Text>
                      return (
                        <Typography.Text type="danger">
                          {(['public', 'professional', 'total'] as const)
                            .filter((k) => gap[k] > 0)
                            .map((k) => y.short(subject[k], gap[k]))
                            .join('，')}
                        </Typography.Text>
                      )
                    },
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
