import { ExclamationCircleOutlined, PlusOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Space,
  Table,
  Typography,
} from 'antd'
import { useState } from 'react'
import { ApiFailure, api, dataOf } from '../../api/client.js'
import { showApiError } from '../../api/form-errors.js'
import { useT } from '../../i18n/i18n.js'
import { day } from '../hr/day.js'
import { MENTORSHIPS, type Mentorship, MentorshipList } from './MentorshipList.js'

const MAX_MENTEES = 10

interface SubmitValues {
  mentorIdNumber: string
  year: number
  title: string
  plan: string
  mentees: string
}
interface EvaluateValues {
  date: string
  hours: Record<string, number>
}

const linesOf = (text: string | undefined) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')

/**
 * 导师制 (鲁人社发〔2016〕10号 （十九）; 青人社字〔2023〕14号 六（二）): the employer reports a mentorship (a mentor,
 * at most 10 mentees a year, a plan) for the city HR department to file, and once filed enters each
 * mentee's hours as evaluated, after a confirmation.
 */
export default function Mentorships() {
  const { t } = useT()
  const k = t.mentorshipPage
  const { message } = App.useApp()
  const [modal, modalHolder] = Modal.useModal()
  const client = useQueryClient()
  const [submitForm] = Form.useForm<SubmitValues>()
  const [evaluateForm] = Form.useForm<EvaluateValues>()
  const [submitting, setSubmitting] = useState(false)
  const [evaluating, setEvaluating] = useState<Mentorship>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()

  function closeSubmit() {
    setSubmitting(false)
    setError(undefined)
    submitForm.resetFields()
  }
  async function submit(v: SubmitValues) {
    setBusy(true)
    setError(undefined)
    try {
      dataOf(
        await api.POST('/api/mentorships', {
          body: {
            mentorIdNumber: v.mentorIdNumber.trim(),
            year: v.year,
            title: v.title.trim(),
            plan: v.plan,
            menteeIdNumbers: linesOf(v.mentees),
          },
        }),
      )
      message.success(k.submitted(v.title.trim()))
      closeSubmit()
      await client.invalidateQueries({ queryKey: [MENTORSHIPS] })
    } catch (e) {
      const rows =
        e instanceof ApiFailure ? (e.error as { rows?: { row: number; reason: string }[] }).rows : undefined
      if (rows) {
        // Row 0 is the mentor, the rest the mentees in the order typed.
        const mentor = rows.filter((r) => r.row === 0).map((r) => r.reason)
        const mentees = rows.filter((r) => r.row > 0).map((r) => k.rowProblem(r.row, r.reason))
        submitForm.setFields([
          { name: 'mentorIdNumber', errors: mentor },
          { name: 'mentees', errors: mentees },
        ])
      } else setError(showApiError(submitForm, e))
    } finally {
      setBusy(false)
    }
  }

  function closeEvaluate() {
    setEvaluating(undefined)
    setError(undefined)
    evaluateForm.resetFields()
  }
  async function register(m: Mentorship, v: EvaluateValues) {
    setBusy(true)
    setError(undefined)
    try {
      dataOf(
        await api.POST('/api/mentorships/{id}/evaluate', {
          params: { path: { id: m.id } },
          body: { date: v.date, hours: v.hours },
        }),
      )
      message.success(k.evaluated(m.title))
      closeEvaluate()
      await client.invalidateQueries({ queryKey: [MENTORSHIPS] })
    } catch (e) {
      setError(showApiError(evaluateForm, e))
    } finally {
      setBusy(false)
    }
  }
  function confirmEvaluation(v: EvaluateValues) {
    const m = evaluating
    if (!m) return
    const total = Object.values(v.hours).reduce((s, h) => s + h, 0)
    modal.confirm({
      title: k.confirmTitle,
      icon: <ExclamationCircleOutlined />,
      content: k.confirmBody(m.mentees.length, total),
      okText: k.confirmOk,
      cancelText: k.cancel,
      onOk: () => register(m, v),
    })
  }

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {modalHolder}
      <div>
        <Breadcrumb items={[{ title: k.crumb }, { title: k.title }]} />
        <Space style={{ width: '100%', justifyContent: 'space-between', alignItems: 'flex-end' }} wrap>
          <div>
            <Typography.Title level={1} style={{ fontSize: 22, margin: '8px 0 0' }}>
              {k.title}
            </Typography.Title>
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', maxWidth: 900 }}>
              {k.intro}
            </Typography.Paragraph>
          </div>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setSubmitting(true)}>
            {k.submitButton}
          </Button>
        </Space>
      </div>
      <MentorshipList
        statuses={[undefined, 'submitted', 'filed', 'evaluated']}
        actions={(m) =>
          m.status === 'filed' && (
            <Button size="small" type="primary" onClick={() => setEvaluating(m)}>
              {k.evaluate}
            </Button>
          )
        }
      />
      <Modal
        open={submitting}
        title={k.formTitle}
        okText={k.submit}
        cancelText={k.cancel}
        confirmLoading={busy}
        onOk={() => submitForm.submit()}
        onCancel={closeSubmit}
        width={640}
        destroyOnHidden
      >
        <Alert type="info" showIcon title={k.rule} style={{ marginBottom: 16 }} />
        {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
        <Form<SubmitValues>
          form={submitForm}
          layout="vertical"
          onFinish={submit}
          initialValues={{ year: new Date().getFullYear() }}
        >
          <Space align="start" wrap>
            <Form.Item
              name="mentorIdNumber"
              label={k.mentorIdNumber}
              rules={[{ required: true, whitespace: true, message: k.mentorRequired }]}
            >
              <Input style={{ width: 260 }} autoComplete="off" maxLength={18} />
            </Form.Item>
            <Form.Item name="year" label={k.year} rules={[{ required: true }]}>
              <InputNumber min={1990} max={2200} style={{ width: 110 }} />
            </Form.Item>
          </Space>
          <Form.Item
            name="title"
            label={k.projectTitle}
            rules={[{ required: true, whitespace: true, message: k.titleRequired }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="plan"
            label={k.plan}
            rules={[{ required: true, whitespace: true, message: k.planRequired }]}
          >
            <Input.TextArea rows={3} maxLength={5000} placeholder={k.planPlaceholder} />
          </Form.Item>
          <Form.Item
            name="mentees"
            label={k.mentees}
            extra={k.menteesHelp}
            required
            rules={[
              {
                validator: async (_, text: string | undefined) => {
                  const n = linesOf(text).length
                  if (n === 0) throw new Error(k.menteesRequired)
                  if (n > MAX_MENTEES) throw new Error(k.menteesTooMany(n))
                },
              },
            ]}
          >
            <Input.TextArea rows={5} autoComplete="off" style={{ fontFamily: 'monospace' }} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={evaluating !== undefined}
        title={evaluating && k.evaluateTitle(evaluating.title)}
        okText={k.register}
        cancelText={k.cancel}
        confirmLoading={busy}
        onOk={() => evaluateForm.submit()}
        onCancel={closeEvaluate}
        width={640}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{k.evaluateIntro}</Typography.Paragraph>
        {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
        {evaluating && (
          <Form<EvaluateValues>
            form={evaluateForm}
            layout="vertical"
            onFinish={confirmEvaluation}
            initialValues={{ date: day(new Date().toISOString()) }}
          >
            <Form.Item
              name="date"
              label={k.evaluationDate}
              rules={[{ required: true, message: k.dateRequired }]}
            >
              <Input type="date" style={{ width: 180 }} />
            </Form.Item>
            <Table
              size="small"
              rowKey="personKey"
              pagination={false}
              dataSource={evaluating.mentees}
              columns={[
                { key: 'name', title: k.menteeName, dataIndex: 'name' },
                { key: 'id', title: k.idMasked, dataIndex: 'idMasked' },
                {
                  key: 'hours',
                  title: k.hours,
                  width: 200,
                  render: (_, e) => (
                    <Form.Item
                      name={['hours', e.personKey]}
                      rules={[{ required: true, message: k.hoursRequired }]}
                      style={{ margin: 0 }}
                    >
                      <InputNumber
                        aria-label={`${e.name} ${k.hours}`}
                        min={0}
                        max={500}
                        step={0.5}
                        style={{ width: 120 }}
                      />
                    </Form.Item>
                  ),
                },
              ]}
            />
          </Form>
        )}
      </Modal>
    </Space>
  )
}
