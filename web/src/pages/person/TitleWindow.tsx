import { useQuery } from '@tanstack/react-query'
import { Alert, Card, Col, Progress, Row, Select, Skeleton, Space, Tag, Typography } from 'antd'
import { useState } from 'react'
import { findPolicy } from '../../../../src/policy/registry.js'
import { api, dataOf } from '../../api/client.js'
import { useT } from '../../i18n/i18n.js'

const SIZES = [5, 4, 3, 2, 1]
const SUBJECTS = ['total', 'public', 'professional'] as const

const percentOf = (earned: number, required: number) =>
  required > 0 ? Math.min(100, Math.round((earned / required) * 100)) : 100

/**
 * Qingdao's rolling window for a title application (青人社字〔2023〕14号 四): the hours of the last five
 * years (fewer for fewer title years) ending in the year of application, per year and in total against
 * the window's requirement — all computed by the engine (GET /years/{year}?window=N).
 */
export default function TitleWindow({ personKey, year }: { personKey: string; year: number }) {
  const { t } = useT()
  const m = t.myYear
  const [size, setSize] = useState(5)
  const view = useQuery({
    queryKey: ['person-window', personKey, year, size],
    queryFn: async () =>
      dataOf(
        await api.GET('/api/persons/{personKey}/years/{year}', {
          params: { path: { personKey, year: String(year) }, query: { window: String(size) } },
        }),
      ),
  })
  const e = view.data?.evaluation
  const policy = view.data ? findPolicy(view.data.policy) : undefined
  const label = { total: m.total, public: m.public, professional: m.professional }
  const annual = policy?.required
  const from = e?.window?.[0] ?? year - size + 1
  const to = e?.window?.[1] ?? year

  return (
    <Card
      size="small"
      title={m.windowTitle}
      extra={
        <Space size={6}>
          <label htmlFor="window-size">{m.windowSize}</label>
          <Select
            id="window-size"
            size="small"
            value={size}
            style={{ width: 96 }}
            options={SIZES.map((n) => ({ value: n, label: m.windowOption(n) }))}
            onChange={setSize}
          />
        </Space>
      }
    >
      {!e || !annual || view.error ? (
        view.error ? (
          <Alert type="error" showIcon title={t.common.failed} description={view.error.message} />
        ) : (
          <Skeleton active paragraph={{ rows: 4 }} />
        )
      ) : (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {m.windowClause(`${policy?.documentNo ?? ''} 四`)}
          </Typography.Text>
          <Typography.Text strong>{m.windowRange(from, to)}</Typography.Text>
          {e.compliant ? (
            <Alert type="success" showIcon title={m.windowMet(from, to)} />
          ) : (
            <Alert
              type="warning"
              showIcon
              title={m.windowShort}
              description={SUBJECTS.filter((s) => e.shortfall[s] > 0)
                .map((s) => m.shortfall(label[s], e.shortfall[s]))
                .join('；')}
            />
          )}
          <Row gutter={[24, 12]}>
            <Col xs={24} lg={12}>
              <Typography.Title level={2} style={{ fontSize: 15, marginTop: 0 }}>
                {m.windowYears}
              </Typography.Title>
              {(e.years ?? []).map((y) => (
                <div key={y.year} data-testid="window-year" style={{ marginBottom: 6 }}>
                  <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                    <span>
                      {m.yearShort(y.year)}
                      {y.yearComplete && (
                        <Tag color="green" style={{ marginInlineStart: 6 }}>
                          {m.yearComplete}
                        </Tag>
                      )}
                    </span>
                    <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {m.public} {y.totals.public} · {m.professional} {y.totals.professional} ·{' '}
                      <Typography.Text strong>{m.yearProgress(y.totals.total, annual.total)}</Typography.Text>
                    </Typography.Text>
                  </div>
                  <Progress
                    percent={percentOf(y.totals.total, annual.total)}
                    showInfo={false}
                    size="small"
                    status={y.totals.total >= annual.total || y.yearComplete ? 'success' : 'normal'}
                    aria-label={`${m.yearShort(y.year)} ${y.totals.total} / ${annual.total}`}
                  />
                </div>
              ))}
            </Col>
            <Col xs={24} lg={12}>
              <Typography.Title level={2} style={{ fontSize: 15, marginTop: 0 }}>
                {size === 5 ? m.windowTotal : m.windowTotalN(size)}
              </Typography.Title>
              {SUBJECTS.map((s) => (
                <div key={s} data-testid="window-total" style={{ marginBottom: 6 }}>
                  <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                    <span>{label[s]}</span>
                    <Typography.Text>{m.progress(e.totals[s], e.required[s])}</Typography.Text>
                  </div>
                  <Progress
                    percent={percentOf(e.totals[s], e.required[s])}
                    status={e.totals[s] >= e.required[s] ? 'success' : 'active'}
                    aria-label={`${label[s]} ${percentOf(e.totals[s], e.required[s])}%`}
                  />
                </div>
              ))}
            </Col>
          </Row>
          {(e.notes ?? []).map((n) => (
            <Typography.Text type="secondary" key={n} style={{ display: 'block', fontSize: 12 }}>
              {n}
            </Typography.Text>
          ))}
        </Space>
      )}
    </Card>
  )
}
