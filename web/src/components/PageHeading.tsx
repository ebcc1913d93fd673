import { Breadcrumb, Typography } from 'antd'
import type { ReactNode } from 'react'

/**
 * A page's heading in the portal: where it sits (the role's section, when given), its one h1, and what it is
 * for, with the clause it rests on.
 */
export function PageHeading({
  crumb,
  title,
  intro,
}: {
  crumb?: ReactNode
  title: ReactNode
  intro: ReactNode
}) {
  return (
    <div>
      {crumb !== undefined && <Breadcrumb items={[{ title: crumb }, { title }]} />}
      <Typography.Title level={1} style={{ fontSize: 22, margin: '8px 0 0' }}>
        {title}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
        {intro}
      </Typography.Paragraph>
    </div>
  )
}
