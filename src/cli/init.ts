import { parseArgs } from 'node:util'
import { initDeployment } from '../services/deployment.js'
import { loadSecrets } from '../services/secrets.js'
import { dataDirOf, log, withDatabase } from './context.js'
import { UsageError } from './errors.js'

/**
 * `xueshi init --region <code> --name <HR department> [--username <name>]`: the first start of a
 * deployment on an empty database; prints the administrator's username and one-time password.
 */
export async function runInit(args: string[]): Promise<string> {
  const { values } = parseArgs({
    args,
    options: { region: { type: 'string' }, name: { type: 'string' }, username: { type: 'string' } },
    strict: true,
  })
  if (!values.region) throw new UsageError('init needs --region <GB/T 2260 code of the HR department>')
  if (!values.name?.trim()) throw new UsageError('init needs --name <name of the HR department>')
  // The keys are made (embedded) or checked (DATABASE_URL) now, not at the first request.
  loadSecrets(process.env, dataDirOf(), log)
  return withDatabase('init', async ({ db, kind }) => {
    const r = await initDeployment(db, {
      regionCode: values.region as string,
      name: values.name as string,
      ...(values.username ? { username: values.username } : {}),
    })
    log(`initialised ${kind}: ${r.organisation.name} (${r.organisation.regionCode}, ${r.organisation.level})`)
    return [
      `人社部门 HR department: ${r.organisation.name}（${r.organisation.regionCode}）`,
      `管理员 administrator:   ${r.username}`,
      `一次性密码 one-time password: ${r.oneTimePassword}`,
      '首次登录须修改密码；此密码只显示这一次。 Change it at first sign-in; it is shown this once.',
      '',
    ].join('\n')
  })
}
