import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Drawer,
  Form,
  Input,
  List,
  Modal,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { api, dataOf } from '../../api/client.js'
import { showApiError } from '../../api/form-errors.js'
import type { paths } from '../../api/schema.js'
import { PagedTable } from '../../components/PagedTable.js'
import { PageHeading } from '../../components/PageHeading.js'
import { type SanctionGround as Ground, SanctionGroundField } from '../../components/SanctionGroundField.js'
import { useT } from '../../i18n/i18n.js'
import { useSession } from '../../session.js'
import ReasonModal from './ReasonModal.js'

type Institution =
  paths['/api/institutions']['get']['responses'][200]['content']['application/json']['items'][number]
type Indicators = Institution['indicators']
type Sanction = 'warning' | 'criticism' | 'removal'
const PAGE_SIZE = 20
const THIS_YEAR = new Date().getFullYear()
const YEARS = [0, 1, 2, 3, 4].map((n) => THIS_YEAR - n)
/** Hundredths of an hour as the indicators carry them, shown as hours. */
export const hoursOf = (hundredths: number) => (hundredths / 100).toFixed(hundredths % 100 === 0 ? 0 : 2)

/**
 * 机构监管: the region's institutions with the year's indicators computed from the data, their listings in the
 * recommended directory and as bases (江西 第十四、十九条), their credit record (第二十三条); an HR department lists,
 * warns, criticises or removes (第二十五条), an industry authority warns or criticises. Every step asks for its
 * reason, which is published.
 */
