import { CloseOutlined, SearchOutlined } from '@ant-design/icons'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd'
import { useEffect, useState } from 'react'
import { useSearchParams } from 'react-router'
import { api, dataOf } from '../../api/client.js'
import { showApiError } from '../../api/form-errors.js'
import type { paths } from '../../api/schema.js'
import { RegionPicker } from '../../components/RegionPicker.js'
import { useT } from '../../i18n/i18n.js'
import { day } from '../hr/day.js'
import { PublicFrame } from './PublicFrame.js'
import { numberOf, searchWith } from './search-params.js'

type Query = NonNullable<paths['/api/public/projects']['get']['parameters']['query']>
type Project =
  paths['/api/public/projects']['get']['responses'][200]['content']['application/json']['items'][number]
type Way = NonNullable<Query['way']>
const WAYS: Way[] = ['face_to_face', 'online', 'public_course_exam']

interface Filters {
  region?: string
  way?: Way
  q?: string
  from?: string
  to?: string
}

/**
 * 培训项目公示: the published training projects, for anyone without signing in (江西 第十六条), searched
 * by city, way, subject words and dates. The search lives in the URL, so a result can be shared.
 */
export default function PublicProjects() {
  const { t } = useT()
  const x = t.publicProjectsPage
  const [params, setParams] = useSearchParams()
  const [form] = Form.useForm<Filters>()
  const page = numberOf(params.get('page'), 1, 1_000_000, 1)
  const pageSize = numberOf(params.get('pageSize'), 1, 50, 10)
  const filters: Filters = {
    region: params.get('region') || undefined,
    way: WAYS.find((w) => w === params.get('way')),
    q: params.get('q') || undefined,
    from: params.get('from') || undefined,
    to: params.get('to') || undefined,
  }
  const institution = params.get('institution') || undefined
  const query: Query = { ...filters, institution, page: String(page), pageSize: String(pageSize) }

  const list = useQuery({
    queryKey: ['public-projects', query],
    placeholderData: keepPreviousData,
    retry: false,
    queryFn: async () => dataOf(await api.GET('/api/public/projects', { params: { query } })),
  })
  // A search the API refuses names its field: shown next to it; anything else above the list.
  const [refused, setRefused] = useState<string>()
  useEffect(() => setRefused(list.error ? showApiError(form, list.error) : undefined), [list.error, form])

  const search = (v: Filters) => searchWith(setParams, { ...v, institution })
  const goTo = (next: number, size: number) => {
    const p = new URLSearchParams(params)
    p.set('page', String(next))
    p.set('pageSize', String(size))
    setParams(p)
  }
  const dropInstitution = () => searchWith(setParams, { ...filters })
  const publisher = list.data?.items[0]?.institutionName

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
        <Card>
          {/* Keyed by the URL: the form shows the search the list answers (back and forward too). */}
          <Form
            key={params.toString()}
            form={form}
            layout="vertical"
            onFinish={search}
            initialValues={filters}
          >
            <Row gutter={16}>
              <Col xs={24} md={12} lg={8}>
                <Form.Item name="region" label={x.region}>
                  <RegionPicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12} lg={6}>
                <Form.Item name="way" label={x.way}>
                  <Select
                    allowClear
                    placeholder={x.anyWay}
                    options={WAYS.map((w) => ({ value: w, label: x.ways[w] }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={12} lg={10}>
                <Form.Item name="q" label={x.words}>
                  <Input allowClear maxLength={50} placeholder={x.wordsPlaceholder} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12} lg={14}>
                <Form.Item label={x.dates} style={{ marginBottom: 0 }}>
                  <Space.Compact style={{ width: '100%' }}>
                    <Form.Item name="from" noStyle>
                      <Input type="date" aria-label={`${x.dates} ①`} />
                    </Form.Item>
                    <Form.Item name="to" noStyle>
                      <Input type="date" aria-label={`${x.dates} ②`} />
                    </Form.Item>
                  </Space.Compact>
                </Form.Item>
              </Col>
              <Col
                xs={24}
                lg={10}
                style={{ display: 'flex', alignItems: 'flex-end', gap: 8, paddingTop: 16 }}
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
        {institution && publisher && (
          <Tag closable closeIcon={<CloseOutlined aria-label={x.reset} />} onClose={dropInstitution}>
            {x.onlyInstitution(publisher)}
          </Tag>
        )}
        <List<Project>
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <Empty description={x.empty} /> }}
          header={list.data && <Typography.Text>{x.total(list.data.total)}</Typography.Text>}
          pagination={
            list.data && list.data.total > 0
              ? {
                  current: page,
                  pageSize,
                  total: list.data.total,
                  showSizeChanger: false,
                  onChange: goTo,
                  align: 'center',
                }
              : false
          }
          renderItem={(p) => <ProjectCard key={p.id} project={p} />}
        />
      </Space>
    </PublicFrame>
  )
}

/** One project with everything 第十六条 has published of it. */
function ProjectCard({ project: p }: { project: Project }) {
  const { t } = useT()
  const x = t.publicProjectsPage
  return (
    <List.Item style={{ display: 'block', padding: '8px 0', border: 'none' }}>
      <Card
        title={
          <Typography.Title level={2} style={{ fontSize: 16, margin: 0, whiteSpace: 'normal' }}>
            {p.title}
          </Typography.Title>
        }
        extra={<Tag color="blue">{x.hoursValue(p.hours)}</Tag>}
        styles={{ header: { paddingBlock: 12 } }}
      >
        <Space size={[4, 4]} wrap style={{ marginBottom: 12 }}>
          <Tag>{x.kinds[p.subject]}</Tag>
          <Tag>{x.ways[p.way]}</Tag>
        </Space>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 1, md: 2 }}
          items={[
            {
              key: 'institution',
              label: x.institution,
              children: `${p.institutionName}（${p.regionName}）`,
            },
            { key: 'period', label: x.period, children: `${p.startDate} ~ ${p.endDate}` },
            { key: 'fees', label: x.fees, children: p.fees ?? x.feesNone },
            { key: 'venue', label: x.venue, children: p.venue },
            { key: 'schedule', label: x.schedule, children: p.schedule, span: 'filled' as const },
            { key: 'faculty', label: x.faculty, children: p.faculty, span: 'filled' as const },
            { key: 'rules', label: x.rules, children: p.rules, span: 'filled' as const },
            {
              key: 'published',
              label: x.publishedAt,
              children: day(p.publishedAt),
            },
            ...(p.publicationRule
              ? [
                  {
                    key: 'rule',
                    label: x.rule,
                    children: `${p.publicationRule.rule}（${p.publicationRule.basis}）`,
                  },
                ]
              : []),
          ]}
        />
      </Card>
    </List.Item>
  )
}
