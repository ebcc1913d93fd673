import { Tag } from 'antd'
import { useT } from '../../i18n/i18n.js'

/** Solid tags with white text: the light preset colours fail the contrast check. */
const GREY = '#595959'

/** A roster's state as the institution reads it; `returned` once the authority may return rosters. */
export function RosterStatus({ roster }: { roster: { status: string } | null | undefined }) {
  const { t } = useT()
  const x = t.rostersPage
  if (!roster) return <Tag color={GREY}>{x.notReported}</Tag>
  const [colour, text] =
    roster.status === 'confirmed'
      ? ['#237804', x.confirmed]
      : roster.status === 'returned'
        ? ['#a8071a', x.returned]
        : roster.status === 'superseded'
          ? [GREY, x.superseded]
          : ['#0958d9', x.pending]
  return <Tag color={colour}>{text}</Tag>
}
