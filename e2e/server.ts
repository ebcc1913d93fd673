import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..')
const CLI = join(ROOT, 'dist', 'cli', 'main.js')

export interface Login {
  role: string
  username: string
  password: string
  /** The demo person's resident ID number, as the server prints it. */
  idNumber?: string
}

/** `xueshi init` on the fresh data directory instead of the demo: the deployment's top HR department. */
export interface InitOptions {
  region: string
  name: string
}

export interface Server {
  url: string
  logins: Login[]
  /** After `xueshi init`: the administrator's username and one-time password as init printed them. */
  admin?: { username: string; oneTimePassword: string }
  login(role: string): Login
  stop(): Promise<void>
}

/**
 * `xueshi serve --demo` as built by `npm run build`, on a fresh embedded data directory and a free port;
 * with `init`, `xueshi init` on that directory first and `xueshi serve` without the demo.
 */
export async function startServer(init?: InitOptions): Promise<Server> {
  if (!existsSync(join(ROOT, 'dist', 'web', 'index.html')))
    throw new Error('dist/web is missing: run `npm run build` before `npm run test:e2e`')
  const dataDir = mkdtempSync(join(tmpdir(), 'xueshi-e2e-'))
  const { DATABASE_URL: _, XUESHI_SECRET: __, ...env } = process.env
  const serverEnv = { ...env, XUESHI_DATA_DIR: dataDir, XUESHI_LOG: '0', HOST: '127.0.0.1' }
  const admin = init && initialise(init, serverEnv)
  const args = init ? ['serve', '--port', '0'] : ['serve', '--demo', '--port', '0']
  const child: ChildProcess = spawn(process.execPath, [CLI, ...args], {
    env: serverEnv,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const out = await new Promise<string>((resolve, reject) => {
    let text = ''
    child.stdout?.on('data', (chunk) => {
      text += chunk
      // The demo's logins are printed after the URL; the last role printed is hr_department.
      if (/is serving/.test(text) && (init || /\n\s+hr_department\s+\S+\s+\S+[^\n]*\n/.test(text)))
        resolve(text)
    })
    child.once('exit', (code) => reject(new Error(`xueshi serve exited with ${code}: ${text}`)))
  })
  const url = (/is serving (http:\/\/\S+) on/.exec(out)?.[1] ?? '').replace('localhost', '127.0.0.1')
  const logins = out
    .split('\n')
    .map((line) => /^\s{2}(\w+)\s+(demo-\S+)\s+(\S+)(?:\s+\(ID (\w+)\))?/.exec(line))
    .filter((m) => m !== null)
    .map(
      ([, role, username, password, idNumber]) =>
        ({ role, username, password, ...(idNumber ? { idNumber } : {}) }) as Login,
    )
  return {
    url,
    logins,
    ...(admin ? { admin } : {}),
    login: (role) => {
      const l = logins.find((x) => x.role === role)
      if (!l) throw new Error(`no demo login for ${role}`)
      return l
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** `xueshi init --region --name` on the data directory: the administrator's username and one-time password it printed. */
function initialise(
  init: InitOptions,
  env: NodeJS.ProcessEnv,
): { username: string; oneTimePassword: string } {
  const out = execFileSync(process.execPath, [CLI, 'init', '--region', init.region, '--name', init.name], {
    env,
    encoding: 'utf8',
  })
  const username = /administrator:\s+(\S+)/.exec(out)?.[1]
  const oneTimePassword = /one-time password:\s+(\S+)/.exec(out)?.[1]
  if (!username || !oneTimePassword) throw new Error(`xueshi init printed no administrator: ${out}`)
  return { username, oneTimePassword }
}
