import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  Form,
  Grid,
  Input,
  Result,
  Row,
  Select,
  Skeleton,
  Space,
  Typography,
} from 'antd'
import { type ReactNode, useMemo, useRef, useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { isIsoDate } from '../../../../src/policy/records.js'
import { findPolicy } from '../../../../src/policy/registry.js'
import type { ActivityRecord, Kind, RecordCredit } from '../../../../src/policy/types.js'
import { type FieldSpec, VOCABULARY } from '../../../../src/policy/vocabulary.js'
import { ApiFailure, api, dataOf } from '../../api/client.js'
import { showApiError } from '../../api/form-errors.js'
import { uploadEvidence } from '../../api/upload.js'
import { useT } from '../../i18n/i18n.js'
import { EvidencePicker, type PickedFile } from './register/EvidencePicker.js'
import { MAX_EVIDENCE_BYTES, MAX_FILES, refusalOf, sizeText } from './register/evidence-files.js'
import { FieldControl, type FieldText } from './register/FieldControl.js'
import {
  type FormValues,
  fieldsOf,
  kindGroupsFor,
  previewLocally,
  recordOf,
  sameCredit,
  valuesOf,
} from './register/form-spec.js'
import { PreviewCard } from './register/PreviewCard.js'

/** Today in China, YYYY-MM-DD: no activity is registered before it has happened (the API says the same). */
const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)

/** The vocabulary's words as a sentence: capitalised (English). */
const sentence = (words: string) => words.charAt(0).toUpperCase() + words.slice(1)

type Phase = 'idle' | 'checking' | 'saving' | 'uploading' | 'uploadFailed'
type Credit = Pick<RecordCredit, 'public' | 'professional' | 'basis'>

/**
 * 学时申报: a new application (/me/register), or a returned one corrected and submitted again
 * (/me/applications/:id/edit). The form is the record vocabulary's, the preview the engine's in the
 * browser, confirmed by the server's on submitting; the evidence goes up after the application is saved.
 */
export default function Register() {
  const { t } = useT()
  const { id: editId } = useParams()
  const me = useQuery({ queryKey: ['me'], queryFn: async () => dataOf(await api.GET('/api/me')) })
  const personKey = me.data?.personKey
  const application = useQuery({
    queryKey: ['application', personKey, editId],
    enabled: editId !== undefined && personKey !== undefined,
    queryFn: async () =>
      dataOf(
        await api.GET('/api/applications/{personKey}/{id}', {
          params: { path: { personKey: personKey as string, id: editId as string } },
        }),
      ),
  })
  const failed = me.error ?? application.error
  if (failed)
    return (
      <Result
        status="error"
        title={t.common.failed}
        subTitle={failed.message}
        extra={
          <Button onClick={() => (me.error ? me.refetch() : application.refetch())}>{t.common.retry}</Button>
        }
      />
    )
  if (!personKey || (editId && !application.data))
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    )
  const detail = application.data
  if (detail && detail.application.status !== 'returned')
    return (
      <Result
        status="warning"
        title={t.registerPage.notReturned}
        extra={
          <Link to={`/me/applications/${editId}`}>
            <Button type="primary">{t.registerPage.viewApplication}</Button>
          </Link>
        }
      />
    )
  return (
    <RegisterForm
      personKey={personKey}
      editId={editId}
      initial={detail ? (detail.application.record as Record<string, unknown>) : undefined}
      reviewNote={detail?.application.reviewNote ?? null}
      stored={detail?.evidence ?? []}
    />
  )
}

interface FormProps {
  personKey: string
  editId: string | undefined
  /** The record of the application being corrected. */
  initial: Record<string, unknown> | undefined
  reviewNote: string | null
  stored: { id: string; filename: string; size: number; mediaType: string }[]
}

