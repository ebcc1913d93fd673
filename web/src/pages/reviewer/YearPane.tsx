import { Card, Progress, Tag, Typography } from 'antd'
import { useT } from '../../i18n/i18n.js'
import type { ApplicationDetail } from './use-application.js'

type YearSoFar = NonNullable<ApplicationDetail['yearSoFar']>
const SUBJECTS = ['total', 'public', 'professional'] as const

/** The person's year so far against the requirement, and where the total goes if this is approved. */
export function YearPane({ year, adding }: { year: YearSoFar; adding: number }) {
  const { t } = useT()
  const r = t.reviewPage
  const label = { total: r.total, public: r.public, professional: r.professional }
  return (
    <Card
      size="small"
      title={r.yearSoFar(year.year)}
      extra={
        year.compliant ? (
          <Tag color="#237804">{r.compliant}</Tag>
        ) : (
          <Tag color="#ad4e00">{r.notCompliant}</Tag>
        )
      }
    >
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'max-content 1fr max-content',
          alignItems: 'center',
          gap: '0 12px',
        }}
      >
        {SUBJECTS.flatMap((s) => {
          const earned = year.totals[s]
          const required = year.required[s]
          const percent = required > 0 ? Math.min(100, Math.round((earned / required) * 100)) : 100
          return [
            <Typography.Text key={`${s}-label`}>{label[s]}</Typography.Text>,
            <Progress
              key={`${s}-bar`}
              percent={percent}
              size="small"
              showInfo={false}
              status={earned >= required ? 'success' : 'normal'}
              aria-label={`${label[s]} ${percent}%`}
            />,
            <Typography.Text
              key={`${s}-figures`}
              style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}
            >
              {r.progress(earned, required)}
            </Typography.Text>,
          ]
        })}
      </div>
      {adding > 0 && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4, fontSize: 12 }}>
          {r.afterApproval(year.totals.total, year.totals.total + adding)}
        </Typography.Text>
      )}
    </Card>
  )
}
