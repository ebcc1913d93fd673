import { LeftOutlined, QuestionCircleOutlined, RightOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Popover,
  Result,
  Row,
  Skeleton,
  Space,
  Tooltip,
  Typography,
} from 'antd'
import { useCallback, useEffect, useRef, useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { findPolicy } from '../../../../src/policy/registry.js'
import { api, dataOf } from '../../api/client.js'
import { useT } from '../../i18n/i18n.js'
import { type Decision, DecisionModal } from './DecisionModal.js'
import { EvidencePane } from './EvidencePane.js'
import { RecordPane } from './RecordPane.js'
import { nextAfter, QUEUE_IDS_KEY, type QueueKey, useQueueKeys } from './review-queue.js'
import { type ApplicationDetail, useApplication } from './use-application.js'
import { YearPane } from './YearPane.js'

/** The keys a clerk working through the queue uses; never while typing in a field. */
const SHORTCUTS = [
  ['A', 'approve'],
  ['D', 'lower'],
  ['R', 'return'],
  ['X', 'reject'],
  ['J / →', 'next'],
  ['K / ←', 'previous'],
  ['?', 'help'],
] as const

const typing = (target: EventTarget | null) => {
  const el = target as HTMLElement | null
  if (!el) return false
  const tag = el.tagName
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable
}

const KBD = {
  display: 'inline-block',
  minWidth: 18,
  padding: '0 4px',
  marginInlineStart: 4,
  border: '1px solid currentColor',
  borderRadius: 3,
  fontSize: 11,
  lineHeight: '16px',
  fontFamily: 'inherit',
  opacity: 0.75,
} as const

/** A dialog or an image preview is showing: keys belong to it. */
const overlayOpen = () =>
  Array.from(document.querySelectorAll('.ant-modal-wrap, .ant-image-preview')).some(
    (el) => getComputedStyle(el).display !== 'none',
  )

const Kbd = ({ k }: { k: string }) => <kbd style={KBD}>{k}</kbd>

/** One application, side by side: the evidence on the left, the record, the proposal, the year and the decision on the right. */
export default function Review() {
  const { t } = useT()
  const r = t.reviewPage
  const { personKey = '', id = '' } = useParams()
  const navigate = useNavigate()
  const client = useQueryClient()
  const { modal, message } = App.useApp()
  const detail = useApplication(personKey, id)
  const queue = useQueueKeys()
  const [decision, setDecision] = useState<Decision>()
  const [help, setHelp] = useState(false)
  const [busy, setBusy] = useState(false)

  const keys = queue.data?.keys ?? []
  const at = keys.findIndex((k) => k.id === id && k.personKey === personKey)
  const goTo = useCallback((k: QueueKey) => navigate(`/reviews/${k.personKey}/${k.id}`), [navigate])
  // Where the address bar is now (not where the last render was): keys pressed quickly step on from there.
  const step = useCallback(
    (by: 1 | -1) => {
      const [, , pk, current] = window.location.pathname.split('/')
      const here = keys.findIndex((k) => k.id === current && k.personKey === pk)
      const k = keys[here + by]
      if (here >= 0 && k) goTo(k)
    },
    [keys, goTo],
  )
  const waiting = detail.data?.application.status === 'submitted'
  const proposal = detail.data?.proposal

  /** After a decision: the next waiting application after this one in the queue, else back to the queue. */
  const afterDecision = useCallback(
    async (done: string) => {
      message.success(done)
      const before = keys
      await client.invalidateQueries({ queryKey: ['review-queue'] })
      const now = (await client.fetchQuery({ queryKey: QUEUE_IDS_KEY, staleTime: 0 })) as { keys: QueueKey[] }
      await client.invalidateQueries({ queryKey: ['application', personKey, id] })
      const next = nextAfter(before, now.keys, { personKey, id })
      if (next) goTo(next)
      else {
        message.info(r.queueDone)
        navigate('/reviews')
      }
    },
    [client, keys, personKey, id, goTo, navigate, message, r.queueDone],
  )

  const approve = useCallback(() => {
    if (!proposal) return
    modal.confirm({
      title: r.approveConfirm(proposal.hours),
      content: r.approveConfirmBody,
      okText: r.approve,
      cancelText: r.cancel,
      onOk: async () => {
        setBusy(true)
        try {
          dataOf(
            await api.POST('/api/applications/{personKey}/{id}/approve', {
              params: { path: { personKey, id } },
              body: {},
            }),
          )
          await afterDecision(r.done.approve)
        } catch (e) {
          message.error((e as Error).message)
        } finally {
          setBusy(false)
        }
      },
    })
  }, [proposal, modal, r, personKey, id, afterDecision, message])

  const open = useCallback(
    (d: Decision) => {
      if (d === 'lower' && !proposal) return
      setDecision(d)
    },
    [proposal],
  )

  // The keys act on what is on screen now: the handler reads this render's actions, registered once.
  const latest = useRef({ step, approve, open, waiting, decision, busy })
  latest.current = { step, approve, open, waiting, decision, busy }
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const now = latest.current
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target) || now.decision || now.busy) return
      if (overlayOpen()) return
      const key = e.key.toLowerCase()
      const act: Record<string, () => void> = {
        j: () => now.step(1),
        arrowright: () => now.step(1),
        k: () => now.step(-1),
        arrowleft: () => now.step(-1),
        '?': () => setHelp((h) => !h),
        ...(now.waiting
          ? {
              a: now.approve,
              d: () => now.open('lower'),
              r: () => now.open('return'),
              x: () => now.open('reject'),
            }
          : {}),
      }
      const run = act[key]
      if (run) {
        e.preventDefault()
        // After this key event: a dialog opened now would focus its field in time to receive the letter.
        window.setTimeout(run, 0)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  if (detail.error)
    return (
      <Result
        status={'status' in detail.error && detail.error.status === 404 ? '404' : 'error'}
        title={r.notFound}
        subTitle={detail.error.message}
        extra={
          <Button type="primary" onClick={() => navigate('/reviews')}>
            {r.backToQueue}
          </Button>
        }
      />
    )
  const d = detail.data
  const shortcutHelp = (
    <table style={{ borderSpacing: '12px 4px' }}>
      <tbody>
        {SHORTCUTS.map(([k, what]) => (
          <tr key={what}>
            <td>
              <Kbd k={k} />
            </td>
            <td>{r.keys[what]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/reviews">{r.queue}</Link> }, { title: r.title }]} />
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
          {d
            ? r.heading(d.personName, t.kinds[d.application.record.kind] ?? d.application.record.kind)
            : r.title}
        </Typography.Title>
        <Space wrap>
          <Typography.Text type="secondary">
            {at >= 0 ? r.position(at + 1, queue.data?.total ?? keys.length) : queue.data ? r.notInQueue : ''}
          </Typography.Text>
          <Tooltip title={<>{r.previous} (K / ←)</>}>
            <Button
              icon={<LeftOutlined />}
              disabled={at <= 0}
              onClick={() => step(-1)}
              aria-label={r.previous}
            />
          </Tooltip>
          <Tooltip title={<>{r.next} (J / →)</>}>
            <Button
              icon={<RightOutlined />}
              disabled={at < 0 || at >= keys.length - 1}
              onClick={() => step(1)}
              aria-label={r.next}
            />
          </Tooltip>
          <Popover
            title={r.shortcutsTitle}
            content={shortcutHelp}
            open={help}
            onOpenChange={setHelp}
            trigger="click"
            placement="bottomRight"
          >
            <Button icon={<QuestionCircleOutlined />}>
              {r.shortcuts} <Kbd k="?" />
            </Button>
          </Popover>
        </Space>
      </div>

      {!d ? (
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      ) : (
        <Row gutter={16} wrap={false} style={{ alignItems: 'flex-start' }}>
          <Col flex="1 1 0" style={{ minWidth: 0, position: 'sticky', top: 12 }}>
            <EvidencePane personKey={personKey} id={id} evidence={d.evidence} />
          </Col>
          <Col flex="0 0 440px" style={{ minWidth: 0 }}>
            <Space direction="vertical" size={12} style={{ width: '100%' }}>
              {waiting ? (
                <DecisionBar busy={busy} canLower={Boolean(proposal)} onApprove={approve} onOpen={open} />
              ) : (
                <Decided detail={d} />
              )}
              <ProposalCard detail={d} />
              <RecordPane detail={d} />
              {d.yearSoFar && <YearPane year={d.yearSoFar} adding={waiting ? (proposal?.hours ?? 0) : 0} />}
            </Space>
          </Col>
        </Row>
      )}
      {d && decision && (
        <DecisionModal
          decision={decision}
          personKey={personKey}
          id={id}
          proposed={proposal?.hours ?? 0}
          onClose={() => setDecision(undefined)}
          onDone={async (done) => {
            setDecision(undefined)
            await afterDecision(done)
          }}
        />
      )}
    </Space>
  )
}

function DecisionBar(props: {
  busy: boolean
  canLower: boolean
  onApprove: () => void
  onOpen: (d: Decision) => void
}) {
  const { t } = useT()
  const r = t.reviewPage
  return (
    <Card size="small" title={r.actions}>
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8 }}>
        <Button type="primary" loading={props.busy} disabled={!props.canLower} onClick={props.onApprove}>
          {r.approve} <Kbd k="A" />
        </Button>
        <Button disabled={!props.canLower} onClick={() => props.onOpen('lower')}>
          {r.lower} <Kbd k="D" />
        </Button>
        <Button onClick={() => props.onOpen('return')}>
          {r.returnTitle} <Kbd k="R" />
        </Button>
        <Button danger onClick={() => props.onOpen('reject')}>
          {r.rejectTitle} <Kbd k="X" />
        </Button>
      </div>
    </Card>
  )
}

function Decided({ detail }: { detail: ApplicationDetail }) {
  const { t } = useT()
  const r = t.reviewPage
  const a = detail.application
  return (
    <Alert
      type={a.status === 'approved' ? 'success' : a.status === 'rejected' ? 'error' : 'warning'}
      showIcon
      title={r.decidedAs(r.status[a.status] ?? a.status)}
      description={a.reviewNote ? r.noteIs(a.reviewNote) : undefined}
    />
  )
}

function ProposalCard({ detail }: { detail: ApplicationDetail }) {
  const { t } = useT()
  const r = t.reviewPage
  const p = detail.proposal
  if (!p)
    return detail.application.status === 'submitted' ? (
      <Alert type="warning" showIcon title={r.noProposal} />
    ) : null
  const policy = findPolicy(p.policy)
  return (
    <Card size="small" title={r.proposal}>
      <div style={{ display: 'flex', alignItems: 'baseline', gap: 16, flexWrap: 'wrap' }}>
        <Typography.Text strong style={{ fontSize: 28, lineHeight: 1.2 }} data-testid="proposed-hours">
          {r.hours(p.hours)}
        </Typography.Text>
        <Typography.Text type="secondary">
          {r.public} {p.public} · {r.professional} {p.professional}
        </Typography.Text>
      </div>
      <Descriptions
        size="small"
        column={1}
        style={{ marginTop: 8 }}
        items={[
          { key: 'basis', label: r.basis, children: p.basis },
          {
            key: 'policy',
            label: r.policy,
            children: policy ? `${policy.title}（${policy.documentNo}）` : p.policy,
          },
        ]}
      />
      {p.notes.map((n) => (
        <Typography.Text type="warning" key={n} style={{ display: 'block', fontSize: 12 }}>
          {n}
        </Typography.Text>
      ))}
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 4 }}>
        {r.proposalHint}
      </Typography.Text>
    </Card>
  )
}
