import { type ChildProcess, spawn } from 'node:child_process'
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

export interface Server {
  url: string
  logins: Login[]
  login(role: string): Login
  stop(): Promise<void>
}

/** `xueshi serve --demo` as built by `npm run build`, on a fresh embedded data directory and a free port. */
export async function startServer(): Promise<Server> {
  if (!existsSync(join(ROOT, 'dist', 'web', 'index.html')))
    throw new Error('dist/web is missing: run `npm run build` before `npm run test:e2e`')
  const dataDir = mkdtempSync(join(tmpdir(), 'xueshi-e2e-'))
  const { DATABASE_URL: _, XUESHI_SECRET: __, ...env } = process.env
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--demo', '--port', '0'], {
    env: { ...env, XUESHI_DATA_DIR: dataDir, XUESHI_LOG: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const out = await new Promise<string>((resolve, reject) => {
    let text = ''
    child.stdout?.on('data', (chunk) => {
      text += chunk
      // The logins are printed after the URL; the last role printed is hr_department.
      if (/is serving/.test(text) && /\n\s+hr_department\s+\S+\s+\S+[^\n]*\n/.test(text)) resolve(text)
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
