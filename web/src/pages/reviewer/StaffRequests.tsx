import { CheckOutlined, InfoCircleOutlined } from '@ant-design/icons'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Empty,
  Modal,
  Result,
  Skeleton,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd'
import { useState } from 'react'
import { ApiFailure, api, dataOf } from '../../api/client.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'
import { useSession } from '../../session.js'
import { day } from '../hr/day.js'
import ReasonModal from '../hr/ReasonModal.js'

type Request =
  paths['/api/staff/requests']['get']['responses'][200]['content']['application/json']['items'][number]

const PAGE_SIZE = 20

/** 入职确认: professionals who chose this employer or agency at sign-up, confirmed or declined with a reason. */
export default function StaffRequests() {
  const { t } = useT()
  const k = t.staffRequestsPage
  const client = useQueryClient()
  const role = useSession().data?.role
  const { message } = App.useApp()
  const [modal, modalHolder] = Modal.useModal()
  const [page, setPage] = useState(1)
  const [declining, setDeclining] = useState<Request>()
  const [error, setError] = useState<string>()

  const requests = useQuery({
    queryKey: ['staff-requests', page],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/staff/requests', {
          params: { query: { page: String(page), pageSize: String(PAGE_SIZE) } },
        }),
      ),
  })
  const refresh = () => client.invalidateQueries({ queryKey: ['staff-requests'] })
  const confirm = useMutation({
    mutationFn: async (r: Request) =>
      dataOf(await api.POST('/api/staff/requests/{id}/confirm', { params: { path: { id: r.id } } })),
    onSuccess: (_, r) => {
      message.success(k.confirmedDone(r.name))
      void refresh()
    },
    onError: (e) => setError(e instanceof ApiFailure ? e.message : String(e)),
  })
  const decline = async (r: Request, reason: string) => {
    dataOf(
      await api.POST('/api/staff/requests/{id}/decline', {
        params: { path: { id: r.id } },
        body: { reason },
      }),
    )
    message.success(k.declinedDone(r.name))
    void refresh()
  }
  const askConfirm = (r: Request) =>
    modal.confirm({
      title: k.confirmTitle(r.name),
      icon: <CheckOutlined />,
      content: r.claimsAccount ? k.claimsConfirmBody : k.confirmBody,
      okText: k.confirmOk,
      cancelText: k.cancel,
      onOk: () => confirm.mutateAsync(r).catch(() => undefined),
    })

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {modalHolder}
      <Breadcrumb items={[{ title: (role && t.roles[role]) ?? k.crumb }, { title: k.title }]} />
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {k.title}
      </Typography.Title>
      <Alert type="info" showIcon icon={<InfoCircleOutlined />} title={k.intro} />
      {error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={k.failed}
          description={error}
          closable
          onClose={() => setError(undefined)}
        />
      )}
      <Card
        size="small"
        title={k.listTitle}
        extra={
          requests.data && <Typography.Text type="secondary">{k.count(requests.data.total)}</Typography.Text>
        }
      >
        {requests.error ? (
          <Result
            status="error"
            title={t.common.failed}
            subTitle={requests.error.message}
            extra={<Button onClick={() => requests.refetch()}>{t.common.retry}</Button>}
          />
        ) : !requests.data ? (
          <Skeleton active paragraph={{ rows: 4 }} />
        ) : requests.data.total === 0 ? (
          <Empty description={k.empty} />
        ) : (
          <Table<Request>
            rowKey="id"
            size="small"
            loading={requests.isFetching}
            dataSource={requests.data.items}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: requests.data.total,
              showSizeChanger: false,
              onChange: setPage,
              hideOnSinglePage: true,
            }}
            columns={[
              {
                key: 'name',
                title: k.name,
                render: (_, r) => (
                  <Space size={6} wrap>
                    {r.name}
                    {r.claimsAccount && (
                      <Tooltip title={k.claimsHelp}>
                        <Tag color="warning" icon={<InfoCircleOutlined />}>
                          {k.claims}
                        </Tag>
                      </Tooltip>
                    )}
                  </Space>
                ),
              },
              {
                key: 'id',
                title: k.idMasked,
                width: 200,
                render: (_, r) => <span style={{ fontFamily: 'monospace' }}>{r.idMasked}</span>,
              },
              {
                key: 'series',
                title: k.series,
                width: 140,
                render: (_, r) => t.series[r.series] ?? r.series,
              },
              {
                key: 'level',
                title: k.titleLevel,
                width: 110,
                render: (_, r) => t.titleLevels[r.titleLevel] ?? r.titleLevel,
              },
              { key: 'requested', title: k.requestedAt, width: 120, render: (_, r) => day(r.requestedAt) },
              {
                key: 'action',
                title: k.action,
                width: 200,
                render: (_, r) => (
                  <Space>
                    <Button size="small" type="primary" onClick={() => askConfirm(r)}>
                      {k.confirm}
                    </Button>
                    <Button size="small" danger onClick={() => setDeclining(r)}>
                      {k.decline}
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      <ReasonModal
        open={declining !== undefined}
        title={declining ? k.declineTitle(declining.name) : ''}
        okText={k.declineOk}
        cancelText={k.cancel}
        label={k.reason}
        help={k.reasonHelp}
        required={k.reasonRequired}
        onSubmit={(reason) => (declining ? decline(declining, reason) : Promise.resolve())}
        onClose={() => setDeclining(undefined)}
      />
    </Space>
  )
}
