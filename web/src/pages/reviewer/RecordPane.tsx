import { Card, Descriptions, type DescriptionsProps } from 'antd'
import type { FieldSpec } from '../../../../src/policy/vocabulary.js'
import { VOCABULARY } from '../../../../src/policy/vocabulary.js'
import { useT } from '../../i18n/i18n.js'
import { dateTimeOf, daysSince } from './review-queue.js'
import type { ApplicationDetail } from './use-application.js'

/** The record as the person submitted it, each field under its name in the record vocabulary. */
export function RecordPane({ detail }: { detail: ApplicationDetail }) {
  const { t } = useT()
  const r = t.reviewPage
  const a = detail.application
  const record = a.record as Record<string, unknown>
  const spec = VOCABULARY[a.record.kind as keyof typeof VOCABULARY]
  const word = (w: { zh: string; en: string }) => (t.lang === 'en' ? w.en : w.zh)
  const show = (f: FieldSpec, v: unknown) => {
    if (typeof v === 'boolean') return v ? r.yes : r.no
    if (f.value.type === 'enum') {
      const c = f.value.values.find((x) => x.value === v)
      return c ? word(c) : String(v)
    }
    return String(v)
  }
  const fields = (spec?.fields ?? [])
    .filter((f) => record[f.name] !== undefined && record[f.name] !== null)
    .map((f) => ({ key: f.name, label: word(f), children: show(f, record[f.name]) }))
  const items: DescriptionsProps['items'] = [
    { key: 'person', label: r.person, children: detail.personName },
    { key: 'id', label: r.idNumber, children: detail.idMasked },
    { key: 'kind', label: r.kind, children: t.kinds[a.record.kind] ?? a.record.kind },
    ...(record.title ? [{ key: 'title', label: r.activityTitle, children: String(record.title) }] : []),
    { key: 'date', label: r.date, children: a.record.date },
    ...fields,
    ...(record.makeUpFor
      ? [{ key: 'makeUpFor', label: r.makeUpFor, children: String(record.makeUpFor) }]
      : []),
    { key: 'submitted', label: r.submittedAt, children: dateTimeOf(a.createdAt) },
    ...(a.status === 'submitted'
      ? [{ key: 'waiting', label: r.waiting, children: r.waitingDays(daysSince(a.createdAt)) }]
      : []),
  ]
  return (
    <Card size="small" title={r.record}>
      <Descriptions size="small" column={1} items={items} styles={{ label: { width: 150 } }} />
    </Card>
  )
}
