import {
  ApartmentOutlined,
  CopyOutlined,
  KeyOutlined,
  PlusOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Empty,
  Input,
  Modal,
  Result,
  Segmented,
  Skeleton,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd'
import { useState } from 'react'
import { useSearchParams } from 'react-router'
import { api, dataOf } from '../../api/client.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'
import { useSession } from '../../session.js'
import { type Handed, OneTimePasswordModal } from '../common/accounts/OneTimePasswordModal.js'
import NewOrganisation, { type Created } from './NewOrganisation.js'
import { OrganisationTree } from './OrganisationTree.js'
import ResetAdminPassword from './ResetAdminPassword.js'

type Organisation =
  paths['/api/organisations']['get']['responses'][200]['content']['application/json']['items'][number]
type Kind = Organisation['kind']

const KINDS: Kind[] = ['hr_department', 'authority', 'institution', 'employer', 'agency']
const PAGE_SIZE = 20

/** 单位管理: the organisations of the region by kind; the department's administrators register new ones. */
export default function Organisations() {
  const { t } = useT()
  const k = t.organisationsPage
  const client = useQueryClient()
  const { message } = App.useApp()
  const session = useSession()
  const isAdmin = session.data?.isAdmin === true
  const [kind, setKind] = useState<Kind | 'all'>('all')
  const [page, setPage] = useState(1)
  const [creating, setCreating] = useState(false)
  const [created, setCreated] = useState<Created>()
  const [showing, setShowing] = useState(false)
  const [resetting, setResetting] = useState<Organisation>()
  const [handed, setHanded] = useState<Handed>()
  const [handing, setHanding] = useState(false)
  const ar = t.adminResetPage
  const [params, setParams] = useSearchParams()
  const view = params.get('view') === 'tree' ? 'tree' : 'list'
  const r = t.regionsPage

  const list = useQuery({
    queryKey: ['organisations', kind, page],
    enabled: view === 'list',
    placeholderData: keepPreviousData,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/organisations', {
          params: {
            query: {
              page: String(page),
              pageSize: String(PAGE_SIZE),
              ...(kind === 'all' ? {} : { kind }),
            },
          },
        }),
      ),
  })
  const register = useMutation({
    mutationFn: async (
      body: paths['/api/organisations']['post']['requestBody']['content']['application/json'],
    ) => dataOf(await api.POST('/api/organisations', { body })),
    onSuccess: (r) => {
      setCreating(false)
      setCreated(r)
      setShowing(true)
      void client.invalidateQueries({ queryKey: ['organisations'] })
    },
  })
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created?.oneTimePassword ?? '')
      message.success(k.copied)
    } catch {
      message.warning(k.copyFailed)
    }
  }
  const detail = (o: Organisation) =>
    o.kind === 'institution'
      ? ((o.level && k.levelNames[o.level]) ?? o.level ?? '')
      : o.kind === 'authority'
        ? (o.industry ?? '')
        : ''

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: k.crumb }, { title: k.title }]} />
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
        <Tooltip title={isAdmin ? undefined : k.adminOnly}>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            disabled={!isAdmin}
            onClick={() => setCreating(true)}
          >
            {k.create}
          </Button>
        </Tooltip>
      </div>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {k.intro}
      </Typography.Paragraph>
      <Segmented<'list' | 'tree'>
        aria-label={r.view}
        value={view}
        onChange={(v) => setParams(v === 'tree' ? { view: 'tree' } : {}, { replace: true })}
        options={[
          { value: 'list', label: r.viewList, icon: <UnorderedListOutlined /> },
          { value: 'tree', label: r.viewTree, icon: <ApartmentOutlined /> },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      {view === 'tree' ? (
        <Card size="small" title={r.treeTitle}>
          <OrganisationTree />
        </Card>
      ) : (
        <Card
          size="small"
          title={k.listTitle}
          extra={list.data && <Typography.Text type="secondary">{k.count(list.data.total)}</Typography.Text>}
        >
          <Segmented<Kind | 'all'>
            aria-label={k.kindFilter}
            value={kind}
            onChange={(v) => {
              setKind(v)
              setPage(1)
            }}
            options={[
              { value: 'all', label: k.allKinds },
              ...KINDS.map((x) => ({ value: x, label: k.kindNames[x] ?? x })),
            ]}
            style={{ marginBottom: 12 }}
          />
          {list.error ? (
            <Result
              status="error"
              title={t.common.failed}
              subTitle={list.error.message}
              extra={<Button onClick={() => list.refetch()}>{t.common.retry}</Button>}
            />
          ) : !list.data ? (
            <Skeleton active paragraph={{ rows: 6 }} />
          ) : list.data.total === 0 ? (
            <Empty description={k.empty} />
          ) : (
            <Table<Organisation>
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
              columns={[
                { key: 'name', title: k.name, dataIndex: 'name' },
                { key: 'kind', title: k.kind, width: 150, render: (_, o) => k.kindNames[o.kind] ?? o.kind },
                { key: 'region', title: k.region, width: 190, dataIndex: 'regionName' },
                {
                  key: 'detail',
                  title: k.levelOrIndustry,
                  width: 120,
                  render: (_, o) => (
                    <Space size={4} wrap>
                      {detail(o)}
                      {o.isBase && <Tag color="#0958d9">{k.base}</Tag>}
                    </Space>
                  ),
                },
                {
                  key: 'categories',
                  title: k.categories,
                  width: 180,
                  render: (_, o) => o.occupationCategories.join('、'),
                },
                {
                  key: 'uscc',
                  title: k.uscc,
                  width: 190,
                  render: (_, o) => <span style={{ fontFamily: 'monospace' }}>{o.uscc ?? ''}</span>,
                },
                {
                  key: 'actions',
                  title: ar.actions,
                  width: 130,
                  // The department's own accounts are reset on 账户管理; an organisation without an
                  // enabled administrator has nobody to reset.
                  render: (_, o) =>
                    o.id === session.data?.organisationId || o.administrators.length === 0 ? null : (
                      <Tooltip title={isAdmin ? undefined : ar.adminOnly}>
                        <Button
                          size="small"
                          icon={<KeyOutlined />}
                          disabled={!isAdmin}
                          aria-label={ar.action(o.name)}
                          onClick={() => setResetting(o)}
                        >
                          {ar.button}
                        </Button>
                      </Tooltip>
                    ),
                },
              ]}
            />
          )}
        </Card>
      )}

      <ResetAdminPassword
        organisation={resetting}
        onClose={() => setResetting(undefined)}
        onDone={(username, handover) => {
          setResetting(undefined)
          setHanded({ title: ar.done(username), ...handover })
          setHanding(true)
        }}
      />
      <OneTimePasswordModal
        handed={handed}
        open={handing}
        onClose={() => setHanding(false)}
        onClosed={() => setHanded(undefined)}
      />

      <NewOrganisation
        open={creating}
        busy={register.isPending}
        onSubmit={(body) => register.mutateAsync(body)}
        onClose={() => setCreating(false)}
      />

      <Modal
        open={showing}
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
        {created && <Typography.Paragraph>{k.createdFor(created.organisation.name)}</Typography.Paragraph>}
        <label htmlFor="new-admin-username" style={{ display: 'block', marginBottom: 4 }}>
          {k.adminUsername}
        </label>
        <Input
          id="new-admin-username"
          readOnly
          value={created?.username ?? ''}
          style={{ fontFamily: 'monospace', marginBottom: 12 }}
        />
        <label htmlFor="one-time-password" style={{ display: 'block', marginBottom: 4 }}>
          {k.password}
        </label>
        <Input
          id="one-time-password"
          readOnly
          value={created?.oneTimePassword ?? ''}
          style={{ fontFamily: 'monospace' }}
          onFocus={(e) => e.currentTarget.select()}
        />
        <Button icon={<CopyOutlined />} onClick={copy} style={{ marginTop: 8 }}>
          {k.copy}
        </Button>
      </Modal>
    </Space>
  )
}
