import { SearchOutlined } from '@ant-design/icons'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  Row,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd'
import { useEffect, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { api, dataOf } from '../../api/client.js'
import { showApiError } from '../../api/form-errors.js'
import type { paths } from '../../api/schema.js'
import { RegionPicker } from '../../components/RegionPicker.js'
import { useT } from '../../i18n/i18n.js'
import DirectoryAdvisers from './DirectoryAdvisers.js'
import { PublicFrame } from './PublicFrame.js'
import { numberOf, searchWith } from './search-params.js'

type Query = NonNullable<paths['/api/public/institutions']['get']['parameters']['query']>
type Institution =
  paths['/api/public/institutions']['get']['responses'][200]['content']['application/json']['items'][number]

interface Filters {
  q?: string
  region?: string
  listing?: 'recommended' | 'base'
  category?: string
}

const LISTINGS = ['recommended', 'base'] as const

/**
 * 继续教育机构名录, for anyone without signing in: the institutions registered here, narrowed to the
 * recommended directory by occupation category (江西 第十四条) or the bases (第十九条), each with its latest
 * published evaluation (第十八条) and its trainees' ratings in aggregate; the credit records (第二十三条、第二十五条)
 * the published evaluations and the serving experts and supervisors (青人社字〔2023〕14号 六（一）) on tabs of
 * their own. A removed institution is no longer listed.
 */
export default function Directory() {
  const { t } = useT()
  const x = t.directoryPage
  const [params, setParams] = useSearchParams()
  const tab = params.get('tab') ?? 'institutions'
  const setTab = (next: string) => setParams(next === 'institutions' ? new URLSearchParams() : { tab: next })
  return (
    <PublicFrame width={1100}>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <div>
          <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
            {x.title}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {x.intro}
          </Typography.Paragraph>
        </div>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'institutions', label: x.tabs.institutions, children: <Institutions /> },
            { key: 'records', label: x.tabs.records, children: <CreditRecords /> },
            { key: 'evaluations', label: x.tabs.evaluations, children: <Evaluations /> },
            { key: 'advisers', label: x.tabs.advisers, children: <DirectoryAdvisers /> },
          ]}
        />
      </Space>
    </PublicFrame>
  )
}

function Institutions() {
  const { t } = useT()
  const x = t.directoryPage
  const [params, setParams] = useSearchParams()
  const [form] = Form.useForm<Filters>()
  const page = numberOf(params.get('page'), 1, 1_000_000, 1)
  const pageSize = numberOf(params.get('pageSize'), 1, 100, 20)
  const listing = LISTINGS.find((l) => l === params.get('listing'))
  const filters: Filters = {
    q: params.get('q') || undefined,
    region: params.get('region') || undefined,
    listing,
    category: params.get('category') || undefined,
  }
  const query: Query = { ...filters, page: String(page), pageSize: String(pageSize) }
  const list = useQuery({
    queryKey: ['public-institutions', query],
    placeholderData: keepPreviousData,
    retry: false,
    queryFn: async () => dataOf(await api.GET('/api/public/institutions', { params: { query } })),
  })
  const [refused, setRefused] = useState<string>()
  useEffect(() => setRefused(list.error ? showApiError(form, list.error) : undefined), [list.error, form])

  const goTo = (next: number, size: number) => {
    const p = new URLSearchParams(params)
    p.set('page', String(next))
    p.set('pageSize', String(size))
    setParams(p)
  }

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Alert type="info" showIcon title={x.oversightNote} />
      <Card>
        <Form
          key={params.toString()}
          form={form}
          layout="vertical"
          initialValues={filters}
          onFinish={(v: Filters) => searchWith(setParams, { ...v })}
        >
          <Row gutter={16}>
            <Col xs={24} md={6}>
              <Form.Item name="q" label={x.name}>
                <Input allowClear maxLength={50} placeholder={x.namePlaceholder} />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="region" label={x.region}>
                <RegionPicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="listing" label={x.listing}>
                <Select
                  allowClear
                  placeholder={x.listings.all}
                  options={LISTINGS.map((l) => ({ value: l, label: x.listings[l] }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="category" label={x.category}>
                <Input allowClear maxLength={50} placeholder={x.categoryPlaceholder} />
              </Form.Item>
            </Col>
            <Col
              xs={24}
              md={4}
              style={{ display: 'flex', alignItems: 'flex-end', gap: 8, paddingBottom: 24 }}
            >
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                {x.search}
              </Button>
              <Button onClick={() => searchWith(setParams, {})}>{x.reset}</Button>
            </Col>
          </Row>
        </Form>
      </Card>
      {refused && <Alert type="error" showIcon role="alert" title={refused} />}
      <Table<Institution>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1200 }}
        locale={{ emptyText: <Empty description={x.empty} /> }}
        title={() => list.data && x.total(list.data.total)}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: goTo,
          hideOnSinglePage: true,
        }}
        columns={[
          { key: 'name', title: x.name, dataIndex: 'name', width: 260 },
          { key: 'region', title: x.region, dataIndex: 'regionName', width: 200 },
          {
            key: 'base',
            title: x.base,
            width: 160,
            render: (_, r) =>
              r.isBase || r.level ? <Tag color="blue">{x.bases[r.level ?? ''] ?? x.base}</Tag> : x.notBase,
          },
          {
            key: 'designations',
            title: x.designations,
            width: 200,
            render: (_, r) =>
              r.designations.length === 0 ? (
                x.notBase
              ) : (
                <Space size={[4, 4]} wrap>
                  {r.designations.map((d) => (
                    <Tag
                      key={`${d.kind}-${d.occupationCategory ?? d.baseLevel}`}
                      color={d.kind === 'base' ? 'blue' : 'geekblue'}
                      title={`${d.basis}（${d.citation}）`}
                    >
                      {d.kind === 'base'
                        ? x.bases[d.baseLevel ?? '']
                        : x.recommendedIn(d.occupationCategory ?? '')}
                    </Tag>
                  ))}
                </Space>
              ),
          },
          {
            key: 'evaluation',
            title: x.evaluation,
            width: 150,
            render: (_, r) =>
              r.evaluation ? (
                <span title={r.evaluation.roundTitle}>
                  {r.evaluation.year}年 {x.grades[r.evaluation.grade]}
                  {r.evaluation.score !== null && `（${r.evaluation.score}）`}
                </span>
              ) : (
                x.notBase
              ),
          },
          {
            key: 'ratings',
            title: x.ratings,
            width: 120,
            render: (_, r) =>
              r.ratings.mean === null ? x.noRatings : x.ratingText(r.ratings.mean, r.ratings.count),
          },
          {
            key: 'categories',
            title: x.categories,
            width: 160,
            render: (_, r) => (
              <Space size={[4, 4]} wrap>
                {r.occupationCategories.map((c) => (
                  <Tag key={c}>{c}</Tag>
                ))}
              </Space>
            ),
          },
          {
            key: 'projects',
            title: x.projects,
            width: 130,
            render: (_, r) =>
              r.publishedProjects > 0 ? (
                <Link to={`/public/projects?institution=${r.id}`}>{x.viewProjects(r.publishedProjects)}</Link>
              ) : (
                0
              ),
          },
        ]}
      />
    </Space>
  )
}

