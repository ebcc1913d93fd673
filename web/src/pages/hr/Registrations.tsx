import { CheckOutlined } from '@ant-design/icons'
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
  type TableColumnsType,
  Tabs,
  Typography,
} from 'antd'
import { useState } from 'react'
import { ApiFailure, api, dataOf } from '../../api/client.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'
import { day } from './day.js'
import ReasonModal from './ReasonModal.js'

type Registration =
  paths['/api/registrations']['get']['responses'][200]['content']['application/json']['items'][number]
type Status = Registration['status']

const PAGE_SIZE = 20

/** 注册审批: employers' and agencies' registration requests of the region, approved or rejected with a reason. */
export default function Registrations() {
  const { t } = useT()
  const k = t.registrationsPage
  const client = useQueryClient()
  const { message } = App.useApp()
  const [modal, modalHolder] = Modal.useModal()
  const [status, setStatus] = useState<Status>('pending')
  const [page, setPage] = useState(1)
  const [rejecting, setRejecting] = useState<Registration>()
  const [error, setError] = useState<string>()

  const list = useQuery({
    queryKey: ['registrations', status, page],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/registrations', {
          params: { query: { status, page: String(page), pageSize: String(PAGE_SIZE) } },
        }),
      ),
  })
  const refresh = () => client.invalidateQueries({ queryKey: ['registrations'] })
  const approve = useMutation({
    mutationFn: async (r: Registration) =>
      dataOf(await api.POST('/api/registrations/{id}/approve', { params: { path: { id: r.id } } })),
    onSuccess: (_, r) => {
      message.success(k.approvedDone(r.name))
      void refresh()
    },
    onError: (e) => setError(e instanceof ApiFailure ? e.message : String(e)),
  })
  const reject = async (r: Registration, reason: string) => {
    dataOf(
      await api.POST('/api/registrations/{id}/reject', { params: { path: { id: r.id } }, body: { reason } }),
    )
    message.success(k.rejectedDone(r.name))
    void refresh()
  }
  const askApprove = (r: Registration) =>
    modal.confirm({
      title: k.approveTitle(r.name),
      icon: <CheckOutlined />,
      content: k.approveBody,
      okText: k.approveOk,
      cancelText: k.cancel,
      onOk: () => approve.mutateAsync(r).catch(() => undefined),
    })

  const label: Record<Status, string> = { pending: k.pending, approved: k.approved, rejected: k.rejected }
  const empty: Record<Status, string> = {
    pending: k.emptyPending,
    approved: k.emptyApproved,
    rejected: k.emptyRejected,
  }
  const columns: TableColumnsType<Registration> = [
    {
      key: 'name',
      title: k.name,
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{r.name}</Typography.Text>
          <Typography.Text type="secondary">{r.kindName}</Typography.Text>
        </Space>
      ),
    },
    {
      key: 'uscc',
      title: k.uscc,
      width: 190,
      render: (_, r) => <span style={{ fontFamily: 'monospace' }}>{r.uscc}</span>,
    },
    { key: 'region', title: k.region, width: 160, dataIndex: 'regionName' },
    {
      key: 'contact',
      title: k.contact,
      width: 130,
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <span>{r.contactName}</span>
          <Typography.Text type="secondary">{r.contactPhone}</Typography.Text>
        </Space>
      ),
    },
    { key: 'username', title: k.username, width: 160, dataIndex: 'username' },
    { key: 'requested', title: k.requestedAt, width: 110, render: (_, r) => day(r.requestedAt) },
  ]
  if (status === 'pending')
    columns.push({
      key: 'action',
      title: k.action,
      width: 150,
      render: (_, r) => (
        <Space>
          <Button size="small" type="primary" onClick={() => askApprove(r)}>
            {k.approve}
          </Button>
          <Button size="small" danger onClick={() => setRejecting(r)}>
            {k.reject}
          </Button>
        </Space>
      ),
    })
  else
    columns.push({
      key: 'decided',
      title: k.decidedAt,
      width: 110,
      render: (_, r) => (r.decidedAt ? day(r.decidedAt) : ''),
    })
  if (status === 'rejected') columns.push({ key: 'reason', title: k.reason, width: 220, dataIndex: 'reason' })

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {modalHolder}
      <Breadcrumb items={[{ title: k.crumb }, { title: k.title }]} />
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {k.title}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {k.intro}
      </Typography.Paragraph>
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
      <Card size="small">
        <Tabs
          activeKey={status}
          onChange={(key) => {
            setStatus(key as Status)
            setPage(1)
          }}
          items={(['pending', 'approved', 'rejected'] as const).map((s) => ({ key: s, label: label[s] }))}
          tabBarExtraContent={
            list.data && <Typography.Text type="secondary">{k.count(list.data.total)}</Typography.Text>
          }
        />
        {list.error ? (
          <Result
            status="error"
            title={t.common.failed}
            subTitle={list.error.message}
            extra={<Button onClick={() => list.refetch()}>{t.common.retry}</Button>}
          />
        ) : !list.data ? (
          <Skeleton active paragraph={{ rows: 4 }} />
        ) : list.data.total === 0 ? (
          <Empty description={empty[status]} />
        ) : (
          <Table<Registration>
            rowKey="id"
            size="small"
            loading={list.isFetching}
            dataSource={list.data.items}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: list.data.total,
              showSizeChanger: false,
              onChange: setPage,
              hideOnSinglePage: true,
            }}
            columns={columns}
          />
        )}
      </Card>
      <ReasonModal
        open={rejecting !== undefined}
        title={rejecting ? k.rejectTitle(rejecting.name) : ''}
        okText={k.rejectOk}
        cancelText={k.cancel}
        label={k.reason}
        help={k.reasonHelp}
        required={k.reasonRequired}
        onSubmit={(reason) => (rejecting ? reject(rejecting, reason) : Promise.resolve())}
        onClose={() => setRejecting(undefined)}
      />
    </Space>
  )
}
