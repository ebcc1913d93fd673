#!/usr/bin/env node
// The `xueshi` command. Each command loads only what it needs, so `evaluate` and `policies` start
// with the engine alone (no server, no database modules).
import { InputError } from '../policy/errors.js'
import { ConfigurationError, ConflictError, InvalidInputError, NotFoundError } from '../services/errors.js'
import type { CommandResult } from './context.js'
import { UsageError } from './errors.js'

const HELP = `xueshi — 专业技术人员继续教育学时管理系统 (continuing-education hours registry)

Commands:
  xueshi evaluate --policy <id> --year <YYYY> [--window <1-5>] [--file <records.json>]
  xueshi evaluate --region <GB/T 2260 code> --series <series> --year <YYYY> [--file <records.json>]
      Credits a person's activity records under a policy and prints the result as JSON.
      Records come from --file, or from standard input.
  xueshi policies
      Lists the policies the engine implements, as JSON.
  xueshi init --region <GB/T 2260 code> --name <HR department name> [--username <name>]
      First start on an empty database: creates the deployment's top HR department (province, city or
      county level, read from the code) and its first administrator (username admin unless given), and
      prints a one-time password to change at first sign-in.
  xueshi serve [--port N] [--demo]
      Runs the migrations and serves the API on http://localhost:3000 (--port, else PORT); --demo loads
      the demo data and prints its logins (npm start does this). Without --demo the database must have
      been initialised (xueshi init).
  xueshi migrate
      Brings the database up to date (DATABASE_URL, else embedded PGlite in XUESHI_DATA_DIR, ./data).
  xueshi demo [--json]
      Loads the demo data (idempotent) and prints one login per role.
  xueshi verify-audit [--checkpoint <file>]
      Walks the audit trail's hash chain; with a checkpoint, proves the trail still extends it.
      Exit 0 when intact, 1 naming the first broken row.
  xueshi checkpoint [--out <file>]
      Issues a signed checkpoint (Ed25519) of the audit trail's head.
  xueshi certificate --id-number <resident ID> --year <YYYY> [--window <1-5>] --out <file.pdf>
      Issues the person's continuing-education hours certificate (学时证明) for the year (or Qingdao's
      window of N years) and writes its PDF; with unchanged figures the existing certificate is written.
  xueshi verify-certificate <file.pdf> [--keys <keys.json>]
      Checks a certificate PDF offline against the published keys (/.well-known/xueshi-keys.json; default:
      this deployment's keyring). Exit 0 valid, 1 invalid or tampered with (the reason), 2 bad input.
  xueshi rotate-certificate-keys
      Adds new active certificate keys (Ed25519 and SM2) and retires the old ones, which still verify
      the certificates they signed (XUESHI_CERT_KEYS_FILE, else certificate-keys.json in the data dir).
  xueshi recompute --year <YYYY> [--region <GB/T 2260 code>] [--workers N] [--report <file.jsonl>] [--resume]
      Re-evaluates every person-year of the year for the persons registered in the region and below
      (default: the deployment's region) and rewrites the person_year rows that differ; the ledger is not
      touched. --report lists every person whose figures changed (JSON Lines); Ctrl-C stops after the
      chunk being written, and --resume continues the unfinished run. Progress on standard error.
  xueshi export --out <file.jsonl> [--since <cursor>] [--region <GB/T 2260 code>]
      Writes the region's ledger increment (credits and reversals since the cursor; default: where the
      region's last export stopped) as a signed exchange file for the upper level's system
      (docs/exchange.md) and prints its summary, with the cursor the next export starts from.
  xueshi import-exchange <file.jsonl> [--trust=<public key or PEM file>]
      Takes a lower system's exchange file in, all or nothing: signature and checksum first (the signer must
      be a registered exchange partner or given with --trust), what is already here counted once. Prints
      the report as JSON; a refused file prints its refused lines and exits 2.
  xueshi exchange-identity
      Prints this deployment's signing public key and exchange key id (for the upper level to trust).
  xueshi help
      Prints this help.

Exit codes: 0 success, 2 bad input (one line on standard error).`

async function run(argv: string[]): Promise<CommandResult> {
  const [command, ...args] = argv
  switch (command) {
    case 'evaluate':
      return (await import('./evaluate.js')).runEvaluate(args)
    case 'init':
      return (await import('./init.js')).runInit(args)
    case 'serve':
      return (await import('./serve.js')).runServe(args)
    case 'migrate':
      return (await import('./migrate.js')).runMigrate(args)
    case 'demo':
      return (await import('./demo.js')).runDemo(args)
    case 'verify-audit':
      return (await import('./audit.js')).runVerifyAudit(args)
    case 'checkpoint':
      return (await import('./audit.js')).runCheckpoint(args)
    case 'certificate':
      return (await import('./certificate.js')).runCertificate(args)
    case 'verify-certificate':
      return (await import('./verify-certificate.js')).runVerifyCertificate(args)
    case 'rotate-certificate-keys':
      return (await import('./verify-certificate.js')).runRotateCertificateKeys(args)
    case 'recompute':
      return (await import('./recompute.js')).runRecompute(args)
    case 'export':
      return (await import('./exchange.js')).runExport(args)
    case 'import-exchange':
      return (await import('./exchange.js')).runImportExchange(args)
    case 'exchange-identity':
      return (await import('./exchange.js')).runExchangeIdentity(args)
    case 'policies':
      if (args.length > 0) throw new UsageError(`policies takes no arguments, got "${args.join(' ')}"`)
      return (await import('./policies.js')).runPolicies()
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      return `${HELP}\n`
    default:
      throw new UsageError(`unknown command "${command}" (run "xueshi help")`)
  }
}

/** Bad input, whichever layer found it: the engine, our argument checks, or node's parseArgs. */
function isBadInput(e: unknown): boolean {
  if (e instanceof UsageError || e instanceof InputError) return true
  if (
    e instanceof NotFoundError ||
    e instanceof InvalidInputError ||
    e instanceof ConflictError ||
    e instanceof ConfigurationError
  ) {
    return true
  }
  const code = (e as NodeJS.ErrnoException | undefined)?.code
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')
}

run(process.argv.slice(2)).then(
  (result) => {
    if (typeof result === 'string') process.stdout.write(result)
    else {
      process.stdout.write(result.output)
      process.exitCode = result.exitCode
    }
  },
  (e: unknown) => {
    const message = e instanceof Error ? e.message : String(e)
    const bad = isBadInput(e)
    process.stderr.write(`xueshi: ${bad ? '' : 'internal error: '}${message.split('\n')[0]}\n`)
    process.exitCode = bad ? 2 : 1
  },
)
