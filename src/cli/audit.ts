import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import {
  type Checkpoint,
  issueCheckpoint,
  parseCheckpoint,
  verifyAgainstCheckpoint,
  verifyChain,
} from '../services/audit.js'
import { loadSigningKey, loadVerifyingKey } from '../services/audit-keys.js'
import { saveCheckpoint } from '../services/checkpoints.js'
import { type CommandResult, dataDirOf, log, withDatabase } from './context.js'
import { UsageError } from './errors.js'

/**
 * `xueshi verify-audit [--checkpoint <file>]`: walks the hash chain (and, with a checkpoint, proves the
 * trail still extends it). Exit 0 when intact, 1 naming the first broken row.
 */
export async function runVerifyAudit(args: string[]): Promise<CommandResult> {
  const { values } = parseArgs({ args, options: { checkpoint: { type: 'string' } }, strict: true })
  let checkpoint: ReturnType<typeof parseCheckpoint> | undefined
  if (values.checkpoint !== undefined) {
    let text: string
    try {
      text = readFileSync(values.checkpoint, 'utf8')
    } catch {
      throw new UsageError(`cannot read --checkpoint ${values.checkpoint}`)
    }
    try {
      checkpoint = parseCheckpoint(text)
    } catch (e) {
      throw new UsageError(`${values.checkpoint}: ${(e as Error).message}`)
    }
  }
  return withDatabase('verify-audit', async ({ db }) => {
    const verdict = checkpoint
      ? await verifyAgainstCheckpoint(db, loadVerifyingKey(process.env, dataDirOf()), checkpoint)
      : await verifyChain(db)
    if (verdict.ok) {
      const against = checkpoint
        ? `, extends the checkpoint of ${checkpoint.issuedAt} (row ${checkpoint.seq})`
        : ''
      return `audit trail intact: ${verdict.count} rows, head ${verdict.head}${against}\n`
    }
    return { output: `audit trail BROKEN at row ${verdict.brokenAt}: ${verdict.reason}\n`, exitCode: 1 }
  })
}

/** `xueshi checkpoint [--out <file>]`: issues a signed checkpoint of the trail's head and saves it. */
export async function runCheckpoint(args: string[]): Promise<string> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } }, strict: true })
  const dataDir = dataDirOf()
  return withDatabase('checkpoint', async ({ db }) => {
    const key = loadSigningKey(process.env, dataDir, log)
    let saved: { file: string; checkpoint: Checkpoint }
    if (values.out === undefined) saved = await saveCheckpoint(db, key, join(dataDir, 'checkpoints'))
    else {
      const checkpoint = await issueCheckpoint(db, key)
      writeFileSync(values.out, `${JSON.stringify(checkpoint, null, 2)}\n`)
      saved = { file: values.out, checkpoint }
    }
    log(
      `checkpoint of row ${saved.checkpoint.seq} saved to ${saved.file}; keep a copy away from this machine`,
    )
    return `${JSON.stringify(saved.checkpoint, null, 2)}\n`
  })
}
