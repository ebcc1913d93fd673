import { useQuery } from '@tanstack/react-query'
import {
  Button,
  Descriptions,
  Drawer,
  List,
  Result,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd'
import { useSearchParams } from 'react-router'
import {
  ADVANCED_SEMINAR_REPORT,
  PUBLIC_COURSE_ORGANISERS,
  PUBLISH_A_MONTH_AHEAD,
} from '../../../../src/policy/procedures.js'
import { findPolicy } from '../../../../src/policy/registry.js'
import { revocationBasis } from '../../../../src/policy/revocation.js'
import { api, dataOf } from '../../api/client.js'
import type { paths } from '../../api/schema.js'
import { PageHeading } from '../../components/PageHeading.js'
import { useT } from '../../i18n/i18n.js'

type InForce = paths['/api/policies']['get']['responses'][200]['content']['application/json']['items'][number]

/** The clauses the product applies from one text, each with its citation, as the engine and the services cite them. */
function clausesOf(id: string): { basis: string; rule: string }[] {
  const p = findPolicy(id)
  if (!p) return []
  const out: { basis: string; rule: string }[] = [
    { basis: p.inForceBasis, rule: '施行日期' },
    { basis: p.waysBasis, rule: '继续教育方式' },
    ...Object.values(p.caps).map((c) => ({ basis: c.basis, rule: c.label })),
  ]
  if (p.makeUpBasis) out.push({ basis: p.makeUpBasis, rule: '因伤病、孕产等次年补学' })
  for (const r of [PUBLISH_A_MONTH_AHEAD, ADVANCED_SEMINAR_REPORT, ...PUBLIC_COURSE_ORGANISERS])
    if (r.policy === id) out.push({ basis: r.basis, rule: r.rule })
  const fraud = revocationBasis(id, 'fraud')
  const error = revocationBasis(id, 'error')
  out.push({ basis: fraud.basis, rule: fraud.says }, { basis: error.basis, rule: error.says })
  // One line per citation: a clause cited for two things is listed once, with both.
  const merged = new Map<string, string[]>()
  for (const c of out) merged.set(c.basis, [...(merged.get(c.basis) ?? []), c.rule])
  return [...merged].map(([basis, rules]) => ({ basis, rule: [...new Set(rules)].join('；') }))
}

/**
 * 现行政策: every policy in force in this deployment, with its document number, jurisdiction, validity and the
 * years it applies here, each opening on the clauses the product applies from it. Read-only, for every HR
 * department and the public (the top HR department changes the settings on 适用政策).
 */
export default function PoliciesInForce() {
  const { t } = useT()
  const k = t.policiesInForcePage
  const [params, setParams] = useSearchParams()
  const policies = useQuery({
    queryKey: ['policies-in-force'],
    queryFn: async () => dataOf(await api.GET('/api/policies', { params: { query: { pageSize: '200' } } })),
  })
  const open = policies.data?.items.find((p) => p.id === params.get('policy'))

  const columns: TableColumnsType<InForce> = [
    {
      key: 'title',
      title: k.docTitle,
      render: (_, p) => <Typography.Text strong>{p.title}</Typography.Text>,
    },
    {
      key: 'documentNo',
      title: k.documentNo,
      width: 180,
      render: (_, p) =>
        p.documentNo === p.title ? (
          <Typography.Text type="secondary">{k.noNumber}</Typography.Text>
        ) : (
          p.documentNo
        ),
    },
    { key: 'jurisdiction', title: k.jurisdiction, dataIndex: 'jurisdictionName', width: 110 },
    {
      key: 'validity',
      title: k.validity,
      width: 200,
      render: (_, p) =>
        p.effectiveTo ? k.validRange(p.effectiveFrom, p.effectiveTo) : k.validFrom(p.effectiveFrom),
    },
    {
      key: 'here',
      title: k.here,
      width: 150,
      render: (_, p) => (p.toYear === null ? k.yearsFrom(p.fromYear) : k.yearsRange(p.fromYear, p.toYear)),
    },
    {
      key: 'clauses',
      title: k.clauses,
      width: 90,
      render: (_, p) => (
        <Button
          type="link"
          size="small"
          href={`?policy=${p.id}`}
          onClick={(e) => {
            e.preventDefault()
            setParams({ policy: p.id })
          }}
        >
          {k.open}
        </Button>
      ),
    },
  ]

  if (policies.error)
    return (
      <Result
        status="error"
        title={t.common.failed}
        subTitle={policies.error.message}
        extra={<Button onClick={() => policies.refetch()}>{t.common.retry}</Button>}
      />
    )
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <PageHeading crumb={k.crumb} title={k.title} intro={k.intro} />
      <Table<InForce>
        rowKey="id"
        columns={columns}
        dataSource={policies.data?.items ?? []}
        loading={policies.isPending}
        pagination={false}
        scroll={{ x: 900 }}
      />
      <Drawer
        open={open !== undefined}
        onClose={() => setParams({})}
        title={open ? k.clausesOf(open.title) : ''}
        size={560}
      >
        {open && (
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'no', label: k.documentNo, children: open.documentNo },
                { key: 'j', label: k.jurisdiction, children: open.jurisdictionName },
                {
                  key: 'v',
                  label: k.validity,
                  children: open.effectiveTo
                    ? k.validRange(open.effectiveFrom, open.effectiveTo)
                    : k.validFrom(open.effectiveFrom),
                },
                ...(open.extends
                  ? [
                      {
                        key: 'x',
                        label: k.extends,
                        children: <Tag>{findPolicy(open.extends)?.documentNo}</Tag>,
                      },
                    ]
                  : []),
                {
                  key: 'r',
                  label: k.required,
                  children: (() => {
                    const r = findPolicy(open.id)?.required
                    return r ? k.requiredOf(r.total, r.public, r.professional) : '—'
                  })(),
                },
              ]}
            />
            <List
              header={<Typography.Text strong>{k.clauseList}</Typography.Text>}
              dataSource={clausesOf(open.id)}
              renderItem={(c) => (
                <List.Item>
                  <List.Item.Meta title={c.basis} description={c.rule} />
                </List.Item>
              )}
            />
          </Space>
        )}
      </Drawer>
    </Space>
  )
}
