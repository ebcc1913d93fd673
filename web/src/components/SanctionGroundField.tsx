import { Form, Select } from 'antd'
import type { paths } from '../api/schema.js'
import { useT } from '../i18n/i18n.js'

/** The rule an institution breached (src/services/sanction-grounds.ts), as the warning and removal APIs take it. */
export type SanctionGround = NonNullable<
  NonNullable<
    paths['/api/institutions/{id}/warnings']['post']['requestBody']
  >['content']['application/json']['ground']
>

/** In the order a decision-maker looks for them: the gravest breaches first, 其他 last. */
export const SANCTION_GROUNDS: SanctionGround[] = [
  'prohibited',
  'duties',
  'conditions',
  'faculty',
  'publication',
  'reporting',
  'other',
]

/**
 * 违反的规定: the required select every warning, 通报批评 or removal asks for (江西省人民政府令第259号 第二十五条),
 * each option naming its clause; published with the decision on the credit record (第二十三条). For a Form
 * whose field is `ground`.
 */
export function SanctionGroundField() {
  const { t } = useT()
  const k = t.institutionOversight
  return (
    <Form.Item name="ground" label={k.ground} rules={[{ required: true, message: k.groundRequired }]}>
      <Select options={SANCTION_GROUNDS.map((g) => ({ value: g, label: k.grounds[g] }))} />
    </Form.Item>
  )
}
