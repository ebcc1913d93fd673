import { Navigate, useLocation } from 'react-router'
import { destinationOf } from '../../notification-links.js'
import { homeOf } from '../../pages.js'
import { useSession } from '../../session.js'

/** A notification's link (`/applications/…`, `/years/…`, …) opens the page it is about for the reader's role. */
export default function NotificationLink() {
  const { pathname } = useLocation()
  const { data } = useSession()
  const role = data?.role ?? ''
  return <Navigate to={destinationOf(pathname, role) ?? homeOf(role)} replace />
}
