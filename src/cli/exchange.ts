import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { loadSigningKey } from '../services/audit-keys.js'
import { InvalidRowsError } from '../services/errors.js'
import {
  deploymentParty,
  exchangeIdentity,
  exportExchangeToFile,
  importExchange,
  isTrustedKey,
  loadExchangeKey,
} from '../services/exchange.js'
import { publicKeyFrom, rawPublicKey } from '../services/exchange-format.js'
import { readExchange } from '../services/exchange-reader.js'
import { loadSecrets } from '../services/secrets.js'
import { type CommandResult, dataDirOf, log, withDatabase } from './context.js'
import { UsageError } from './errors.js'

/** A file the command was given, or a UsageError naming it (exit 2). */
function readable(path: string): Buffer {
  try {
    return readFileSync(path)
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`)
  }
}

const keysOf = (dataDir: string) => ({
  exchangeKey: loadExchangeKey(process.env, dataDir, log),
  signingKey: loadSigningKey(process.env, dataDir, log),
})

/**
 * `xueshi export [--since <cursor>] [--region <code>] --out <file.jsonl>`: the region's ledger increment since
 * the cursor (default: where the region's last export stopped) as a signed exchange file (docs/exchange.md),
 * acting as the deployment's top HR department. Prints the manifest's summary as JSON.
 */
export async function runExport(args: string[]): Promise<string> {
  const { values } = parseArgs({
    args,
    options: { since: { type: 'string' }, region: { type: 'string' }, out: { type: 'string' } },
    strict: true,
  })
  if (!values.out) throw new UsageError('--out <file.jsonl> is required')
  if (values.since !== undefined && !/^\d{1,20}$/.test(values.since))
    throw new UsageError(
      `--since must be a cursor (the digits of a manifest's cursor.to), got "${values.since}"`,
    )
  if (values.region !== undefined && !/^\d{6}$/.test(values.region))
    throw new UsageError(`--region must be a 6-digit GB/T 2260 code, got "${values.region}"`)
  const out = values.out
  const dataDir = dataDirOf()
  const secrets = loadSecrets(process.env, dataDir, log)
  const keys = keysOf(dataDir)
  return withDatabase('export', async ({ db }) => {
    const party = await deploymentParty(db, 'cli:export')
    const { manifest } = await exportExchangeToFile(
      db,
      secrets,
      keys,
      party,
      {
        ...(values.region !== undefined && { regionCode: values.region }),
        ...(values.since !== undefined && { since: values.since }),
      },
      out,
    )
    return `${JSON.stringify({
      file: out,
      region: manifest.region,
      cursor: manifest.cursor,
      credits: manifest.counts.credits,
      reversals: manifest.counts.reversals,
      sha256: manifest.sha256,
      next: `xueshi export --since ${manifest.cursor.to}`,
    })}\n`
  })
}

/**
 * `xueshi import-exchange <file.jsonl> [--trust <public key>]…`: takes a lower system's exchange file in, all or
 * nothing, as the deployment's top HR department. The signer must be a partner an HR department registered, or
 * a key given with --trust (base64url of the raw Ed25519 key, or a PEM file). Prints the report as JSON; a
 * refused file prints the refused lines and exits 2.
 */
export async function runImportExchange(args: string[]): Promise<CommandResult> {
  const { values, positionals } = parseArgs({
    args,
    options: { trust: { type: 'string', multiple: true } },
    allowPositionals: true,
    strict: true,
  })
  if (positionals.length !== 1)
    throw new UsageError('give exactly one exchange file: xueshi import-exchange <file.jsonl>')
  const trust = new Set(
    (values.trust ?? []).map((t) => {
      const text = t.trim().startsWith('-----BEGIN') || t.length === 43 ? t : readable(t)
      return rawPublicKey(publicKeyFrom(text.toString()))
    }),
  )
  const bytes = readable(positionals[0] as string)
  const dataDir = dataDirOf()
  const secrets = loadSecrets(process.env, dataDir, log)
  const keys = keysOf(dataDir)
  const read = await readExchange(bytes)
  return withDatabase('import-exchange', async ({ db }) => {
    const party = await deploymentParty(db, 'cli:import-exchange')
    try {
      const report = await importExchange(db, secrets, keys, party, read, async (key) =>
        trust.has(key) ? true : isTrustedKey(db, null, key),
      )
      return `${JSON.stringify(report)}\n`
    } catch (e) {
      if (!(e instanceof InvalidRowsError)) throw e
      log(
        `refused, nothing written: ${e.rows.length} line(s) — ${e.rows[0]?.reason ?? ''} (line ${e.rows[0]?.row})`,
      )
      return {
        output: `${JSON.stringify({ refused: e.rows.map((r) => ({ line: r.row, field: r.column, reason: r.reason })) })}\n`,
        exitCode: 2,
      }
    }
  })
}

/** `xueshi exchange-identity`: this deployment's signing public key and exchange key id, for the partner. */
export async function runExchangeIdentity(args: string[]): Promise<string> {
  if (args.length > 0) throw new UsageError(`exchange-identity takes no arguments, got "${args.join(' ')}"`)
  return `${JSON.stringify(exchangeIdentity(keysOf(dataDirOf())))}\n`
}
