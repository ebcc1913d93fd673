import { CheckCircleOutlined } from '@ant-design/icons'
import { Alert, Card, Descriptions, Skeleton, Space, Statistic, Typography } from 'antd'
import type { Policy } from '../../../../../src/policy/policy.js'
import type { RecordCredit } from '../../../../../src/policy/types.js'
import { useT } from '../../../i18n/i18n.js'
import { type LocalPreview, sameCredit } from './form-spec.js'

export interface PreviewProps {
  /** Nothing to preview yet (no kind chosen). */
  empty: boolean
  loading: boolean
  /** The year has no policy for the person (the year endpoint refused it). */
  noPolicy: boolean
  policy: Policy | undefined
  preview: LocalPreview | undefined
  /** Labels of the fields still to fill, or of the field filled wrongly. */
  labels: string[]
  /** The server's preview, once asked on submitting. */
  server: Pick<RecordCredit, 'public' | 'professional' | 'basis'> | undefined
}

/** The engine's proposed hours and clause for the record as the form stands, and the server's confirmation. */
export function PreviewCard({ empty, loading, noPolicy, policy, preview, labels, server }: PreviewProps) {
  const { t } = useT()
  const p = t.registerPage.preview
  const credit = preview?.state === 'credited' ? preview.credit : undefined
  const total = credit ? credit.public + credit.professional : 0

  let body: React.ReactNode
  if (noPolicy) body = <Alert type="warning" showIcon title={p.noPolicy} />
  else if (loading) body = <Skeleton active paragraph={{ rows: 3 }} />
  else if (empty || !preview)
    body = <Typography.Paragraph type="secondary">{p.chooseKind}</Typography.Paragraph>
  else if (!credit)
    body = (
      <Typography.Paragraph type="secondary">
        {preview.state === 'invalid' ? p.invalid(labels.join('')) : p.incomplete(labels)}
      </Typography.Paragraph>
    )
  else
    body = (
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <div aria-live="polite">
          <Statistic
            title={p.proposed}
            value={total}
            suffix={t.common.hours}
            styles={{ content: { color: total > 0 ? '#1f5fa8' : '#595959', fontSize: 32 } }}
          />
        </div>
        <Descriptions
          size="small"
          column={1}
          bordered
          items={[
            { key: 'public', label: p.public, children: p.hours(credit.public) },
            { key: 'professional', label: p.professional, children: p.hours(credit.professional) },
            {
              key: 'basis',
              label: p.basis,
              children: <span data-testid="preview-basis">{credit.basis}</span>,
            },
            ...(credit.notes.length > 0
              ? [
                  {
                    key: 'notes',
                    label: p.notes,
                    children: credit.notes.map((n) => (
                      <div key={n} style={{ fontSize: 13 }}>
                        {n}
                      </div>
                    )),
                  },
                ]
              : []),
          ]}
        />
      </Space>
    )

  return (
    <Card size="small" title={p.title}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {body}
        {server &&
          credit &&
          (sameCredit(credit, server) ? (
            <Typography.Text type="success">
              <CheckCircleOutlined /> {p.serverSame}
            </Typography.Text>
          ) : (
            <Alert
              type="warning"
              showIcon
              title={p.serverDiffers(server.public + server.professional, server.basis)}
            />
          ))}
        {policy && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {policy.title === policy.documentNo
              ? p.policyLine(policy.title)
              : p.policyLine(policy.title, policy.documentNo)}
          </Typography.Text>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {p.hint}
        </Typography.Text>
      </Space>
    </Card>
  )
}