function RegisterForm({ personKey, editId, initial, reviewNote, stored }: FormProps) {
  const { t } = useT()
  const r = t.registerPage
  const { message, modal } = App.useApp()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const wide = Grid.useBreakpoint().lg
  const [form] = Form.useForm<FormValues>()
  const values: FormValues = Form.useWatch((v) => v, form) ?? initial ?? {}
  const [files, setFilesState] = useState<PickedFile[]>([])
  // The files as of the last change, for the async steps (picking, uploading) that outlive a render.
  const filesRef = useRef<PickedFile[]>([])
  const setFiles = (change: (now: PickedFile[]) => PickedFile[]) => {
    filesRef.current = change(filesRef.current)
    setFilesState(filesRef.current)
  }
  const [refusals, setRefusals] = useState<string[]>([])
  const [phase, setPhase] = useState<Phase>('idle')
  const [error, setError] = useState<string>()
  const [server, setServer] = useState<Credit>()
  const [savedId, setSavedId] = useState<string>()
  const uid = useRef(0)
  const today = chinaToday()

  const kind = VOCABULARY[values.kind as Kind] ? (values.kind as Kind) : undefined
  const year = isIsoDate(values.date) ? Number(values.date.slice(0, 4)) : Number(today.slice(0, 4))
  const view = useQuery({
    queryKey: ['person-year', personKey, year],
    queryFn: async () =>
      dataOf(
        await api.GET('/api/persons/{personKey}/years/{year}', {
          params: { path: { personKey, year: String(year) } },
        }),
      ),
    retry: false,
  })
  const policy = view.data ? findPolicy(view.data.policy) : undefined
  const fields = kind ? fieldsOf(kind, policy) : []
  const textOf = (f: FieldSpec): FieldText => {
    const own = kind ? (r.fields[kind] as Record<string, FieldText | undefined>)[f.name] : undefined
    const common = (r.common as Record<string, FieldText | undefined>)[f.name]
    const text = own ?? common ?? { label: f[t.lang], help: '' }
    return { ...text, unit: text.unit && (r.units as Record<string, string>)[text.unit] }
  }
  const record = kind ? recordOf(kind, values, fields) : undefined
  const ledger = useMemo(
    () =>
      (view.data?.entries ?? [])
        .filter((e) => e.record)
        .map((e) => ({ ...e.record, id: e.id }) as unknown as ActivityRecord),
    [view.data],
  )
  const preview = policy && record ? previewLocally(policy, year, ledger, record, fields) : undefined
  const labelOf = (name: string) => {
    const field = fields.find((f) => f.name === name)
    return field
      ? textOf(field).label
      : ((r.common as Record<string, FieldText | undefined>)[name]?.label ?? name)
  }
  const labels =
    preview?.state === 'missing'
      ? preview.fields.map(labelOf)
      : preview?.state === 'invalid'
        ? [labelOf(preview.field)]
        : []
  const busy = phase === 'checking' || phase === 'saving' || phase === 'uploading'
  const locked = busy || savedId !== undefined

  const pick = async (file: File) => {
    const refusal = await refusalOf(file)
    const size = sizeText(file.size)
    const problem =
      refusal === 'wrongType'
        ? r.evidence.wrongType(file.name, size)
        : refusal === 'tooBig'
          ? r.evidence.tooBig(file.name, size, sizeText(MAX_EVIDENCE_BYTES))
          : refusal === 'empty'
            ? r.evidence.empty(file.name)
            : undefined
    const now = filesRef.current
    const refused =
      problem ??
      (now.some((f) => f.file.name === file.name && f.file.size === file.size)
        ? r.evidence.duplicate(file.name)
        : now.length >= MAX_FILES
          ? r.evidence.tooMany(MAX_FILES)
          : undefined)
    if (refused) return setRefusals((all) => (all.includes(refused) ? all : [...all, refused]))
    uid.current += 1
    const picked: PickedFile = { uid: String(uid.current), file, status: 'waiting', sent: 0 }
    setFiles((all) => [...all, picked])
  }
  const update = (key: string, change: Partial<PickedFile>) =>
    setFiles((now) => now.map((f) => (f.uid === key ? { ...f, ...change } : f)))
  const messageOf = (e: unknown) =>
    e instanceof ApiFailure && (e.error.code === 'network' || e.error.code === 'aborted')
      ? r.networkError
      : e instanceof Error
        ? e.message
        : String(e)

  /** Sends the files not sent yet, one after the other; true when every one is stored. */
  const uploadAll = async (applicationId: string): Promise<boolean> => {
    const pending = filesRef.current.filter((f) => f.status !== 'done')
    setPhase('uploading')
    let ok = true
    for (const f of pending) {
      update(f.uid, { status: 'uploading', sent: 0, error: undefined })
      try {
        await uploadEvidence(personKey, applicationId, f.file, (sent) => update(f.uid, { sent })).done
        update(f.uid, { status: 'done', sent: f.file.size })
      } catch (e) {
        ok = false
        update(f.uid, { status: 'failed', error: messageOf(e) })
      }
    }
    return ok
  }

  const finish = async (applicationId: string) => {
    await queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'session' })
    message.success(editId ? r.resubmitted : r.submitted)
    navigate(`/me/applications/${applicationId}`, { state: { notice: editId ? 'resubmitted' : 'submitted' } })
  }

  const retryUpload = async () => {
    if (!savedId) return
    setError(undefined)
    if (await uploadAll(savedId)) return finish(savedId)
    setPhase('uploadFailed')
  }

  const submit = async () => {
    setError(undefined)
    let valid: FormValues
    try {
      valid = await form.validateFields()
    } catch {
      return // the form shows what is wrong next to each field
    }
    const chosen = valid.kind as Kind
    const body = recordOf(chosen, valid, fieldsOf(chosen, policy))
    // What the form does not show stays as it was (a system's dedupKey on a returned application).
    if (initial?.dedupKey !== undefined && initial.kind === chosen) body.dedupKey = initial.dedupKey
    if (files.length + stored.length === 0) {
      const go = await modal.confirm({
        title: r.noEvidenceTitle,
        content: r.noEvidenceBody,
        okText: r.noEvidenceOk,
        cancelText: r.noEvidenceCancel,
      })
      if (!go) return
    }
    try {
      setPhase('checking')
      const confirmed = dataOf(await api.POST('/api/preview', { body: body as never })).credit
      setServer(confirmed)
      const local = preview?.state === 'credited' ? preview.credit : undefined
      if (local && !sameCredit(local, confirmed)) {
        const words = (c: Credit) => r.preview.creditWords(c.public + c.professional, c.basis)
        const go = await modal.confirm({
          title: r.preview.differsTitle,
          content: r.preview.differsBody(words(local), words(confirmed)),
          okText: r.preview.differsOk,
          cancelText: r.preview.differsCancel,
        })
        if (!go) return setPhase('idle')
      }
      setPhase('saving')
      const id = editId
        ? dataOf(
            await api.PUT('/api/applications/{personKey}/{id}', {
              params: { path: { personKey, id: editId } },
              body: body as never,
            }),
          ).id
        : dataOf(await api.POST('/api/applications', { body: body as never })).application.id
      setSavedId(id)
      if (await uploadAll(id)) return finish(id)
      setPhase('uploadFailed')
    } catch (e) {
      setPhase('idle')
      setError(e instanceof ApiFailure && e.error.code !== 'network' ? showApiError(form, e) : messageOf(e))
    }
  }

  // The chosen kind stays listed when a date in another year brings a policy that does not credit it.
  const groups = kindGroupsFor(policy, kind ?? (initial?.kind as string | undefined))
  const kindSelect = (
    <Form.Item
      name="kind"
      label={r.common.kind.label}
      extra={
        kind
          ? sentence(VOCABULARY[kind][t.lang])
          : policy
            ? r.kindsNote(policy.documentNo)
            : r.common.kind.help
      }
      rules={[{ required: true, message: r.choose(r.common.kind.label) }]}
    >
      <Select
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={r.choose(r.common.kind.label)}
        options={groups.map((g) => ({
          label: r.groups[g.key],
          title: r.groups[g.key],
          options: g.kinds.map((k) => ({ value: k, label: t.kinds[k] ?? k })),
        }))}
      />
    </Form.Item>
  )

  // The form keeps the values of fields it no longer shows (antd's default): nothing typed is ever wiped by
  // a field unmounting, and recordOf takes only the chosen kind's fields.
  const activity = (
    <Card size="small" title={r.activity}>
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={initial ? valuesOf(initial) : undefined}
        disabled={locked}
        requiredMark
        onFinish={submit}
      >
        {kindSelect}
        <Row gutter={16}>
          <Col xs={24} md={10}>
            <Form.Item
              name="date"
              label={r.common.date.label}
              extra={r.common.date.help}
              rules={[
                { required: true, message: r.fill(r.common.date.label) },
                {
                  validator: async (_, v: unknown) => {
                    if (typeof v === 'string' && v > today) throw new Error(r.dateFuture(today))
                  },
                },
              ]}
            >
              <Input type="date" max={today} style={{ maxWidth: 240 }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={14}>
            <Form.Item name="title" label={r.optional(r.common.title.label)} extra={r.common.title.help}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
        {kind && fields.map((f) => <FieldControl key={`${kind}.${f.name}`} spec={f} text={textOf(f)} />)}
      </Form>
    </Card>
  )

  const previewCard = (
    <PreviewCard
      empty={!kind}
      loading={view.isPending}
      noPolicy={view.isError}
      policy={policy}
      preview={preview}
      labels={labels}
      server={server}
    />
  )

  const evidence = (
    <Card size="small" title={r.evidence.title}>
      <EvidencePicker
        files={files}
        stored={stored}
        refusals={refusals}
        disabled={busy}
        onChoose={() => setRefusals([])}
        onPick={pick}
        onRemove={(key) => setFiles((now) => now.filter((f) => f.uid !== key))}
      />
    </Card>
  )

  const done = files.filter((f) => f.status === 'done').length
  const progress: Record<Phase, ReactNode> = {
    idle: null,
    checking: r.checking,
    saving: r.saving,
    uploading: r.uploadingFiles(done, files.length),
    uploadFailed: null,
  }
  const actions = (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon role="alert" title={error} />}
      {phase === 'uploadFailed' && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={r.uploadFailed}
          description={files
            .filter((f) => f.status === 'failed')
            .map((f) => <div key={f.uid}>{r.fileError(f.file.name, f.error ?? '')}</div>)}
        />
      )}
      <Space wrap>
        {phase === 'uploadFailed' && savedId ? (
          <>
            <Button type="primary" onClick={retryUpload}>
              {r.retryUpload}
            </Button>
            <Link to={`/me/applications/${savedId}`}>
              <Button>{r.viewApplication}</Button>
            </Link>
          </>
        ) : (
          <>
            <Button type="primary" size="large" loading={busy} disabled={locked && !busy} onClick={submit}>
              {editId ? r.resubmit : r.submit}
            </Button>
            <Link to={editId ? `/me/applications/${editId}` : '/me/year'}>
              <Button size="large" disabled={busy}>
                {r.cancel}
              </Button>
            </Link>
          </>
        )}
        {progress[phase] && (
          <Typography.Text type="secondary" aria-live="polite">
            {progress[phase]}
          </Typography.Text>
        )}
      </Space>
    </Space>
  )

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {editId && (
        <Breadcrumb
          items={[
            { title: <Link to="/me/applications">{r.applications}</Link> },
            { title: <Link to={`/me/applications/${editId}`}>{r.detail}</Link> },
            { title: r.editTitle },
          ]}
        />
      )}
      <div>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {editId ? r.editTitle : r.title}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0' }}>
          {r.intro}
        </Typography.Paragraph>
      </div>
      {editId && (
        <Alert type="warning" showIcon title={r.returnedBy(reviewNote ?? '—')} description={r.returnedHint} />
      )}
      {/* One tree at every width: the form must never be unmounted and mounted again by a change of width. */}
      <Row gutter={16} align="top">
        <Col xs={24} lg={15}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {activity}
            {!wide && previewCard}
            {evidence}
            {actions}
          </Space>
        </Col>
        {wide && (
          <Col span={9} style={{ position: 'sticky', top: 80 }}>
            {previewCard}
          </Col>
        )}
      </Row>
    </Space>
  )
}
