import { Button, Result } from 'antd'
import { Link } from 'react-router'
import { useT } from '../../i18n/i18n.js'

export default function NotFound() {
  const { t } = useT()
  return (
    <Result
      status="404"
      title={t.common.notFound}
      extra={
        <Link to="/">
          <Button type="primary">{t.common.home}</Button>
        </Link>
      }
    />
  )
}
