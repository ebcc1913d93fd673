import { LoadingOutlined } from '@ant-design/icons'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Progress,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { useNavigate, useParams } from 'react-router'
import { api, dataOf } from '../../api/client.js'
import { showApiError } from '../../api/form-errors.js'
import type { paths } from '../../api/schema.js'
import { PagedTable } from '../../components/PagedTable.js'
import { PageHeading } from '../../components/PageHeading.js'
import { useT } from '../../i18n/i18n.js'
import { hoursOf } from './InstitutionOversight.js'

type Round =
  paths['/api/evaluations']['get']['responses'][200]['content']['application/json']['items'][number]
type Entry =
  paths['/api/evaluations/{id}']['get']['responses'][200]['content']['application/json']['entries']['items'][number]
type Grade = NonNullable<Entry['grade']>
const GRADES: Grade[] = ['excellent', 'qualified', 'basically_qualified', 'unqualified']
const PAGE_SIZE = 20
/** How often a freezing round is asked after. */
const POLL_MS = 2000
const THIS_YEAR = new Date().getFullYear()

/**
 * 考核评估 (江西省人民政府令第259号 第十八条): the HR department's rounds; opening one freezes the indicators of every
 * listed institution of its region; each is scored and graded, and once all are graded the round is published
 * (after a confirmation: published results are public and final).
 */
export default function Evaluations() {
  const { id } = useParams()
  return id ? <RoundDetail id={id} /> : <Rounds />
}

/** A round's status: blue once published, processing while its indicators are taken, red if that failed. */
function StatusTag({ status }: { status: Round['status'] }) {
  const { t } = useT()
  const color = { freezing: '#0958d9', open: 'default', failed: '#a8071a', published: 'geekblue' }[status]
  return <Tag color={color}>{t.evaluations.statuses[status] ?? status}</Tag>
}

/** Open or published: the round has its institutions, and grading progress means something. */
const scoring = (r: Round) => r.status === 'open' || r.status === 'published'

