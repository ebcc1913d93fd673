import { SearchOutlined, WarningOutlined } from '@ant-design/icons'
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query'
import { Alert, Button, Card, Empty, Form, Input, Modal, Space, Table, Typography } from 'antd'
import { useState } from 'react'
import { ApiFailure, api, dataOf } from '../../../api/client.js'
import type { paths } from '../../../api/schema.js'
import { useT } from '../../../i18n/i18n.js'
import { type Handed, OneTimePasswordModal } from './OneTimePasswordModal.js'

type Staff = paths['/api/staff']['get']['responses'][200]['content']['application/json']['items'][number]
interface Search {
  name?: string
  idNumber?: string
}

const PAGE_SIZE = 10
const ID_NUMBER = /^\d{17}[\dXx]$/

/**
 * A current staff member's forgotten password, reset by the administrator: found by name or by full ID
 * number (sent in the X-Id-Number header, never in an address), the new one-time password shown once.
 */
export function StaffPasswordReset() {
  const { t } = useT()
  const k = t.accountsPage
  const [modal, modalHolder] = Modal.useModal()
  const [form] = Form.useForm<Search>()
  const [search, setSearch] = useState<Search>()
  const [page, setPage] = useState(1)
  const [handed, setHanded] = useState<Handed>()
  const [showing, setShowing] = useState(false)
  const [error, setError] = useState<string>()

  const staff = useQuery({
    queryKey: ['staff-for-reset', search, page],
    enabled: search !== undefined,
    placeholderData: keepPreviousData,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/staff', {
          params: {
            query: {
              page: String(page),
              pageSize: String(PAGE_SIZE),
              ...(search?.name ? { name: search.name } : {}),
            },
            ...(search?.idNumber ? { header: { 'x-id-number': search.idNumber } } : {}),
          },
        }),
      ),
  })
  const reset = useMutation({
    mutationFn: async (person: Staff) =>
      dataOf(
        await api.POST('/api/staff/{personKey}/reset-password', {
          params: { path: { personKey: person.personKey } },
        }),
      ),
    onSuccess: (r, person) => {
      setHanded({ title: k.resetDoneTitle(person.name), ...r })
      setShowing(true)
    },
    onError: (e) => setError(e instanceof ApiFailure ? e.message : String(e)),
  })

  const find = (v: Search) => {
    const name = v.name?.trim() || undefined
    const idNumber = v.idNumber?.trim().toUpperCase() || undefined
    if (!name && !idNumber) {
      form.setFields([{ name: 'name', errors: [k.searchRequired] }])
      return
    }
    setError(undefined)
    setPage(1)
    setSearch({ name, idNumber })
  }
  const clear = () => {
    form.resetFields()
    setSearch(undefined)
    setError(undefined)
  }
  const askReset = (person: Staff) =>
    modal.confirm({
      title: k.staffResetTitle(person.name),
      icon: <WarningOutlined />,
      content: k.staffResetBody,
      okText: k.resetOk,
      cancelText: k.cancel,
      okButtonProps: { danger: true },
      onOk: () => reset.mutateAsync(person).catch(() => undefined),
    })
  const listError = staff.error instanceof Error ? staff.error.message : undefined

  return (
    <Card size="small" title={k.staffTitle}>
      {modalHolder}
      <Typography.Paragraph type="secondary">{k.staffIntro}</Typography.Paragraph>
      <Form<Search> form={form} layout="inline" onFinish={find} style={{ rowGap: 12, marginBottom: 16 }}>
        <Form.Item name="name" label={k.name}>
          <Input allowClear placeholder={k.namePlaceholder} style={{ width: 160 }} maxLength={30} />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={k.idNumber}
          rules={[{ pattern: ID_NUMBER, message: k.idInvalid }]}
          validateTrigger="onSubmit"
        >
          <Input
            allowClear
            placeholder={k.idPlaceholder}
            style={{ width: 210 }}
            maxLength={18}
            autoComplete="off"
          />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {k.search}
            </Button>
            <Button onClick={clear}>{k.clear}</Button>
          </Space>
        </Form.Item>
      </Form>
      {(error ?? listError) && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={k.failed}
          description={error ?? listError}
          style={{ marginBottom: 16 }}
        />
      )}
      {search === undefined ? (
        <Empty description={k.staffStart} />
      ) : (
        <Table<Staff>
          rowKey="personKey"
          size="small"
          loading={staff.isFetching}
          dataSource={staff.data?.items ?? []}
          locale={{
            emptyText: staff.isPending ? t.common.loading : <Empty description={k.staffEmpty} />,
          }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: staff.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (n) => k.staffTotalOf(n),
            onChange: setPage,
            hideOnSinglePage: true,
          }}
          columns={[
            {
              key: 'name',
              title: k.name,
              render: (_, r) => <Typography.Text strong>{r.name}</Typography.Text>,
            },
            {
              key: 'id',
              title: k.idNumber,
              width: 180,
              render: (_, r) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{r.idMasked}</span>,
            },
            {
              key: 'department',
              title: k.department,
              render: (_, r) =>
                r.department ?? <Typography.Text type="secondary">{k.unplaced}</Typography.Text>,
            },
            {
              key: 'from',
              title: k.fromDate,
              width: 110,
              render: (_, r) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{r.fromDate}</span>,
            },
            {
              key: 'actions',
              title: k.actions,
              width: 110,
              render: (_, r) => (
                <Button size="small" onClick={() => askReset(r)} aria-label={`${k.resetPassword}：${r.name}`}>
                  {k.resetPassword}
                </Button>
              ),
            },
          ]}
        />
      )}
      <OneTimePasswordModal
        handed={handed}
        open={showing}
        onClose={() => setShowing(false)}
        onClosed={() => setHanded(undefined)}
      />
    </Card>
  )
}
