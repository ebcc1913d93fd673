import { SearchOutlined } from '@ant-design/icons'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import {
  Button,
  Card,
  Col,
  Empty,
  Form,
  Grid,
  Input,
  List,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { api, dataOf } from '../../api/client.js'
import type { paths } from '../../api/schema.js'
import { useAdviserColumns } from '../../components/AdviserColumns.js'
import { RegionPicker } from '../../components/RegionPicker.js'
import { useT } from '../../i18n/i18n.js'

type Query = NonNullable<paths['/api/public/advisers']['get']['parameters']['query']>
type Adviser =
  paths['/api/public/advisers']['get']['responses'][200]['content']['application/json']['items'][number]
type Filters = Pick<Query, 'region' | 'kind' | 'q'>

/**
 * 专家咨询委员会和学监 (青人社字〔2023〕14号 六（一）) on the public directory page: who serves now, with the appointing
 * department and its document, by region and kind.
 */
export default function DirectoryAdvisers() {
  const { t } = useT()
  const x = t.directoryPage
  const k = t.advisers
  const shared = useAdviserColumns<Adviser>()
  const [form] = Form.useForm<Filters>()
  const [filters, setFilters] = useState<Filters>({})
  const [page, setPage] = useState(1)
  // A phone gets one card a person: a wide table would scroll sideways.
  const narrow = !Grid.useBreakpoint().md
  const list = useQuery({
    queryKey: ['public-advisers', filters, page],
    placeholderData: keepPreviousData,
    retry: false,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/public/advisers', {
          params: { query: { ...filters, page: String(page), pageSize: '20' } },
        }),
      ),
  })
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {x.advisersIntro}
      </Typography.Paragraph>
      <Card>
        <Form
          form={form}
          layout="vertical"
          onFinish={(v: Filters) => {
            setPage(1)
            setFilters({ ...v, q: v.q?.trim() || undefined })
          }}
        >
          <Row gutter={16}>
            <Col xs={24} md={7}>
              <Form.Item name="q" label={x.adviserSearch}>
                <Input allowClear maxLength={50} placeholder={k.searchPlaceholder} />
              </Form.Item>
            </Col>
            <Col xs={24} md={7}>
              <Form.Item name="region" label={x.region}>
                <RegionPicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="kind" label={k.kind}>
                <Select
                  allowClear
                  placeholder={k.allKinds}
                  options={(['supervisor', 'committee'] as const).map((kind) => ({
                    value: kind,
                    label: k.kinds[kind],
                  }))}
                />
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
              <Button
                onClick={() => {
                  form.resetFields()
                  setPage(1)
                  setFilters({})
                }}
              >
                {x.reset}
              </Button>
            </Col>
          </Row>
        </Form>
      </Card>
      {narrow ? (
        <List<Adviser>
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <Empty description={x.emptyAdvisers} /> }}
          header={list.data && x.advisersTotal(list.data.total)}
          pagination={
            (list.data?.total ?? 0) > 20
              ? { current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, simple: true }
              : false
          }
          renderItem={(a) => (
            <List.Item key={a.id} style={{ display: 'block' }}>
              <Space size={8} wrap>
                <Typography.Text strong>{a.name}</Typography.Text>
                <KindTag adviser={a} />
              </Space>
              <div>
                {a.title} · {a.employer}
                {a.field ? ` · ${a.field}` : ''}
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {k.termText(a.termFrom, a.termTo)} · {a.appointedBy} {a.document}
              </Typography.Text>
            </List.Item>
          )}
        />
      ) : (
        <Table<Adviser>
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 1000 }}
          locale={{ emptyText: <Empty description={x.emptyAdvisers} /> }}
          title={() => list.data && x.advisersTotal(list.data.total)}
          pagination={{
            current: page,
            pageSize: 20,
            total: list.data?.total ?? 0,
            onChange: setPage,
            hideOnSinglePage: true,
          }}
          columns={[
            {
              key: 'kind',
              title: k.kind,
              width: 160,
              render: (_, a) => (
                <Tag color={a.kind === 'supervisor' ? 'geekblue' : 'default'}>{a.kindLabel}</Tag>
              ),
            },
            ...shared,
          ]}
        />
      )}
    </Space>
  )
}

function KindTag({ adviser }: { adviser: Adviser }) {
  const { t } = useT()
  return (
    <Tag color={adviser.kind === 'supervisor' ? 'geekblue' : 'default'}>{t.advisers.kinds[adviser.kind]}</Tag>
  )
}
