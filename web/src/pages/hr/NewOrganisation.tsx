import { useQuery } from '@tanstack/react-query'
import { Alert, Checkbox, Form, Input, Modal, Select } from 'antd'
import { useState } from 'react'
import { showApiError } from '../../api/form-errors.js'
import type { paths } from '../../api/schema.js'
import { RegionPicker, regionScopeQuery } from '../../components/RegionPicker.js'
import { useT } from '../../i18n/i18n.js'

type Body = paths['/api/organisations']['post']['requestBody']['content']['application/json']
export type Created = paths['/api/organisations']['post']['responses'][201]['content']['application/json']
type Kind = Body['kind']

interface Values {
  kind: Kind
  name: string
  regionCode: string
  industry?: string
  level?: 'national' | 'provincial' | 'city'
  occupationCategories?: string[]
  isBase?: boolean
  uscc?: string
  username: string
}

/** The request body for the chosen kind: each kind sends only its own fields. */
function bodyOf(v: Values): Body {
  const common = { name: v.name.trim(), regionCode: v.regionCode, username: v.username.trim() }
  const uscc = v.uscc?.trim() ? { uscc: v.uscc.trim() } : {}
  if (v.kind === 'authority')
    return { kind: 'authority', ...common, industry: (v.industry ?? '').trim(), ...uscc }
  if (v.kind === 'institution')
    return {
      kind: 'institution',
      ...common,
      level: v.level ?? 'city',
      occupationCategories: (v.occupationCategories ?? []).map((c) => c.trim()).filter(Boolean),
      isBase: v.isBase === true,
      ...uscc,
    }
  return { kind: 'hr_department', ...common }
}

interface Props {
  open: boolean
  busy: boolean
  onSubmit: (body: Body) => Promise<Created>
  onClose: () => void
}

/** 新增单位: a lower HR department, an industry authority or an institution, with its first administrator. */
export default function NewOrganisation({ open, busy, onSubmit, onClose }: Props) {
  const { t } = useT()
  const k = t.organisationsPage
  const [form] = Form.useForm<Values>()
  const [error, setError] = useState<string>()
  const kind = Form.useWatch('kind', form) ?? 'institution'
  // The picker offers the department's own region and what lies below it; the API checks it again.
  const scope = useQuery({ ...regionScopeQuery, enabled: open })

  const submit = async (v: Values) => {
    setError(undefined)
    try {
      await onSubmit(bodyOf(v))
      form.resetFields()
    } catch (e) {
      setError(showApiError(form, e))
    }
  }
  return (
    <Modal
      open={open}
      title={k.createTitle}
      okText={k.createOk}
      cancelText={k.cancel}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => {
        setError(undefined)
        onClose()
      }}
      width={600}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={{ kind: 'institution', level: 'city', isBase: false, occupationCategories: [] }}
      >
        <Form.Item name="kind" label={k.newKind} rules={[{ required: true }]}>
          <Select
            options={(['hr_department', 'authority', 'institution'] as const).map((x) => ({
              value: x,
              label: k.kindNames[x],
            }))}
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={k.name}
          rules={[{ required: true, whitespace: true, message: k.nameRequired }]}
        >
          <Input maxLength={100} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label={k.regionCode}
          extra={k.regionCodeHelp}
          rules={[{ required: true, message: k.regionCodeBad }]}
        >
          {scope.isPending ? <Input disabled /> : <RegionPicker within={scope.data?.code ?? null} />}
        </Form.Item>
        {kind === 'authority' && (
          <Form.Item
            name="industry"
            label={k.industry}
            extra={k.industryHelp}
            rules={[{ required: true, whitespace: true, message: k.industryRequired }]}
          >
            <Input maxLength={50} autoComplete="off" />
          </Form.Item>
        )}
        {kind === 'institution' && (
          <>
            <Form.Item name="level" label={k.level} rules={[{ required: true, message: k.levelRequired }]}>
              <Select
                style={{ width: 160 }}
                options={(['national', 'provincial', 'city'] as const).map((x) => ({
                  value: x,
                  label: k.levelNames[x],
                }))}
              />
            </Form.Item>
            <Form.Item name="occupationCategories" label={k.occupationCategories} extra={k.occupationHelp}>
              <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', '、']} />
            </Form.Item>
            <Form.Item name="isBase" valuePropName="checked">
              <Checkbox>{k.isBase}</Checkbox>
            </Form.Item>
          </>
        )}
        {kind !== 'hr_department' && (
          <Form.Item name="uscc" label={k.usccOptional}>
            <Input maxLength={30} autoComplete="off" style={{ width: 260 }} />
          </Form.Item>
        )}
        <Form.Item
          name="username"
          label={k.username}
          extra={k.usernameHelp}
          rules={[{ required: true, whitespace: true, message: k.usernameRequired }]}
        >
          <Input maxLength={64} autoComplete="off" style={{ width: 260 }} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