export default function InstitutionOversight() {
  const { t } = useT()
  const k = t.institutionOversight
  const { message } = App.useApp()
  const client = useQueryClient()
  const session = useSession()
  const isHr = session.data?.role === 'hr_department'
  const [year, setYear] = useState(THIS_YEAR - 1)
  const [q, setQ] = useState<string>()
  const [removed, setRemoved] = useState(false)
  const [page, setPage] = useState(1)
  const [file, setFile] = useState<Institution>()
  const [designating, setDesignating] = useState<Institution>()
  const [sanction, setSanction] = useState<{ kind: Sanction; institution: Institution }>()
  const [reinstating, setReinstating] = useState<Institution>()

  const list = useQuery({
    queryKey: ['oversight-institutions', year, q, removed, page],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/institutions', {
          params: {
            query: {
              year: String(year),
              q,
              removed: removed ? 'true' : undefined,
              page: String(page),
              pageSize: String(PAGE_SIZE),
            },
          },
        }),
      ),
  })
  const refresh = () => client.invalidateQueries({ queryKey: ['oversight-institutions'] })

  const decide = async (kind: Sanction, institution: Institution, ground: Ground, reason: string) => {
    if (kind === 'removal')
      dataOf(
        await api.POST('/api/institutions/{id}/removal', {
          params: { path: { id: institution.id } },
          body: { reason, ground },
        }),
      )
    else
      dataOf(
        await api.POST('/api/institutions/{id}/warnings', {
          params: { path: { id: institution.id } },
          body: { kind, reason, ground },
        }),
      )
    message.success(kind === 'removal' ? k.removedDone(institution.name) : k.warned)
    void refresh()
    void client.invalidateQueries({ queryKey: ['oversight-file'] })
  }

  const indicator = (title: string, render: (i: Indicators) => string | number, width = 90) => ({
    key: title,
    title,
    width,
    align: 'right' as const,
    render: (_: unknown, r: Institution) => render(r.indicators),
  })

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <PageHeading title={k.title} intro={k.intro} />
      <Card>
        <Space wrap size={16}>
          <Space>
            {k.year}
            <Select
              aria-label={k.year}
              value={year}
              style={{ width: 270 }}
              onChange={(y) => {
                setYear(y)
                setPage(1)
              }}
              options={YEARS.map((y) => ({ value: y, label: k.yearOption(y) }))}
            />
          </Space>
          <Input.Search
            aria-label={k.name}
            allowClear
            maxLength={50}
            placeholder={k.namePlaceholder}
            enterButton={k.search}
            style={{ width: 320 }}
            onSearch={(v) => {
              setQ(v.trim() || undefined)
              setPage(1)
            }}
          />
          <Checkbox
            checked={removed}
            onChange={(e) => {
              setRemoved(e.target.checked)
              setPage(1)
            }}
          >
            {k.includeRemoved}
          </Checkbox>
        </Space>
      </Card>
      <PagedTable<Institution>
        rowKey="id"
        list={list}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={setPage}
        empty={k.empty}
        scroll={{ x: 1500 }}
        title={() => list.data && k.total(list.data.total)}
        columns={[
          {
            key: 'name',
            title: k.name,
            width: 240,
            fixed: 'left',
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <Typography.Link onClick={() => setFile(r)}>{r.name}</Typography.Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.regionName}
                </Typography.Text>
                {r.removedAt && <Tag color="red">{k.removed}</Tag>}
              </Space>
            ),
          },
          {
            key: 'designations',
            title: k.designations,
            width: 170,
            render: (_, r) =>
              r.designations.length === 0 ? (
                k.none
              ) : (
                <Space size={[4, 4]} wrap>
                  {r.designations.map((d) => (
                    <Tag key={d.id} color={d.kind === 'base' ? 'blue' : 'geekblue'} title={d.basis}>
                      {d.kind === 'base'
                        ? k.baseLevels[d.baseLevel ?? '']
                        : k.recommended(d.occupationCategory ?? '')}
                    </Tag>
                  ))}
                </Space>
              ),
          },
          indicator(k.projects, (i) => i.projects, 70),
          indicator(k.publishedLate, (i) => i.publishedLate, 100),
          indicator(k.rostersLate, (i) => `${i.rostersLate} / ${i.rostersDue}`, 120),
          indicator(k.linesReturned, (i) => i.linesReturned),
          indicator(k.rostersCorrected, (i) => i.rostersCorrected),
          indicator(k.trainees, (i) => i.trainees),
          indicator(k.hours, (i) => hoursOf(i.hundredths), 100),
          indicator(k.revoked, (i) => hoursOf(i.hundredthsRevoked)),
          indicator(
            k.rating,
            (i) => (i.ratingMean === null ? k.none : k.ratingValue(i.ratingMean, i.ratings)),
            110,
          ),
          {
            key: 'sanctions',
            title: k.sanctions,
            width: 90,
            align: 'right',
            render: (_, r) => (r.sanctions > 0 ? <Tag color="red">{r.sanctions}</Tag> : 0),
          },
          {
            key: 'actions',
            title: k.actions,
            width: 260,
            fixed: 'right',
            render: (_, r) => (
              <Space size={4} wrap>
                <Button size="small" onClick={() => setFile(r)}>
                  {k.file}
                </Button>
                {!r.removedAt && isHr && (
                  <Button size="small" onClick={() => setDesignating(r)}>
                    {k.designate}
                  </Button>
                )}
                {!r.removedAt && (
                  <Button size="small" onClick={() => setSanction({ kind: 'warning', institution: r })}>
                    {k.warn}
                  </Button>
                )}
                {!r.removedAt && (
                  <Button size="small" onClick={() => setSanction({ kind: 'criticism', institution: r })}>
                    {k.criticise}
                  </Button>
                )}
                {!r.removedAt && isHr && (
                  <Button
                    size="small"
                    danger
                    onClick={() => setSanction({ kind: 'removal', institution: r })}
                  >
                    {k.remove}
                  </Button>
                )}
                {r.removedAt && isHr && (
                  <Button size="small" onClick={() => setReinstating(r)}>
                    {k.reinstate}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <ReasonModal
        open={reinstating !== undefined}
        title={reinstating ? k.reinstateTitle(reinstating.name) : ''}
        okText={k.reinstate}
        cancelText={k.cancel}
        label={k.reinstateReason}
        help={k.reinstateHelp}
        required={k.reasonRequired}
        onSubmit={async (reason) => {
          const institution = reinstating as Institution
          dataOf(
            await api.POST('/api/institutions/{id}/reinstatement', {
              params: { path: { id: institution.id } },
              body: { reason },
            }),
          )
          message.success(k.reinstated(institution.name))
          void refresh()
          void client.invalidateQueries({ queryKey: ['oversight-file'] })
        }}
        onClose={() => setReinstating(undefined)}
      />
      <SanctionModal
        sanction={sanction}
        onSubmit={(ground, reason) =>
          decide(sanction?.kind as Sanction, sanction?.institution as Institution, ground, reason)
        }
        onClose={() => setSanction(undefined)}
      />
      <DesignateModal institution={designating} onClose={() => setDesignating(undefined)} onDone={refresh} />
      <InstitutionFile institution={file} year={year} isHr={isHr} onClose={() => setFile(undefined)} />
    </Space>
  )
}

interface DesignationForm {
  kind: 'recommended' | 'base'
  occupationCategory?: string
  baseLevel?: 'provincial' | 'city'
  basis: string
}

/** 列入推荐目录 by occupation category, or designate a base; the basis (how it was chosen) is published. */
function DesignateModal(p: { institution?: Institution; onClose: () => void; onDone: () => void }) {
  const { t } = useT()
  const k = t.institutionOversight
  const { message } = App.useApp()
  const [form] = Form.useForm<DesignationForm>()
  const [error, setError] = useState<string>()
  const kind = Form.useWatch('kind', form)
  const save = useMutation({
    mutationFn: async (v: DesignationForm) =>
      dataOf(
        await api.POST('/api/institutions/{id}/designations', {
          params: { path: { id: p.institution?.id as string } },
          body: v,
        }),
      ),
    onSuccess: () => {
      message.success(k.designated)
      p.onDone()
      p.onClose()
    },
    onError: (e) => setError(showApiError(form, e)),
  })
  return (
    <Modal
      open={p.institution !== undefined}
      title={p.institution && k.designateTitle(p.institution.name)}
      okText={k.save}
      cancelText={k.cancel}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={() => {
        setError(undefined)
        p.onClose()
      }}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ kind: 'recommended' }}
        onFinish={(v) => {
          setError(undefined)
          save.mutate(v)
        }}
      >
        <Form.Item name="kind" label={k.kind}>
          <Radio.Group
            options={(['recommended', 'base'] as const).map((value) => ({ value, label: k.kinds[value] }))}
          />
        </Form.Item>
        {kind === 'base' ? (
          <Form.Item
            name="baseLevel"
            label={k.baseLevel}
            rules={[{ required: true, message: k.baseLevelRequired }]}
          >
            <Radio.Group
              options={(['provincial', 'city'] as const).map((value) => ({
                value,
                label: k.baseLevels[value],
              }))}
            />
          </Form.Item>
        ) : (
          <Form.Item
            name="occupationCategory"
            label={k.category}
            rules={[{ required: true, whitespace: true, message: k.categoryRequired }]}
          >
            <Input maxLength={50} placeholder={k.categoryHint} />
          </Form.Item>
        )}
        <Form.Item
          name="basis"
          label={k.basis}
          extra={k.basisHelp}
          rules={[{ required: true, whitespace: true, message: k.basisRequired }]}
        >
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

/** 机构档案: the year's indicators, every listing (ended ones with their reason) and the credit record. */
function InstitutionFile(p: { institution?: Institution; year: number; isHr: boolean; onClose: () => void }) {
  const { t } = useT()
  const k = t.institutionOversight
  const client = useQueryClient()
  const { message } = App.useApp()
  const [ending, setEnding] = useState<string>()
  const file = useQuery({
    queryKey: ['oversight-file', p.institution?.id, p.year],
    enabled: p.institution !== undefined,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/institutions/{id}', {
          params: { path: { id: p.institution?.id as string }, query: { year: String(p.year) } },
        }),
      ),
  })
  const f = file.data
  const i = f?.indicators
  return (
    <Drawer
      open={p.institution !== undefined}
      width={720}
      title={p.institution && k.fileTitle(p.institution.name)}
      onClose={p.onClose}
      loading={file.isFetching && !f}
    >
      {f && i && (
        <Space direction="vertical" size={20} style={{ width: '100%' }}>
          {f.removedAt && <Alert type="error" showIcon title={`${k.removed}：${f.removalReason ?? ''}`} />}
          <Descriptions title={k.indicatorsOf(f.year)} bordered size="small" column={2}>
            <Descriptions.Item label={k.projects}>{i.projects}</Descriptions.Item>
            <Descriptions.Item label={k.publishedLate}>{i.publishedLate}</Descriptions.Item>
            <Descriptions.Item label={k.rostersLate}>
              {i.rostersLate} / {i.rostersDue}
            </Descriptions.Item>
            <Descriptions.Item label={k.linesReturned}>{i.linesReturned}</Descriptions.Item>
            <Descriptions.Item label={k.rostersCorrected}>{i.rostersCorrected}</Descriptions.Item>
            <Descriptions.Item label={k.trainees}>{i.trainees}</Descriptions.Item>
            <Descriptions.Item label={k.hours}>{hoursOf(i.hundredths)}</Descriptions.Item>
            <Descriptions.Item label={k.revoked}>
              {hoursOf(i.hundredthsRevoked)}（{i.creditsRevoked}）
            </Descriptions.Item>
            <Descriptions.Item label={k.rating}>
              {i.ratingMean === null ? k.none : k.ratingValue(i.ratingMean, i.ratings)}
            </Descriptions.Item>
          </Descriptions>
          <div>
            <Typography.Title level={5}>{k.designationHistory}</Typography.Title>
            <List
              size="small"
              bordered
              locale={{ emptyText: k.noRecords }}
              dataSource={f.designations}
              renderItem={(d) => (
                <List.Item
                  actions={
                    p.isHr && !d.endedAt
                      ? [
                          <Button key="end" size="small" onClick={() => setEnding(d.id)}>
                            {k.endDesignation}
                          </Button>,
                        ]
                      : []
                  }
                >
                  <List.Item.Meta
                    title={
                      <Space>
                        <Tag color={d.endedAt ? 'default' : d.kind === 'base' ? 'blue' : 'geekblue'}>
                          {d.kind === 'base'
                            ? k.baseLevels[d.baseLevel ?? '']
                            : k.recommended(d.occupationCategory ?? '')}
                        </Tag>
                        {d.endedAt && <Tag>{k.ended2}</Tag>}
                      </Space>
                    }
                    description={
                      <>
                        {d.designatedAt.slice(0, 10)} · {d.designatedBy} · {d.basis}（{d.citation}）
                        {d.endedAt && <div>{k.ended(d.endedAt.slice(0, 10), d.endReason ?? '')}</div>}
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          </div>
          <div>
            <Typography.Title level={5}>{k.creditRecord}</Typography.Title>
            <List
              size="small"
              bordered
              locale={{ emptyText: k.noRecords }}
              dataSource={f.sanctions}
              renderItem={(s) => (
                <List.Item>
                  <List.Item.Meta
                    title={
                      <Space>
                        <Tag color={s.kind === 'removal' ? 'red' : 'default'}>{k.sanctionKinds[s.kind]}</Tag>
                        {s.decidedAt.slice(0, 10)} · {s.decidedBy}
                      </Space>
                    }
                    description={
                      <>
                        {`${s.groundLabel}（${s.groundBasis}）：${s.reason}`}
                        {s.liftedAt && <div>{k.lifted(s.liftedAt.slice(0, 10), s.liftReason ?? '')}</div>}
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          </div>
        </Space>
      )}
      <ReasonModal
        open={ending !== undefined}
        title={k.endTitle}
        okText={k.endDesignation}
        cancelText={k.cancel}
        label={k.reason}
        help={k.endReasonHelp}
        required={k.reasonRequired}
        onSubmit={async (reason) => {
          dataOf(
            await api.POST('/api/institutions/designations/{id}/end', {
              params: { path: { id: ending as string } },
              body: { reason },
            }),
          )
          message.success(k.ended2)
          void client.invalidateQueries({ queryKey: ['oversight-file'] })
          void client.invalidateQueries({ queryKey: ['oversight-institutions'] })
        }}
        onClose={() => setEnding(undefined)}
      />
    </Drawer>
  )
}

/**
 * 警告, 通报批评 or 移出推荐目录 (第二十五条): the rule breached and the facts, both published with the decision; the
 * removal says what follows from it before it is confirmed.
 */
function SanctionModal(p: {
  sanction?: { kind: Sanction; institution: Institution }
  onSubmit: (ground: Ground, reason: string) => Promise<unknown>
  onClose: () => void
}) {
  const { t } = useT()
  const k = t.institutionOversight
  const [form] = Form.useForm<{ ground: Ground; reason: string }>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const kind = p.sanction?.kind
  const submit = async (v: { ground: Ground; reason: string }) => {
    setBusy(true)
    setError(undefined)
    try {
      await p.onSubmit(v.ground, v.reason.trim())
      p.onClose()
    } catch (e) {
      setError(showApiError(form, e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal
      open={p.sanction !== undefined}
      title={
        p.sanction &&
        { warning: k.warnTitle, criticism: k.criticiseTitle, removal: k.removeTitle }[p.sanction.kind](
          p.sanction.institution.name,
        )
      }
      okText={
        kind && { warning: k.confirmWarn, criticism: k.confirmCriticise, removal: k.confirmRemove }[kind]
      }
      cancelText={k.cancel}
      okButtonProps={{ danger: true }}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => {
        setError(undefined)
        p.onClose()
      }}
      destroyOnHidden
    >
      {kind === 'removal' && (
        <Alert type="warning" showIcon title={k.removeHelp} style={{ marginBottom: 12 }} />
      )}
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <SanctionGroundField />
        <Form.Item
          name="reason"
          label={k.reason}
          extra={k.reasonHelp}
          rules={[{ required: true, whitespace: true, message: k.reasonRequired }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  )
}
