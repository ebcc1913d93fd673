import { ApartmentOutlined, BankOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Input,
  Result,
  Skeleton,
  Space,
  Tag,
  Tree,
  type TreeDataNode,
  Typography,
} from 'antd'
import { type ReactNode, useMemo, useState } from 'react'
import {
  buildOrganisationTree,
  filterOrganisationTree,
  ORGANISATION_KINDS,
  type RegionTreeNode,
} from '../../../../src/domain/organisation-tree.js'
import { api, dataOf } from '../../api/client.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'

type Answer = paths['/api/organisations/tree']['get']['responses'][200]['content']['application/json']
type Organisation = Answer['organisations'][number]

/** 单位树: the regions of the department's own (province → city → county), the organisations of each, counts. */
export function OrganisationTree() {
  const { t } = useT()
  const x = t.regionsPage
  const k = t.organisationsPage
  const [text, setText] = useState('')
  const [opened, setOpened] = useState<string[]>()
  const [chosen, setChosen] = useState<Organisation>()

  const tree = useQuery({
    queryKey: ['organisations', 'tree'],
    queryFn: async () => dataOf(await api.GET('/api/organisations/tree')),
  })
  const built = useMemo(
    () =>
      tree.data
        ? buildOrganisationTree(tree.data.regions, tree.data.counts, tree.data.organisations)
        : undefined,
    [tree.data],
  )
  const shown = useMemo(() => (built ? filterOrganisationTree(built.top, text) : undefined), [built, text])

  const countsOf = (n: RegionTreeNode<Organisation>) =>
    x.counts(
      n.total,
      ORGANISATION_KINDS.filter((kind) => n.counts[kind] > 0).map((kind) =>
        x.kindCount(k.kindNames[kind] ?? kind, n.counts[kind]),
      ),
    )
  const orgNode = (o: Organisation): TreeDataNode => ({
    key: `o:${o.id}`,
    isLeaf: true,
    icon: <BankOutlined />,
    title: (
      <span>
        {o.name} <Tag style={{ marginInlineStart: 4 }}>{k.kindNames[o.kind] ?? o.kind}</Tag>
      </span>
    ),
  })
  const regionNode = (n: RegionTreeNode<Organisation>): TreeDataNode => ({
    key: `r:${n.code}`,
    icon: <ApartmentOutlined />,
    selectable: false,
    title: (
      <span>
        <Typography.Text strong>{n.name}</Typography.Text>{' '}
        <Typography.Text type="secondary">{countsOf(n)}</Typography.Text>
      </span>
    ),
    children: [...n.regions.map(regionNode), ...n.organisations.map(orgNode)],
  })
  const data = shown ? shown.top.map(regionNode) : []
  const byKey = useMemo(
    () => new Map((tree.data?.organisations ?? []).map((o) => [`o:${o.id}`, o])),
    [tree.data],
  )
  // Opened: what the person opened, else the top regions; while searching, the paths to each match.
  const expandedKeys =
    text.trim() !== ''
      ? (shown?.open ?? []).map((c) => `r:${c}`)
      : (opened ?? (built?.top ?? []).map((n) => `r:${n.code}`))

  if (tree.error)
    return (
      <Result
        status="error"
        title={t.common.failed}
        subTitle={tree.error.message}
        extra={<Button onClick={() => tree.refetch()}>{t.common.retry}</Button>}
      />
    )
  if (!tree.data || !built || !shown) return <Skeleton active paragraph={{ rows: 8 }} />
  if (tree.data.total === 0) return <Empty description={x.empty} />

  const detail = (o: Organisation): ReactNode =>
    o.kind === 'institution'
      ? ((o.level && k.levelNames[o.level]) ?? o.level ?? '')
      : o.kind === 'authority'
        ? (o.industry ?? '')
        : ''
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      {tree.data.truncated && (
        <Alert type="info" showIcon title={x.truncated(tree.data.organisations.length, tree.data.total)} />
      )}
      <Input.Search
        aria-label={x.search}
        placeholder={x.searchPlaceholder}
        allowClear
        value={text}
        onChange={(e) => setText(e.target.value)}
        style={{ maxWidth: 420 }}
      />
      <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <div style={{ flex: '1 1 420px', minWidth: 0 }}>
          {data.length === 0 ? (
            <Empty description={x.noMatchTree} />
          ) : (
            <Tree
              aria-label={x.treeTitle}
              showIcon
              blockNode
              height={520}
              treeData={data}
              expandedKeys={expandedKeys}
              onExpand={(keys) => {
                if (text.trim() === '') setOpened(keys.map(String))
              }}
              selectedKeys={chosen ? [`o:${chosen.id}`] : []}
              onSelect={(keys) => {
                const o = byKey.get(String(keys[0]))
                if (o) setChosen(o)
              }}
            />
          )}
          {built.unplaced.length > 0 && (
            <Card size="small" title={x.unplaced} style={{ marginTop: 12 }}>
              {built.unplaced.map((o) => (
                <Button key={o.id} type="link" onClick={() => setChosen(o)}>
                  {o.name}
                </Button>
              ))}
            </Card>
          )}
        </div>
        <Card size="small" title={x.detailTitle} style={{ flex: '0 1 380px', minWidth: 280 }}>
          {chosen ? (
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'name', label: k.name, children: chosen.name },
                { key: 'kind', label: k.kind, children: k.kindNames[chosen.kind] ?? chosen.kind },
                { key: 'region', label: k.region, children: chosen.regionName },
                { key: 'detail', label: k.levelOrIndustry, children: detail(chosen) || '—' },
                { key: 'base', label: k.base, children: chosen.isBase ? x.yes : '—' },
                {
                  key: 'categories',
                  label: k.categories,
                  children: chosen.occupationCategories.join('、') || '—',
                },
                {
                  key: 'uscc',
                  label: k.uscc,
                  children: <span style={{ fontFamily: 'monospace' }}>{chosen.uscc ?? '—'}</span>,
                },
              ]}
            />
          ) : (
            <Typography.Text type="secondary">{x.pickOne}</Typography.Text>
          )}
        </Card>
      </div>
    </Space>
  )
}
