import { PlusOutlined, WarningOutlined } from '@ant-design/icons'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Result,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { ApiFailure, api, dataOf } from '../../../api/client.js'
import { showApiError } from '../../../api/form-errors.js'
import type { paths } from '../../../api/schema.js'
import { useT } from '../../../i18n/i18n.js'
import { type Handed, OneTimePasswordModal } from './OneTimePasswordModal.js'

type Account = paths['/api/accounts']['get']['responses'][200]['content']['application/json']['items'][number]
type NewAccount = paths['/api/accounts']['post']['requestBody']['content']['application/json']
interface Values {
  username: string
  displayName?: string
  kind: 'clerk' | 'admin'
}

const PAGE_SIZE = 20
/** The server's rule for usernames (src/services/new-accounts.ts), checked here only to answer sooner. */
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/
const pad = (n: number) => String(n).padStart(2, '0')
/** An instant as a date in the browser's time zone: YYYY-MM-DD. */
const dateOf = (iso: string) => {
  const d = new Date(iso)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}
/** An instant as a clerk reads it: YYYY-MM-DD HH:mm, in the browser's time zone. */
const minutesOf = (iso: string) => {
  const d = new Date(iso)
  return `${dateOf(iso)} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** The organisation's accounts: list, create (the one-time password shown once), disable/enable, reset. */
export function OrganisationAccounts({ me }: { me: string }) {
  const { t } = useT()
  const k = t.accountsPage
  const client = useQueryClient()
  const { message } = App.useApp()
  const [modal, modalHolder] = Modal.useModal()
  const [form] = Form.useForm<Values>()
  const [page, setPage] = useState(1)
  const [creating, setCreating] = useState(false)
  const [handed, setHanded] = useState<Handed>()
  const [showing, setShowing] = useState(false)
  const [formError, setFormError] = useState<string>()
  const [error, setError] = useState<string>()

  const accounts = useQuery({
    queryKey: ['accounts', page],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/accounts', {
          params: { query: { page: String(page), pageSize: String(PAGE_SIZE) } },
        }),
      ),
  })
  const refresh = () => client.invalidateQueries({ queryKey: ['accounts'] })
  const hand = (h: Handed) => {
    setHanded(h)
    setShowing(true)
  }
  const failed = (e: unknown) => setError(e instanceof ApiFailure ? e.message : String(e))

  const create = useMutation({
    mutationFn: async (body: NewAccount) => dataOf(await api.POST('/api/accounts', { body })),
    onSuccess: (r) => {
      setCreating(false)
      form.resetFields()
      hand({ title: k.createdTitle(r.username), oneTimePassword: r.oneTimePassword, sentVia: null })
      void refresh()
    },
    onError: (e) => setFormError(showApiError(form, e)),
  })
  const setDisabled = useMutation({
    mutationFn: async ({ account, disable }: { account: Account; disable: boolean }) =>
      dataOf(
        await api.POST(disable ? '/api/accounts/{id}/disable' : '/api/accounts/{id}/enable', {
          params: { path: { id: account.id } },
        }),
      ),
    onSuccess: (_, { account, disable }) => {
      message.success(disable ? k.disabledDone(account.username) : k.enabledDone(account.username))
      void refresh()
    },
    onError: failed,
  })
  const reset = useMutation({
    mutationFn: async (account: Account) =>
      dataOf(await api.POST('/api/accounts/{id}/reset-password', { params: { path: { id: account.id } } })),
    onSuccess: (r, account) => {
      hand({ title: k.resetDoneTitle(account.username), ...r })
      void refresh()
    },
    onError: failed,
  })

  const submit = (v: Values) => {
    setFormError(undefined)
    const displayName = v.displayName?.trim()
    create.mutate({
      username: v.username.trim(),
      isAdmin: v.kind === 'admin',
      ...(displayName ? { displayName } : {}),
    })
  }
  const askDisabled = (account: Account, disable: boolean) =>
    modal.confirm({
      title: disable ? k.disableTitle(account.username) : k.enableTitle(account.username),
      icon: <WarningOutlined />,
      content: disable ? k.disableBody : k.enableBody,
      okText: disable ? k.disable : k.enable,
      cancelText: k.cancel,
      okButtonProps: { danger: disable },
      onOk: () => setDisabled.mutateAsync({ account, disable }).catch(() => undefined),
    })
  const askReset = (account: Account) =>
    modal.confirm({
      title: k.resetTitle(account.username),
      icon: <WarningOutlined />,
      content: k.resetBody,
      okText: k.resetOk,
      cancelText: k.cancel,
      okButtonProps: { danger: true },
      onOk: () => reset.mutateAsync(account).catch(() => undefined),
    })
  const stateOf = (a: Account) =>
    a.disabled ? (
      <Tag>{k.disabled}</Tag>
    ) : a.passwordChangeRequired ? (
      <Tag color="#ad4e00">{k.mustChange}</Tag>
    ) : (
      <Tag color="#237804">{k.active}</Tag>
    )

  return (
    <>
      {modalHolder}
      {error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={k.failed}
          description={error}
          closable
          onClose={() => setError(undefined)}
          style={{ marginBottom: 16 }}
        />
      )}
      <Card
        size="small"
        title={k.listTitle}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              setFormError(undefined)
              setCreating(true)
            }}
          >
            {k.create}
          </Button>
        }
      >
        {accounts.error ? (
          <Result
            status="error"
            title={t.common.failed}
            subTitle={accounts.error.message}
            extra={<Button onClick={() => accounts.refetch()}>{t.common.retry}</Button>}
          />
        ) : !accounts.data ? (
          <Skeleton active paragraph={{ rows: 4 }} />
        ) : (
          <Table<Account>
            rowKey="id"
            size="small"
            loading={accounts.isFetching}
            locale={{ emptyText: <Empty description={k.empty} /> }}
            footer={
              accounts.data.total === 1
                ? () => <Typography.Text type="secondary">{k.empty}</Typography.Text>
                : undefined
            }
            dataSource={accounts.data.items}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: accounts.data.total,
              showSizeChanger: false,
              showTotal: (n) => k.totalOf(n),
              onChange: setPage,
            }}
            columns={[
              {
                key: 'username',
                title: k.username,
                render: (_, a) => (
                  <Typography.Text strong delete={a.disabled}>
                    {a.username}
                  </Typography.Text>
                ),
              },
              {
                key: 'displayName',
                title: k.displayName,
                render: (_, a) => a.displayName ?? <Typography.Text type="secondary">—</Typography.Text>,
              },
              {
                key: 'kind',
                title: k.kind,
                width: 100,
                render: (_, a) => (a.isAdmin ? <Tag color="#0958d9">{k.admin}</Tag> : <Tag>{k.clerk}</Tag>),
              },
              { key: 'state', title: k.state, width: 140, render: (_, a) => stateOf(a) },
              {
                key: 'created',
                title: k.createdAt,
                width: 110,
                render: (_, a) => (
                  <span style={{ fontVariantNumeric: 'tabular-nums' }}>{dateOf(a.createdAt)}</span>
                ),
              },
              {
                key: 'lastSignIn',
                title: k.lastSignIn,
                width: 150,
                render: (_, a) =>
                  a.lastSignInAt ? (
                    <span style={{ fontVariantNumeric: 'tabular-nums' }}>{minutesOf(a.lastSignInAt)}</span>
                  ) : (
                    <Typography.Text type="secondary">{k.neverSignedIn}</Typography.Text>
                  ),
              },
              {
                key: 'actions',
                title: k.actions,
                width: 190,
                render: (_, a) =>
                  a.username === me ? (
                    <Typography.Text type="secondary">{k.you}</Typography.Text>
                  ) : (
                    <Space size={8}>
                      {a.disabled ? (
                        <Button
                          size="small"
                          autoInsertSpace={false}
                          onClick={() => askDisabled(a, false)}
                          aria-label={`${k.enable}：${a.username}`}
                        >
                          {k.enable}
                        </Button>
                      ) : (
                        <Button
                          size="small"
                          danger
                          autoInsertSpace={false}
                          onClick={() => askDisabled(a, true)}
                          aria-label={`${k.disable}：${a.username}`}
                        >
                          {k.disable}
                        </Button>
                      )}
                      <Button
                        size="small"
                        onClick={() => askReset(a)}
                        aria-label={`${k.resetPassword}：${a.username}`}
                      >
                        {k.resetPassword}
                      </Button>
                    </Space>
                  ),
              },
            ]}
          />
        )}
      </Card>

      <Modal
        open={creating}
        title={k.createTitle}
        okText={k.createOk}
        cancelText={k.cancel}
        confirmLoading={create.isPending}
        onOk={() => form.submit()}
        onCancel={() => {
          setCreating(false)
          setFormError(undefined)
        }}
        destroyOnHidden
      >
        {formError && (
          <Alert type="error" showIcon role="alert" title={formError} style={{ marginBottom: 12 }} />
        )}
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          preserve={false}
          initialValues={{ kind: 'clerk' }}
        >
          <Form.Item
            name="username"
            label={k.username}
            extra={k.usernameHelp}
            rules={[
              { required: true, whitespace: true, message: k.usernameRequired },
              { pattern: USERNAME, message: k.usernamePattern },
            ]}
            validateTrigger="onSubmit"
          >
            <Input maxLength={64} autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label={k.displayName} extra={k.displayNameHelp}>
            <Input maxLength={50} autoComplete="off" />
          </Form.Item>
          <Form.Item name="kind" label={k.kind} extra={k.kindHelp}>
            <Radio.Group
              options={[
                { value: 'clerk', label: k.clerk },
                { value: 'admin', label: k.admin },
              ]}
            />
          </Form.Item>
        </Form>
      </Modal>

      <OneTimePasswordModal
        handed={handed}
        open={showing}
        onClose={() => setShowing(false)}
        onClosed={() => setHanded(undefined)}
      />
    </>
  )
}
