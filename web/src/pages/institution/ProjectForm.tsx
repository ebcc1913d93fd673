import { useQuery } from '@tanstack/react-query'
import {
  Alert,
  App,
  Button,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
} from 'antd'
import { useState } from 'react'
import { api, dataOf } from '../../api/client.js'
import { showApiError } from '../../api/form-errors.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'

type Body = paths['/api/projects']['post']['requestBody']['content']['application/json']
/** What antd's DatePicker hands back (a dayjs object): only its formatting is used here. */
type Picked = { format(template: string): string } | null | undefined
type Values = Omit<Body, 'startDate' | 'endDate'> & { startDate?: Picked; endDate?: Picked }

/** The form's unsent values, kept in this browser so a clerk can finish later (the list shows it as a draft). */
export const DRAFT_KEY = 'xueshi.projectDraft'
const picked = (p: Picked) => p?.format('YYYY-MM-DD')

export function readDraft(): Partial<Body> | undefined {
  try {
    const text = localStorage.getItem(DRAFT_KEY)
    return text ? (JSON.parse(text) as Partial<Body>) : undefined
  } catch {
    return undefined
  }
}

/**
 * 公布培训项目: every field 第十六条 lists, the fees (第十五条; none for HR departments' and authorities' own
 * activities, 第十二条), and, where the jurisdiction requires publication a month ahead, the earliest start
 * shown and enforced before submitting (GET /api/projects/publication-rule).
 */
export default function ProjectForm({
  open,
  organiser,
  onClose,
  onPublished,
}: {
  open: boolean
  /** institution, or an HR department / authority publishing its own activity */
  organiser: 'institution' | 'hr_department' | 'authority'
  onClose: () => void
  onPublished: (title: string) => void
}) {
  const { t } = useT()
  const x = t.projectsPage
  const { message } = App.useApp()
  const [form] = Form.useForm<Values>()
  const [failure, setFailure] = useState<string>()
  const [saving, setSaving] = useState(false)
  const rule = useQuery({
    queryKey: ['publication-rule'],
    enabled: open,
    queryFn: async () => dataOf(await api.GET('/api/projects/publication-rule')),
  })
  const earliest = rule.data?.earliestStart ?? undefined
  const institution = organiser === 'institution'

  function bodyOf(v: Values): Body {
    const { startDate, endDate, fees, ...rest } = v
    return {
      ...rest,
      startDate: picked(startDate) ?? '',
      endDate: picked(endDate) ?? '',
      ...(institution && fees?.trim() ? { fees: fees.trim() } : {}),
    }
  }

  function saveDraft() {
    const v = form.getFieldsValue(true) as Values
    localStorage.setItem(DRAFT_KEY, JSON.stringify({ ...bodyOf(v), fees: v.fees }))
    message.success(x.draftSaved)
    onClose()
  }

  async function submit() {
    setFailure(undefined)
    const v = await form.validateFields()
    setSaving(true)
    try {
      const body = bodyOf(v)
      dataOf(await api.POST('/api/projects', { body }))
      localStorage.removeItem(DRAFT_KEY)
      form.resetFields()
      onPublished(body.title)
    } catch (e) {
      setFailure(showApiError(form, e))
    } finally {
      setSaving(false)
    }
  }

  const ways = (['face_to_face', 'online', 'public_course_exam'] as const).filter(
    (w) => w !== 'public_course_exam' || !institution,
  )
  const required = (label: string) => [{ required: true, whitespace: true, message: x.required(label) }]
  return (
    <Modal
      open={open}
      title={x.formTitle}
      width={760}
      okText={x.submit}
      cancelText={x.cancel}
      confirmLoading={saving}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
      footer={(_, { OkBtn, CancelBtn }) => (
        <Space>
          <CancelBtn />
          {institution && <Button onClick={saveDraft}>{x.saveDraft}</Button>}
          <OkBtn />
        </Space>
      )}
    >
      {rule.data?.rule ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={x.ruleTitle(rule.data.rule.basis)}
          description={x.ruleBody(rule.data.today, rule.data.earliestStart ?? '')}
        />
      ) : (
        rule.data && <Alert type="info" style={{ marginBottom: 16 }} title={x.noRule} />
      )}
      {failure && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          title={x.failed}
          description={failure}
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark
        initialValues={{
          subject: institution ? 'professional' : 'public',
          way: institution ? 'face_to_face' : 'public_course_exam',
          ...draftValues(institution),
        }}
      >
        <Form.Item name="title" label={x.titleLabel} extra={x.titleHelp} rules={required(x.titleLabel)}>
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap size={16}>
          <Form.Item name="subject" label={x.subject} rules={[{ required: true }]}>
            <Select
              style={{ width: 200 }}
              options={(['professional', 'public'] as const).map((s) => ({ value: s, label: x.subjects[s] }))}
            />
          </Form.Item>
          <Form.Item name="way" label={x.way} rules={[{ required: true }]}>
            <Select style={{ width: 220 }} options={ways.map((w) => ({ value: w, label: x.ways[w] }))} />
          </Form.Item>
          <Form.Item
            name="hours"
            label={x.hoursLabel}
            rules={[{ required: true, message: x.required(x.hoursLabel) }]}
          >
            <InputNumber min={0.5} max={1000} step={0.5} style={{ width: 120 }} />
          </Form.Item>
        </Space>
        <Space wrap size={16}>
          <Form.Item
            name="startDate"
            label={x.startDate}
            rules={[
              { required: true, message: x.required(x.startDate) },
              {
                validator: async (_, v: Picked) => {
                  if (earliest && v && (picked(v) ?? '') < earliest) throw new Error(x.tooEarly(earliest))
                },
              },
            ]}
          >
            <DatePicker
              format="YYYY-MM-DD"
              style={{ width: 180 }}
              disabledDate={(d) => earliest !== undefined && d.format('YYYY-MM-DD') < earliest}
            />
          </Form.Item>
          <Form.Item
            name="endDate"
            label={x.endDate}
            dependencies={['startDate']}
            rules={[
              { required: true, message: x.required(x.endDate) },
              ({ getFieldValue }) => ({
                validator: async (_, v: Picked) => {
                  const start = picked(getFieldValue('startDate'))
                  if (start && v && (picked(v) ?? '') < start) throw new Error(x.endBeforeStart)
                },
              }),
            ]}
          >
            <DatePicker format="YYYY-MM-DD" style={{ width: 180 }} />
          </Form.Item>
        </Space>
        <Form.Item name="schedule" label={x.schedule} extra={x.scheduleHelp} rules={required(x.schedule)}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="venue" label={x.venue} extra={x.venueHelp} rules={required(x.venue)}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="faculty" label={x.faculty} extra={x.facultyHelp} rules={required(x.faculty)}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="rules" label={x.rules} extra={x.rulesHelp} rules={required(x.rules)}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        {institution ? (
          <>
            <Form.Item name="fees" label={x.feesLabel} extra={x.feesHelp} rules={required(x.feesLabel)}>
              <Input maxLength={500} />
            </Form.Item>
            <Form.Item name="advancedSeminar" valuePropName="checked">
              <Checkbox>{x.advanced}</Checkbox>
            </Form.Item>
          </>
        ) : (
          <Alert type="info" title={x.noFees} />
        )}
      </Form>
    </Modal>
  )
}

/** The saved draft as form values (its dates left for the clerk to pick again). */
function draftValues(institution: boolean): Partial<Values> {
  if (!institution) return {}
  const { startDate: _s, endDate: _e, ...rest } = readDraft() ?? {}
  return rest
}
