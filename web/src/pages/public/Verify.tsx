import { useQuery } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Grid,
  Input,
  List,
  Result,
  Skeleton,
  Space,
  Table,
  Typography,
} from 'antd'
import { useNavigate, useParams } from 'react-router'
import { ApiFailure, api, dataOf } from '../../api/client.js'
import type { paths } from '../../api/schema.js'
import { useT } from '../../i18n/i18n.js'
import { PublicFrame } from './PublicFrame.js'

type Answer = paths['/api/verify/{code}']['get']['responses'][200]['content']['application/json']
type Activity = Answer['content']['activities'][number]

const dayOf = (iso: string) => iso.slice(0, 10)

/**
 * 证书查验: where a certificate's QR code leads. No sign-in; shows whether the certificate stands and
 * what it said when issued, nothing more (GET /api/verify/{code}).
 */
export default function Verify() {
  const { t } = useT()
  const x = t.verifyPage
  const { code } = useParams()
  const navigate = useNavigate()
  const narrow = !Grid.useBreakpoint().md
  const answer = useQuery({
    queryKey: ['verify', code],
    enabled: code !== undefined,
    retry: false,
    queryFn: async () =>
      dataOf(await api.GET('/api/verify/{code}', { params: { path: { code: code as string } } })),
  })

  const lookUp = ({ value }: { value: string }) => navigate(`/verify/${encodeURIComponent(value.trim())}`)
  const form = (
    <Form layout={narrow ? 'vertical' : 'inline'} onFinish={lookUp} style={{ rowGap: 8 }}>
      <Form.Item
        name="value"
        label={x.code}
        rules={[{ required: true, whitespace: true, message: x.codeRequired }]}
        style={{ flex: 1 }}
      >
        <Input autoComplete="off" spellCheck={false} maxLength={64} />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit">
          {x.check}
        </Button>
      </Form.Item>
    </Form>
  )

  if (code === undefined)
    return (
      <PublicFrame width={720}>
        <Card
          title={
            <Typography.Title level={1} style={{ fontSize: 18, margin: 0 }}>
              {x.title}
            </Typography.Title>
          }
        >
          <Typography.Paragraph type="secondary">{x.intro}</Typography.Paragraph>
          {form}
        </Card>
      </PublicFrame>
    )

  const a = answer.data
  return (
    <PublicFrame width={880}>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {x.title}
        </Typography.Title>
        {answer.isPending ? (
          <Card>
            <Skeleton active paragraph={{ rows: 6 }} aria-label={x.checking} />
          </Card>
        ) : answer.error ? (
          <Card>
            <Result
              status={answer.error instanceof ApiFailure && answer.error.status === 404 ? 'warning' : 'error'}
              title={
                answer.error instanceof ApiFailure && answer.error.status === 404
                  ? x.notFound
                  : answer.error.message
              }
              extra={form}
            />
          </Card>
        ) : a ? (
          <>
            <Status answer={a} />
            <Card title={x.asIssued} size="small">
              <Descriptions column={narrow ? 1 : 2} size="small" bordered>
                <Descriptions.Item label={x.serial}>{a.content.serial}</Descriptions.Item>
                <Descriptions.Item label={x.issuedAt}>{dayOf(a.content.issuedAt)}</Descriptions.Item>
                <Descriptions.Item label={x.name}>{a.content.person.name}</Descriptions.Item>
                <Descriptions.Item label={x.idNumber}>{a.content.person.idMasked}</Descriptions.Item>
                <Descriptions.Item label={x.employer}>{a.content.employer?.name ?? x.none}</Descriptions.Item>
                <Descriptions.Item label={x.period}>
                  {a.content.period.window
                    ? t.certificatesPage.windowLabel(a.content.period.fromYear, a.content.period.toYear)
                    : t.certificatesPage.yearLabel(a.content.period.year)}
                </Descriptions.Item>
                <Descriptions.Item label={x.policy} span={narrow ? 1 : 2}>
                  {a.content.policy.title}（{a.content.policy.documentNumber}）
                </Descriptions.Item>
                <Descriptions.Item label={x.hours}>
                  {x.hoursLine(
                    a.content.totals.public,
                    a.content.totals.professional,
                    a.content.totals.total,
                  )}
                </Descriptions.Item>
                <Descriptions.Item label={x.required}>
                  {x.hoursLine(
                    a.content.required.public,
                    a.content.required.professional,
                    a.content.required.total,
                  )}
                </Descriptions.Item>
                <Descriptions.Item label={x.verdict}>
                  <Typography.Text strong>{a.content.verdict}</Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={x.issuer}>{a.content.issuer.name}</Descriptions.Item>
              </Descriptions>
            </Card>
            <Card title={x.activities} size="small">
              {narrow ? (
                <List<Activity>
                  size="small"
                  dataSource={a.content.activities}
                  renderItem={(r) => (
                    <List.Item key={r.entryId}>
                      <Space direction="vertical" size={0}>
                        <Typography.Text>
                          {r.date} · {r.way}
                          {r.subject ? ` · ${r.subject}` : ''}
                        </Typography.Text>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {r.public + r.professional} {t.common.hours} · {r.basis}
                        </Typography.Text>
                      </Space>
                    </List.Item>
                  )}
                />
              ) : (
                <Table<Activity>
                  size="small"
                  rowKey="entryId"
                  pagination={false}
                  dataSource={a.content.activities}
                  columns={[
                    { title: x.date, dataIndex: 'date', width: 110 },
                    { title: x.way, dataIndex: 'way', width: 120 },
                    { title: x.subject, dataIndex: 'subject', render: (s: string) => s || x.none },
                    {
                      title: x.credited,
                      key: 'hours',
                      width: 90,
                      align: 'right',
                      render: (_, r) => r.public + r.professional,
                    },
                    { title: x.basis, dataIndex: 'basis', width: 200 },
                  ]}
                />
              )}
            </Card>
            <Button onClick={() => navigate('/verify')}>{x.again}</Button>
          </>
        ) : null}
      </Space>
    </PublicFrame>
  )
}

function Status({ answer }: { answer: Answer }) {
  const { t } = useT()
  const x = t.verifyPage
  if (answer.status === 'revoked' && answer.revoked)
    return (
      <Alert
        type="error"
        showIcon
        title={x.revoked}
        description={x.revokedBody(dayOf(answer.revoked.at), answer.revoked.reason)}
      />
    )
  if (answer.status === 'superseded' && answer.superseded)
    return (
      <Alert
        type="warning"
        showIcon
        title={x.superseded}
        description={
          <>
            <div>
              {answer.superseded.at ? x.supersededBody(dayOf(answer.superseded.at)) : x.supersededUndated}
            </div>
            <div>
              {x.changes}：{answer.superseded.changes.summary}
            </div>
          </>
        }
      />
    )
  return <Alert type="success" showIcon title={x.valid} description={x.validBody} />
}