type CreditRecord =
  paths['/api/public/credit-records']['get']['responses'][200]['content']['application/json']['items'][number]
type Round =
  paths['/api/public/evaluations']['get']['responses'][200]['content']['application/json']['items'][number]
type Result =
  paths['/api/public/evaluations/{id}']['get']['responses'][200]['content']['application/json']['items'][number]

const dateOf = (iso: string) => iso.slice(0, 10)

/** 信用记录: every warning, 通报批评 and removal with its reason, newest first. */
function CreditRecords() {
  const { t } = useT()
  const x = t.directoryPage
  const [page, setPage] = useState(1)
  const list = useQuery({
    queryKey: ['public-credit-records', page],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/public/credit-records', {
          params: { query: { page: String(page), pageSize: '20' } },
        }),
      ),
  })
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {x.recordsIntro}
      </Typography.Paragraph>
      <Table<CreditRecord>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description={x.emptyRecords} /> }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          hideOnSinglePage: true,
        }}
        columns={[
          { key: 'date', title: x.decidedAt, width: 110, render: (_, r) => dateOf(r.decidedAt) },
          { key: 'institution', title: x.institution, dataIndex: 'institutionName', width: 240 },
          {
            key: 'kind',
            title: x.kind,
            width: 130,
            render: (_, r) => <Tag color={r.kind === 'removal' ? 'red' : 'default'}>{x.kinds[r.kind]}</Tag>,
          },
          {
            key: 'reason',
            title: x.reason,
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                {r.reason}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.groundLabel}（{r.groundBasis}）
                </Typography.Text>
                {r.liftedAt && (
                  <Typography.Text strong style={{ fontSize: 12 }}>
                    {x.lifted(dateOf(r.liftedAt), r.liftReason ?? '')}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          { key: 'by', title: x.decidedBy, dataIndex: 'decidedBy', width: 200 },
        ]}
      />
    </Space>
  )
}

/** 考核评估结果: the published rounds; one opened shows each institution's grade, score and remarks. */
function Evaluations() {
  const { t } = useT()
  const x = t.directoryPage
  const [page, setPage] = useState(1)
  const [chosen, setChosen] = useState<Round>()
  const list = useQuery({
    queryKey: ['public-evaluations', page],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/public/evaluations', {
          params: { query: { page: String(page), pageSize: '20' } },
        }),
      ),
  })
  const results = useQuery({
    queryKey: ['public-evaluation', chosen?.id],
    enabled: chosen !== undefined,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/public/evaluations/{id}', {
          params: { path: { id: chosen?.id as string }, query: { page: '1', pageSize: '200' } },
        }),
      ),
  })
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {x.evaluationsIntro}
      </Typography.Paragraph>
      <Table<Round>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description={x.emptyEvaluations} /> }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          hideOnSinglePage: true,
        }}
        columns={[
          { key: 'title', title: x.round, dataIndex: 'title' },
          { key: 'year', title: x.year, dataIndex: 'year', width: 90 },
          { key: 'region', title: x.region, dataIndex: 'regionName', width: 200 },
          { key: 'published', title: x.publishedAt, width: 120, render: (_, r) => dateOf(r.publishedAt) },
          {
            key: 'view',
            title: '',
            width: 110,
            render: (_, r) => (
              <Button type="link" onClick={() => setChosen(r)}>
                {x.viewResults}
              </Button>
            ),
          },
        ]}
      />
      {chosen && (
        <Card title={x.results(chosen.title)}>
          <Table<Result>
            rowKey={(r) => r.institutionName}
            loading={results.isFetching}
            dataSource={results.data?.items ?? []}
            pagination={false}
            columns={[
              { key: 'name', title: x.institution, dataIndex: 'institutionName' },
              { key: 'region', title: x.region, dataIndex: 'regionName', width: 200 },
              {
                key: 'grade',
                title: x.evaluation,
                width: 110,
                render: (_, r) => (r.grade ? x.grades[r.grade] : '—'),
              },
              { key: 'score', title: x.score, dataIndex: 'score', width: 80 },
              { key: 'remarks', title: x.remarks, dataIndex: 'remarks' },
            ]}
          />
        </Card>
      )}
    </Space>
  )
}
