import { Form, type FormRule, Input, InputNumber, Radio, Select } from 'antd'
import type { FieldSpec } from '../../../../../src/policy/vocabulary.js'
import { valueWords } from '../../../../../src/policy/vocabulary.js'
import { useT } from '../../../i18n/i18n.js'

export interface FieldText {
  label: string
  help: string
  unit?: string
}

/** Enumerations with more choices than this are a drop-down; fewer are radio buttons, all in sight. */
const MAX_RADIOS = 4

/** One field of the vocabulary as a labelled form control, with its help and the vocabulary's bounds as rules. */
export function FieldControl({ spec, text }: { spec: FieldSpec; text: FieldText }) {
  const { t } = useT()
  const r = t.registerPage
  const v = spec.value
  const label = spec.optional ? r.optional(text.label) : text.label
  const chosen = v.type === 'enum' || v.type === 'boolean'
  const rules: FormRule[] = []
  if (!spec.optional) rules.push({ required: true, message: (chosen ? r.choose : r.fill)(text.label) })
  if (v.type === 'number' || v.type === 'year') {
    const what = valueWords(v)[t.lang]
    rules.push({
      validator: async (_, value: unknown) => {
        if (value === undefined || value === null) return
        const n = value as number
        const ok =
          v.type === 'year'
            ? Number.isInteger(n) && n >= 1000 && n <= 9999
            : (v.above ? n > v.min : n >= v.min) && n <= v.max && (!v.whole || Number.isInteger(n))
        if (!ok) throw new Error(r.mustBe(text.label, what))
      },
    })
  }
  if (v.type === 'text') rules.push({ whitespace: true, message: r.fill(text.label) })

  let control: React.ReactNode
  switch (v.type) {
    case 'enum': {
      const options = v.values.map((c) => ({ value: c.value, label: c[t.lang] }))
      control =
        options.length > MAX_RADIOS ? (
          <Select options={options} placeholder={r.choose(text.label)} />
        ) : (
          <Radio.Group options={options} />
        )
      break
    }
    case 'boolean':
      control = (
        <Radio.Group
          options={[
            { value: true, label: r.yes },
            { value: false, label: r.no },
          ]}
        />
      )
      break
    case 'number':
    case 'year':
      control = (
        <InputNumber
          min={v.type === 'year' ? 1000 : v.min}
          max={v.type === 'year' ? 9999 : v.max}
          precision={v.type === 'year' || v.whole ? 0 : undefined}
          suffix={text.unit}
          style={{ width: '100%', maxWidth: 240 }}
        />
      )
      break
    default:
      control = <Input maxLength={200} />
  }
  return (
    <Form.Item name={spec.name} label={label} extra={text.help} rules={rules}>
      {control}
    </Form.Item>
  )
}
