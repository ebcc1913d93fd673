import { Space, type TableColumnsType, Typography } from 'antd'
import type { paths } from '../api/schema.js'
import { useT } from '../i18n/i18n.js'

type PublicAdviser =
  paths['/api/public/advisers']['get']['responses'][200]['content']['application/json']['items'][number]

/**
 * The columns the register and the public list share (青人社字〔2023〕14号 六（一）): the person and title, the
 * employer, the field, the term, and the appointing department with its document.
 */
export function useAdviserColumns<T extends PublicAdviser>(): TableColumnsType<T> {
  const { t } = useT()
  const k = t.advisers
  return [
    {
      key: 'name',
      title: k.name,
      width: 140,
      render: (_, a) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{a.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {a.title}
          </Typography.Text>
        </Space>
      ),
    },
    { key: 'employer', title: k.employer, width: 160, dataIndex: 'employer' },
    { key: 'field', title: k.field, width: 100, render: (_, a) => a.field ?? '—' },
    {
      key: 'term',
      title: k.term,
      width: 200,
      render: (_, a) => <span style={{ whiteSpace: 'nowrap' }}>{k.termText(a.termFrom, a.termTo)}</span>,
    },
    {
      key: 'appointed',
      title: k.appointedBy,
      width: 220,
      render: (_, a) => (
        <Space direction="vertical" size={0}>
          <span>{a.appointedBy}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {a.document}
          </Typography.Text>
        </Space>
      ),
    },
  ]
}
