import Building from '../common/Building.js'

/** Placeholder until this page is written in this session (issue #12). */
export default function Page() {
  return <Building />
}
