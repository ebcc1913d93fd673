import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, App, Button, Form, Input, Modal, Rate, Space, Typography } from 'antd'
import { useState } from 'react'
import { api, dataOf } from '../../api/client.js'
import { showApiError } from '../../api/form-errors.js'
import type { paths } from '../../api/schema.js'
import { PagedTable } from '../../components/PagedTable.js'
import { PageHeading } from '../../components/PageHeading.js'
import { useT } from '../../i18n/i18n.js'

type Attended =
  paths['/api/me/attended-projects']['get']['responses'][200]['content']['application/json']['items'][number]
const PAGE_SIZE = 20

/**
 * 培训评价: the institutions' projects the professional attended and holds hours from; each is rated once (1–5,
 * an optional comment), shown only in aggregate as one of the institutions' indicators (江西 第十八条).
 */
export default function Ratings() {
  const { t } = useT()
  const k = t.ratings
  const { message } = App.useApp()
  const client = useQueryClient()
  const [page, setPage] = useState(1)
  const [rating, setRating] = useState<Attended>()
  const [form] = Form.useForm<{ rating: number; comment?: string }>()
  const [error, setError] = useState<string>()
  const list = useQuery({
    queryKey: ['attended-projects', page],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/me/attended-projects', {
          params: { query: { page: String(page), pageSize: String(PAGE_SIZE) } },
        }),
      ),
  })
  const rate = useMutation({
    mutationFn: async (v: { rating: number; comment?: string }) =>
      dataOf(
        await api.POST('/api/me/attended-projects/{id}/rating', {
          params: { path: { id: rating?.projectId as string } },
          body: v,
        }),
      ),
    onSuccess: () => {
      message.success(k.rated)
      setRating(undefined)
      void client.invalidateQueries({ queryKey: ['attended-projects'] })
    },
    onError: (e) => setError(showApiError(form, e)),
  })
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <PageHeading title={k.title} intro={k.intro} />
      <PagedTable<Attended>
        rowKey="projectId"
        list={list}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={setPage}
        empty={k.empty}
        columns={[
          {
            key: 'project',
            title: k.project,
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                {r.title}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.institutionName}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.startDate} ~ {r.endDate}
                </Typography.Text>
              </Space>
            ),
          },
          {
            key: 'rating',
            title: k.rating,
            width: 150,
            render: (_, r) =>
              r.rating === null ? (
                <Button
                  type="primary"
                  size="small"
                  onClick={() => {
                    setError(undefined)
                    setRating(r)
                  }}
                >
                  {k.rate}
                </Button>
              ) : (
                <Rate disabled value={r.rating} style={{ fontSize: 14 }} />
              ),
          },
        ]}
      />
      <Modal
        open={rating !== undefined}
        title={rating && k.rateTitle(rating.title)}
        okText={k.submit}
        cancelText={k.cancel}
        confirmLoading={rate.isPending}
        onOk={() => form.submit()}
        onCancel={() => setRating(undefined)}
        destroyOnHidden
      >
        {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" preserve={false} onFinish={(v) => rate.mutate(v)}>
          <Form.Item name="rating" label={k.score} rules={[{ required: true, message: k.scoreRequired }]}>
            <Rate />
          </Form.Item>
          <Form.Item name="comment" label={k.comment}>
            <Input.TextArea rows={3} maxLength={300} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  )
}
