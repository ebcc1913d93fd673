import { CopyOutlined, KeyOutlined, PlusOutlined, WarningOutlined } from '@ant-design/icons'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Result,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { ApiFailure, api, dataOf } from '../../api/client.js'
import { showApiError } from '../../api/form-errors.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'

type Token = paths['/api/tokens']['get']['responses'][200]['content']['application/json']['items'][number]
type Created = paths['/api/tokens']['post']['responses'][200]['content']['application/json']
/** What antd's DatePicker hands back (a dayjs object): only its formatting is used here. */
type Picked = { format(template: string): string } | null | undefined
interface Values {
  name: string
  expiresOn?: Picked
}

const PAGE_SIZE = 10
/** An instant as a clerk reads it: YYYY-MM-DD HH:mm, in the browser's time zone. */
const minutes = (iso: string) => {
  const d = new Date(iso)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** The organisation's API tokens: list, create (the secret shown once), revoke. */
export default function Tokens() {
  const { t } = useT()
  const k = t.tokensPage
  const client = useQueryClient()
  const { message } = App.useApp()
  const [modal, modalHolder] = Modal.useModal()
  const [form] = Form.useForm<Values>()
  const [page, setPage] = useState(1)
  const [creating, setCreating] = useState(false)
  const [created, setCreated] = useState<Created>()
  const [showing, setShowing] = useState(false)
  const [formError, setFormError] = useState<string>()
  const [error, setError] = useState<string>()

  const tokens = useQuery({
    queryKey: ['tokens', page],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/tokens', {
          params: { query: { page: String(page), pageSize: String(PAGE_SIZE) } },
        }),
      ),
  })
  const create = useMutation({
    mutationFn: async (v: { name: string; expiresOn?: string }) =>
      dataOf(await api.POST('/api/tokens', { body: v })),
    onSuccess: (r) => {
      setCreating(false)
      setCreated(r)
      setShowing(true)
      form.resetFields()
      setPage(1)
      void client.invalidateQueries({ queryKey: ['tokens'] })
    },
    onError: (e) => setFormError(showApiError(form, e)),
  })
  const revoke = useMutation({
    mutationFn: async (token: Token) =>
      dataOf(await api.DELETE('/api/tokens/{id}', { params: { path: { id: token.id } } })),
    onSuccess: (_, token) => {
      message.success(k.revokedDone(token.name))
      void client.invalidateQueries({ queryKey: ['tokens'] })
    },
    onError: (e) => setError(e instanceof ApiFailure ? e.message : String(e)),
  })

  const submit = (v: Values) => {
    setFormError(undefined)
    const expiresOn = v.expiresOn?.format('YYYY-MM-DD')
    create.mutate({ name: v.name.trim(), ...(expiresOn ? { expiresOn } : {}) })
  }
  const askRevoke = (token: Token) =>
    modal.confirm({
      title: k.revokeTitle(token.name),
      icon: <WarningOutlined />,
      content: k.revokeBody,
      okText: k.revokeOk,
      cancelText: k.cancel,
      okButtonProps: { danger: true },
      onOk: () => revoke.mutateAsync(token).catch(() => undefined),
    })
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created?.token ?? '')
      message.success(k.copied)
    } catch {
      message.warning(k.copyFailed)
    }
  }
  const stateOf = (token: Token) =>
    token.revoked ? (
      <Tag>{k.revoked}</Tag>
    ) : token.expired ? (
      <Tag color="#ad4e00">{k.expired}</Tag>
    ) : (
      <Tag color="#237804">{k.active}</Tag>
    )

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
          {k.title}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {k.create}
        </Button>
      </div>
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

      <Card
        size="small"
        title={k.listTitle}
        extra={
          tokens.data && <Typography.Text type="secondary">{k.count(tokens.data.total)}</Typography.Text>
        }
      >
        {tokens.error ? (
          <Result
            status="error"
            title={t.common.failed}
            subTitle={tokens.error.message}
            extra={<Button onClick={() => tokens.refetch()}>{t.common.retry}</Button>}
          />
        ) : !tokens.data ? (
          <Skeleton active paragraph={{ rows: 4 }} />
        ) : tokens.data.total === 0 ? (
          <Empty description={k.empty} />
        ) : (
          <Table<Token>
            rowKey="id"
            size="small"
            loading={tokens.isFetching}
            dataSource={tokens.data.items}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: tokens.data.total,
              showSizeChanger: false,
              onChange: setPage,
            }}
            columns={[
              {
                key: 'name',
                title: k.name,
                render: (_, r) => (r.revoked ? <Typography.Text delete>{r.name}</Typography.Text> : r.name),
              },
              { key: 'created', title: k.createdAt, width: 150, render: (_, r) => minutes(r.createdAt) },
              {
                key: 'used',
                title: k.lastUsedAt,
                width: 150,
                render: (_, r) => (r.lastUsedAt ? minutes(r.lastUsedAt) : k.neverUsed),
              },
              {
                key: 'expires',
                title: k.expiresOn,
                width: 140,
                render: (_, r) =>
                  r.expiresOn ?? <Typography.Text type="secondary">{k.never}</Typography.Text>,
              },
              { key: 'state', title: k.state, width: 90, render: (_, r) => stateOf(r) },
              {
                key: 'action',
                title: k.action,
                width: 90,
                render: (_, r) =>
                  r.revoked ? null : (
                    <Button size="small" danger onClick={() => askRevoke(r)}>
                      {k.revoke}
                    </Button>
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
        <Form<Values> form={form} layout="vertical" onFinish={submit} preserve={false}>
          <Form.Item
            name="name"
            label={k.name}
            extra={k.nameHelp}
            rules={[{ required: true, whitespace: true, message: k.nameRequired }]}
          >
            <Input maxLength={100} autoComplete="off" />
          </Form.Item>
          <Form.Item name="expiresOn" label={k.expiresOn} extra={k.expiresHelp}>
            <DatePicker format="YYYY-MM-DD" style={{ width: 180 }} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={showing}
        // The secret leaves the page once the dialog has closed: nothing of it stays in the DOM.
        destroyOnHidden
        afterClose={() => setCreated(undefined)}
        title={
          <Space>
            <KeyOutlined />
            {k.shownTitle}
          </Space>
        }
        width={560}
        closable={false}
        maskClosable={false}
        keyboard={false}
        footer={
          <Button type="primary" onClick={() => setShowing(false)}>
            {k.close}
          </Button>
        }
      >
        <Alert type="warning" showIcon title={k.shownWarning} style={{ marginBottom: 12 }} />
        <label htmlFor="new-token" style={{ display: 'block', marginBottom: 4 }}>
          {k.token}
        </label>
        <Input.TextArea
          id="new-token"
          readOnly
          autoSize
          value={created?.token ?? ''}
          style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
          onFocus={(e) => e.currentTarget.select()}
        />
        <Button icon={<CopyOutlined />} onClick={copy} style={{ marginTop: 8 }}>
          {k.copy}
        </Button>
        {created?.expiresOn && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {k.expiresOn} {created.expiresOn}
          </Typography.Paragraph>
        )}
      </Modal>
    </Space>
  )
}
