import { Result } from 'antd'
import { useT } from '../../i18n/i18n.js'

/** A page of the menu that a later version fills. */
export default function Building() {
  const { t } = useT()
  return <Result status="info" title={t.common.building} />
}