function Rounds() {
  const { t } = useT()
  const k = t.evaluations
  const { message } = App.useApp()
  const client = useQueryClient()
  const navigate = useNavigate()
  const [page, setPage] = useState(1)
  const [opening, setOpening] = useState(false)
  const [form] = Form.useForm<{ year: number; title: string }>()
  const [error, setError] = useState<string>()
  const list = useQuery({
    queryKey: ['evaluations', page],
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some((r) => r.status === 'freezing') ? POLL_MS : false),
    queryFn: async () =>
      dataOf(
        await api.GET('/api/evaluations', {
          params: { query: { page: String(page), pageSize: String(PAGE_SIZE) } },
        }),
      ),
  })
  const open = useMutation({
    mutationFn: async (v: { year: number; title: string }) =>
      dataOf(await api.POST('/api/evaluations', { body: v })),
    onSuccess: (round) => {
      message.success(k.started)
      setOpening(false)
      void client.invalidateQueries({ queryKey: ['evaluations'] })
      navigate(`/oversight/evaluations/${round.id}`)
    },
    onError: (e) => setError(showApiError(form, e)),
  })
  const year = Form.useWatch('year', form) ?? THIS_YEAR - 1
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <PageHeading title={k.title} intro={k.intro} />
      <div>
        <Button
          type="primary"
          onClick={() => {
            setError(undefined)
            setOpening(true)
          }}
        >
          {k.open}
        </Button>
      </div>
      <PagedTable<Round>
        rowKey="id"
        list={list}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={setPage}
        empty={k.empty}
        columns={[
          { key: 'title', title: k.name, dataIndex: 'title' },
          { key: 'year', title: k.year, dataIndex: 'year', width: 100 },
          {
            key: 'status',
            title: k.status,
            width: 110,
            render: (_, r) => <StatusTag status={r.status} />,
          },
          {
            key: 'progress',
            title: '',
            width: 220,
            render: (_, r) =>
              scoring(r) ? (
                <Space direction="vertical" size={0} style={{ width: '100%' }}>
                  <Progress
                    percent={r.entries === 0 ? 0 : Math.round((r.graded / r.entries) * 100)}
                    size="small"
                  />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {k.progress(r.graded, r.entries)}
                  </Typography.Text>
                </Space>
              ) : (
                '—'
              ),
          },
          { key: 'opened', title: k.openedAt, width: 120, render: (_, r) => r.openedAt.slice(0, 10) },
          {
            key: 'published',
            title: k.publishedAt,
            width: 120,
            render: (_, r) => r.publishedAt?.slice(0, 10) ?? '—',
          },
          {
            key: 'view',
            title: '',
            width: 90,
            render: (_, r) => (
              <Button type="link" onClick={() => navigate(`/oversight/evaluations/${r.id}`)}>
                {k.view}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={opening}
        title={k.openTitle}
        okText={k.open}
        cancelText={k.cancel}
        confirmLoading={open.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpening(false)}
        destroyOnHidden
      >
        {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ year: THIS_YEAR - 1 }}
          onFinish={(v) => {
            setError(undefined)
            open.mutate(v)
          }}
        >
          <Form.Item name="year" label={k.year}>
            <Select
              options={[0, 1, 2, 3].map((n) => ({ value: THIS_YEAR - n, label: String(THIS_YEAR - n) }))}
            />
          </Form.Item>
          <Form.Item
            name="title"
            label={k.name}
            rules={[{ required: true, whitespace: true, message: k.nameRequired }]}
          >
            <Input maxLength={100} placeholder={k.namePlaceholder(year)} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  )
}

function RoundDetail({ id }: { id: string }) {
  const { t } = useT()
  const k = t.evaluations
  const { message } = App.useApp()
  const client = useQueryClient()
  const navigate = useNavigate()
  const [page, setPage] = useState(1)
  const [reviewing, setReviewing] = useState<Entry>()
  const detail = useQuery({
    queryKey: ['evaluation', id, page],
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.round.status === 'freezing' ? POLL_MS : false),
    queryFn: async () =>
      dataOf(
        await api.GET('/api/evaluations/{id}', {
          params: { path: { id }, query: { page: String(page), pageSize: String(PAGE_SIZE) } },
        }),
      ),
  })
  const round = detail.data?.round
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['evaluation', id] })
    void client.invalidateQueries({ queryKey: ['evaluations'] })
  }
  const publish = useMutation({
    mutationFn: async () =>
      dataOf(await api.POST('/api/evaluations/{id}/publish', { params: { path: { id } } })),
    onSuccess: () => {
      message.success(k.published)
      refresh()
    },
    onError: (e) => message.error(e instanceof Error ? e.message : String(e)),
  })
  const entries = {
    data: detail.data?.entries,
    error: detail.error,
    isFetching: detail.isFetching,
    refetch: detail.refetch,
  }
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Breadcrumb
          items={[
            {
              title: (
                <Typography.Link onClick={() => navigate('/oversight/evaluations')}>
                  {k.title}
                </Typography.Link>
              ),
            },
            { title: round?.title },
          ]}
        />
        <Typography.Title level={1} style={{ fontSize: 22, margin: '8px 0 0' }}>
          {round?.title} {round && <StatusTag status={round.status} />}
        </Typography.Title>
        {round && (
          <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
            {round.regionName} · {round.year} ·{' '}
            {scoring(round) ? `${k.progress(round.graded, round.entries)} · ` : ''}
            {round.basis}
          </Typography.Paragraph>
        )}
      </div>
      {round?.status === 'freezing' && (
        <Alert type="info" showIcon icon={<LoadingOutlined />} title={k.freezing} />
      )}
      {round?.status === 'failed' && (
        <Alert type="error" showIcon role="alert" title={k.failed} description={round.failure} />
      )}
      {round?.status === 'open' && (
        <div>
          <Popconfirm
            title={k.publishConfirm}
            okText={k.publish}
            cancelText={k.cancel}
            onConfirm={() => publish.mutate()}
          >
            <Button type="primary" loading={publish.isPending} disabled={round.graded < round.entries}>
              {k.publish}
            </Button>
          </Popconfirm>
        </div>
      )}
      <PagedTable<Entry>
        rowKey="institutionId"
        list={entries}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={setPage}
        empty={round?.status === 'freezing' ? k.entriesFreezing : k.noEntries}
        scroll={{ x: 1100 }}
        columns={[
          {
            key: 'name',
            title: k.institution,
            width: 240,
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                {r.institutionName}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.regionName}
                </Typography.Text>
              </Space>
            ),
          },
          {
            key: 'indicators',
            title: k.indicators,
            render: (_, r) =>
              k.indicatorSummary(
                r.indicators.projects,
                r.indicators.trainees,
                hoursOf(r.indicators.hundredths),
                r.indicators.rostersLate,
                hoursOf(r.indicators.hundredthsRevoked),
              ),
          },
          { key: 'score', title: k.score, width: 80, render: (_, r) => r.score ?? '—' },
          {
            key: 'grade',
            title: k.grade,
            width: 110,
            render: (_, r) =>
              r.grade ? <Tag color="blue">{k.grades[r.grade]}</Tag> : <Tag>{k.notGraded}</Tag>,
          },
          { key: 'remarks', title: k.remarks, width: 200, render: (_, r) => r.remarks ?? '' },
          {
            key: 'review',
            title: '',
            width: 80,
            render: (_, r) =>
              round?.status === 'open' && (
                <Button size="small" onClick={() => setReviewing(r)}>
                  {k.review}
                </Button>
              ),
          },
        ]}
      />
      <ReviewModal roundId={id} entry={reviewing} onClose={() => setReviewing(undefined)} onDone={refresh} />
    </Space>
  )
}

interface ReviewForm {
  score: number
  grade: Grade
  remarks?: string
}

function ReviewModal(p: { roundId: string; entry?: Entry; onClose: () => void; onDone: () => void }) {
  const { t } = useT()
  const k = t.evaluations
  const { message } = App.useApp()
  const [form] = Form.useForm<ReviewForm>()
  const [error, setError] = useState<string>()
  const save = useMutation({
    mutationFn: async (v: ReviewForm) =>
      dataOf(
        await api.PUT('/api/evaluations/{id}/entries/{institutionId}', {
          params: { path: { id: p.roundId, institutionId: p.entry?.institutionId as string } },
          body: v,
        }),
      ),
    onSuccess: () => {
      message.success(k.saved)
      p.onDone()
      p.onClose()
    },
    onError: (e) => setError(showApiError(form, e)),
  })
  return (
    <Modal
      open={p.entry !== undefined}
      title={p.entry && k.reviewTitle(p.entry.institutionName)}
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
        initialValues={{
          score: p.entry?.score ?? undefined,
          grade: p.entry?.grade ?? undefined,
          remarks: p.entry?.remarks ?? undefined,
        }}
        onFinish={(v) => {
          setError(undefined)
          save.mutate(v)
        }}
      >
        <Form.Item name="score" label={k.score} rules={[{ required: true, message: k.scoreRequired }]}>
          <InputNumber min={0} max={100} step={0.5} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="grade" label={k.grade} rules={[{ required: true, message: k.gradeRequired }]}>
          <Select options={GRADES.map((g) => ({ value: g, label: k.grades[g] }))} />
        </Form.Item>
        <Form.Item name="remarks" label={k.remarks}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  )
}
