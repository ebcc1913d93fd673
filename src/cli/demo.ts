import { parseArgs } from 'node:util'
import { loadDemo } from '../services/demo.js'
import { loadSecrets } from '../services/secrets.js'
import { dataDirOf, log, withDatabase } from './context.js'

const ROLE_NAMES: Record<string, string> = {
  person: '专业技术人员',
  employer: '用人单位',
  agency: '人力资源服务机构',
  institution: '继续教育机构',
  authority: '行业主管部门',
  hr_department: '人社部门',
}

/** `xueshi demo [--json]`: loads the demo (idempotent) and prints its logins. */
export async function runDemo(args: string[]): Promise<string> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } }, strict: true })
  const dataDir = dataDirOf()
  const secrets = loadSecrets(process.env, dataDir, log)
  return withDatabase('demo', async ({ db, kind }) => {
    const { created, logins } = await loadDemo(db, secrets, dataDir)
    log(created ? `demo data loaded into ${kind}` : `demo data already present in ${kind}; nothing changed`)
    if (values.json) return `${JSON.stringify(logins, null, 2)}\n`
    const rows = logins.map((l) => [
      ROLE_NAMES[l.role] ?? l.role,
      l.organisation,
      l.username,
      l.password,
      l.idNumber ?? '',
    ])
    return `${table(['角色 role', '单位 organisation', '用户名 username', '密码 password', '身份证号 ID number'], rows)}\n`
  })
}

/** A plain-text table; CJK characters take two columns on a terminal. */
function table(head: string[], rows: string[][]): string {
  const width = (s: string) =>
    Array.from(s).reduce((w, c) => w + (/[\u1100-\uffff\u{20000}-\u{3ffff}]/u.test(c) ? 2 : 1), 0)
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c + ' '.repeat((widths[i] ?? 0) - width(c)))
      .join('  ')
      .trimEnd()
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}
