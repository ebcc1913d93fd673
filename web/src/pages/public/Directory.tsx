import { SearchOutlined } from '@ant-design/icons'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { Alert, Button, Card, Col, Empty, Form, Input, Row, Space, Table, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { api, dataOf } from '../../api/client.js'
import { showApiError } from '../../api/form-errors.js'
import type { paths } from '../../api/schema.js'
import { RegionPicker } from '../../components/RegionPicker.js'
import { useT } from '../../i18n/i18n.js'
import { PublicFrame } from './PublicFrame.js'
import { numberOf, searchWith } from './search-params.js'

type Query = NonNullable<paths['/api/public/institutions']['get']['parameters']['query']>
type Institution =
  paths['/api/public/institutions']['get']['responses'][200]['content']['application/json']['items'][number]

interface Filters {
  q?: string
  region?: string
}

/**
 * 继续教育机构名录: the institutions registered here, for anyone without signing in. A shell: the
 * recommended directory (江西 第十四条) and evaluation results (第十八条) come with the oversight work.
 */
export default function Directory() {
  const { t } = useT()
  const x = t.directoryPage
  const [params, setParams] = useSearchParams()
  const [form] = Form.useForm<Filters>()
  const page = numberOf(params.get('page'), 1, 1_000_000, 1)
  const pageSize = numberOf(params.get('pageSize'), 1, 100, 20)
  const filters: Filters = { q: params.get('q') || undefined, region: params.get('region') || undefined }
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
              <Col xs={24} md={10}>
                <Form.Item name="q" label={x.name}>
                  <Input allowClear maxLength={50} placeholder={x.namePlaceholder} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="region" label={x.region}>
                  <RegionPicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col
                xs={24}
                md={6}
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
          scroll={{ x: 930 }}
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
              key: 'categories',
              title: x.categories,
              width: 180,
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
                  <Link to={`/public/projects?institution=${r.id}`}>
                    {x.viewProjects(r.publishedProjects)}
                  </Link>
                ) : (
                  0
                ),
            },
          ]}
        />
      </Space>
    </PublicFrame>
  )
}
