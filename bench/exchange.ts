// Reporting upward and taking in at scale (docs/exchange.md; cn-engineering-2026 第二十二条「学时数据实行自下而上
// 登记、动态归集报送」): a city deployment (常州, 320400) with a region's ledger of credits and some reversals,
// and the province's deployment (江苏, 320000) where the same persons are registered, each in a fresh
// PostgreSQL schema of its own with its own XUESHI_SECRET, sharing one exchange key, as
// test/exchange.test.ts sets them up. Persons carry real ID numbers (GB 11643 check digit, makeResidentId),
// sealed in Node under each deployment's secret; the ledger is generated in SQL (deterministic: every id and
// choice is an md5 of the row's number; only the AES-GCM nonces and the signing keys are random). Measured
// through the services: the full export, an incremental one after 1,000 new entries, reading the file
// (readExchange, the worker thread), taking it in upstream, and taking it in again (counted once). Run with
//   npm run bench:exchange -- --postgres <url> [--persons N] [--per-person K] [--runs R] [--keep]
// Record the figures in bench/RESULTS.md.
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { maskResidentId } from '../src/domain/mask.js'
import { makeResidentId } from '../src/domain/resident-id.js'
import { initDeployment } from '../src/services/deployment.js'
import {
  addPartner,
  deploymentParty,
  type ExchangeKeys,
  exportExchange,
  exportExchangeToFile,
  importExchange,
  isTrustedKey,
} from '../src/services/exchange.js'
import { personRefOf, rawPublicKey } from '../src/services/exchange-format.js'
import { readExchange } from '../src/services/exchange-reader.js'
import { personKeyOf, type Secrets, seal, secretsFrom, unseal } from '../src/services/secrets.js'
import { type Schema, schemaFor } from './schema.js'

const CITY = '320400' // 常州
const COUNTIES = ['320402', '320404', '320411', '320412', '320413', '320481']
const OTHER_COUNTIES = ['320102', '320106', '320205', '320214', '320505', '320508'] // 南京, 无锡, 苏州
const EXCHANGE_KEY = Buffer.alloc(32, 9)
const SENDER_SECRETS = secretsFrom(Buffer.alloc(32, 1))
const RECEIVER_SECRETS = secretsFrom(Buffer.alloc(32, 3))
const senderKeys: ExchangeKeys = {
  exchangeKey: EXCHANGE_KEY,
  signingKey: generateKeyPairSync('ed25519').privateKey,
}
const receiverKeys: ExchangeKeys = {
  exchangeKey: EXCHANGE_KEY,
  signingKey: generateKeyPairSync('ed25519').privateKey,
}
const NEW_ENTRIES = 1_000 // the increment: 980 credits and 20 reversals of credits sent before

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9
const fmt = (n: number) => Math.round(n).toLocaleString('en')
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0)
const log = (line: string) => console.log(`  ${line}`)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number

// ---------------------------------------------------------------------------------------------- data

/** Person n's ID number: a 常州 county, a birth date and a sequence number, with its check digit. */
function idNumberOf(n: number): string {
  const county = COUNTIES[n % COUNTIES.length] as string
  const k = Math.floor(n / COUNTIES.length)
  const birth = new Date(Date.UTC(1965, 0, 1) + (k % 12_000) * 86_400_000)
  const ymd = birth.toISOString().slice(0, 10).replaceAll('-', '')
  return makeResidentId(county, ymd, Math.floor(k / 12_000) * 2 + (n % 2))
}

/**
 * Registers persons 1..count in a deployment, as registerPerson writes them (person_key under its secret,
 * the ID number sealed under it), in batches; bench_person maps n to the person key for the SQL below.
 */
async function persons(d: Schema, secrets: Secrets, count: number): Promise<void> {
  const t = process.hrtime.bigint()
  let sealing = 0
  await sql`CREATE TABLE bench_person (n int PRIMARY KEY, person_key text NOT NULL)`.execute(d.db)
  for (let from = 1; from <= count; from += 5000) {
    const ns: number[] = []
    const keys: string[] = []
    const ciphers: Buffer[] = []
    const masked: string[] = []
    const births: string[] = []
    const regionsOf: string[] = []
    const sexes: string[] = []
    const s = process.hrtime.bigint()
    for (let n = from; n < Math.min(from + 5000, count + 1); n++) {
      const id = idNumberOf(n)
      ns.push(n)
      keys.push(personKeyOf(secrets, id))
      ciphers.push(seal(secrets, id))
      masked.push(maskResidentId(id))
      births.push(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`)
      regionsOf.push(id.slice(0, 6))
      sexes.push(Number(id[16]) % 2 === 1 ? 'male' : 'female')
    }
    sealing += seconds(s)
    await sql`INSERT INTO person (person_key, id_cipher, id_masked, name, sex, birth_date, region_code, series, title_level)
      SELECT k, c, m, '学员' || n, s, b::date, r, 'engineering', 'intermediate'
      FROM unnest(${ns}::int[], ${keys}::text[], ${ciphers}::bytea[], ${masked}::text[], ${sexes}::text[],
        ${births}::text[], ${regionsOf}::text[]) AS u(n, k, c, m, s, b, r)`.execute(d.db)
    await sql`INSERT INTO bench_person SELECT * FROM unnest(${ns}::int[], ${keys}::text[])`.execute(d.db)
  }
  log(
    `${d.schema}: ${fmt(count)} persons in ${seconds(t).toFixed(1)} s (of which HMAC + AES-GCM sealing in Node ${sealing.toFixed(1)} s)`,
  )
}

async function step(d: Schema, label: string, query: ReturnType<typeof sql>): Promise<void> {
  const t = process.hrtime.bigint()
  const r = await query.execute(d.db)
  const rows = r.numAffectedRows === undefined ? 'done' : `${fmt(Number(r.numAffectedRows))} rows`
  log(`${label}: ${rows} in ${seconds(t).toFixed(1)} s`)
}

/**
 * Credits for the (p, j) pairs `from` gives, on date `day`: an online public course, a training or an
 * online professional course in turn, with the hours the sender's engine would have given.
 */
function credits(from: string, day: string, where = 'true'): ReturnType<typeof sql> {
  return sql.raw(`INSERT INTO ledger_entry (person_key, id, entry_type, year, record, policy_id, credit_key,
      credit_revision, content_hash, public, professional, basis, source, actor, created_at)
    SELECT person_key, id, 'credit', extract(year FROM d)::int, rec, 'changzhou-2024', 'record:' || id, 0,
      encode(sha256(convert_to(rec::text, 'UTF8')), 'hex'), pub, prof, '常人社职〔2024〕1号',
      CASE WHEN j % 3 = 1 THEN 'roster' ELSE 'application' END, 'bench', d + interval '20 days 9 hours'
    FROM (
      SELECT p.person_key, md5('c' || p.n || ':' || j)::uuid AS id, j, x.d,
        CASE j % 3
          WHEN 0 THEN jsonb_build_object('kind', 'online_course', 'date', to_char(x.d, 'YYYY-MM-DD'),
            'subject', 'public', 'hours', 12 + x.h % 19, 'title', '公需科目网络学习')
          WHEN 1 THEN jsonb_build_object('kind', 'training', 'date', to_char(x.d, 'YYYY-MM-DD'),
            'title', '压测培训班' || (x.h % 500), 'subject', 'professional', 'organizer', 'institution',
            'days', 3, 'hours', 24)
          ELSE jsonb_build_object('kind', 'online_course', 'date', to_char(x.d, 'YYYY-MM-DD'),
            'subject', 'professional', 'hours', 4 + x.h % 36)
        END AS rec,
        CASE WHEN j % 3 = 0 THEN 12 + x.h % 19 ELSE 0 END AS pub,
        CASE j % 3 WHEN 0 THEN 0 WHEN 1 THEN 24 ELSE 4 + x.h % 36 END AS prof
      FROM ${from},
        LATERAL (SELECT bench_h('h' || p.n || ':' || j) AS h, ${day} AS d) x
      WHERE ${where}
    ) c`)
}

/** The city's ledger: persons × perPerson credits over 2025–2026, one in fifty reversed (a correction). */
async function generate(sender: Schema, receiver: Schema, count: number, perPerson: number) {
  const t0 = process.hrtime.bigint()
  for (const d of [sender, receiver])
    await sql`CREATE FUNCTION bench_h(s text) RETURNS int IMMUTABLE LANGUAGE sql
      AS $$ SELECT ('x' || substr(md5(s), 1, 7))::bit(28)::int $$`.execute(d.db)
  await initDeployment(sender.db, { regionCode: CITY, name: '常州市人力资源和社会保障局' })
  await initDeployment(receiver.db, { regionCode: '320000', name: '江苏省人力资源和社会保障厅' })
  await persons(sender, SENDER_SECRETS, count)
  await persons(receiver, RECEIVER_SECRETS, count)
  // The province also holds other cities' persons: outside the file's region, never decrypted for it.
  await step(
    receiver,
    'receiver: persons of other cities',
    sql`INSERT INTO person (person_key, id_cipher, id_masked, name, sex, birth_date, region_code, series, title_level)
      SELECT 'o' || n, '\\x00', '320***********0000', '外市学员' || n, 'female', '1985-01-01',
        (${`{${OTHER_COUNTIES.join(',')}}`}::text[])[1 + n % ${OTHER_COUNTIES.length}], 'engineering', 'intermediate'
      FROM generate_series(1, ${count}) n`,
  )
  // Dates from 2025-01-03 over 600 days (to 2026-08-25): before today, two policy years.
  await step(
    sender,
    `sender: credits (${perPerson} a person)`,
    credits(
      `bench_person p, generate_series(1, ${perPerson}) j`,
      `date '2025-01-03' + bench_h('d' || p.n || ':' || j) % 600`,
    ),
  )
  await step(
    sender,
    'sender: reversals (one credit in fifty, corrections)',
    sql`INSERT INTO ledger_entry (person_key, id, entry_type, year, record, policy_id, public, professional,
        basis, source, actor, reason, reverses_id, created_at)
      SELECT person_key, md5('r' || id::text)::uuid, 'reversal', year, NULL, policy_id, -public, -professional,
        '更正', 'correction', 'bench', '压测：重复申报', id, created_at + interval '3 days'
      FROM ledger_entry WHERE entry_type = 'credit' AND bench_h('x' || id::text) % 50 = 0`,
  )
  for (const d of [sender, receiver]) await sql`VACUUM ANALYZE`.execute(d.db)
  log(`generated in ${seconds(t0).toFixed(0)} s`)
}

/** 1,000 new entries at the sender, in a transaction after the full export: 980 credits, 20 reversals. */
async function increment(sender: Schema, perPerson: number): Promise<void> {
  await step(
    sender,
    'sender: 980 new credits',
    credits(
      `bench_person p, LATERAL (SELECT ${perPerson + 1} AS j) jj`,
      `date '2026-09-01' + p.n % 60`,
      `p.n <= ${NEW_ENTRIES - 20}`,
    ),
  )
  await step(
    sender,
    'sender: 20 new reversals of credits sent before',
    sql`INSERT INTO ledger_entry (person_key, id, entry_type, year, record, policy_id, public, professional,
        basis, source, actor, reason, reverses_id)
      SELECT person_key, md5('s' || id::text)::uuid, 'reversal', year, NULL, policy_id, -public, -professional,
        '更正', 'correction', 'bench', '压测：学时有误', id
      FROM ledger_entry c WHERE entry_type = 'credit' AND NOT EXISTS (
        SELECT 1 FROM ledger_entry r WHERE r.person_key = c.person_key AND r.reverses_id = c.id)
        AND year = 2025
      ORDER BY md5('y' || id::text) LIMIT 20`,
  )
}

// ----------------------------------------------------------------------------------------- measuring

interface Figure {
  what: string
  answered: string
  runs: number
  median: number
  min: number
  max: number
  /** The highest resident set sampled while the calls ran (every 10 ms, between the event loop's turns). */
  rss: number
}

async function time<T>(
  what: string,
  runs: number,
  call: () => Promise<T>,
  answered: (r: T) => string,
): Promise<{ figure: Figure; last: T }> {
  const ms: number[] = []
  let last: T | undefined
  const load0 = loadavg()[0] as number
  let rss = process.memoryUsage().rss
  const sampler = setInterval(() => {
    rss = Math.max(rss, process.memoryUsage().rss)
  }, 10)
  try {
    for (let i = 0; i < runs; i++) {
      const t = process.hrtime.bigint()
      last = await call()
      ms.push(seconds(t) * 1000)
      rss = Math.max(rss, process.memoryUsage().rss)
    }
  } finally {
    clearInterval(sampler)
  }
  const figure = {
    what,
    answered: answered(last as T),
    runs,
    median: median(ms),
    min: Math.min(...ms),
    max: Math.max(...ms),
    rss,
  }
  console.log(
    `${what} (${figure.answered}): ${runs} runs, median ${figure.median.toFixed(0)} ms (${figure.min.toFixed(0)}–${figure.max.toFixed(0)}), rss peak ${mb(rss)} MB; load ${load0.toFixed(1)}→${loadavg()[0]?.toFixed(1)}`,
  )
  global.gc?.()
  return { figure, last: last as T }
}

function table(rows: Figure[]): string {
  const head = ['what', 'answered', 'runs', 'median ms', 'min ms', 'max ms', 'rss peak MB']
  const body = rows.map((f) => [
    f.what,
    f.answered,
    String(f.runs),
    fmt(f.median),
    fmt(f.min),
    fmt(f.max),
    mb(f.rss),
  ])
  return [head, head.map(() => '---'), ...body].map((cells) => `| ${cells.join(' | ')} |`).join('\n')
}

const ledgerCount = async (d: Schema) =>
  Number(
    (
      await d.db
        .selectFrom('ledger_entry')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

/**
 * Waits until every entry is below the export horizon: xmin is the cluster's, so a transaction running in
 * any database of the server (another application, a test) holds an export back (docs/exchange.md, The cursor).
 */
async function horizonPast(d: Schema): Promise<void> {
  const t = process.hrtime.bigint()
  for (;;) {
    const r = await sql<{ past: boolean }>`SELECT coalesce(
        (SELECT max(txid) FROM ledger_entry) < pg_snapshot_xmin(pg_current_snapshot()), true) AS past`.execute(
      d.db,
    )
    if (r.rows[0]?.past) break
    if (seconds(t) > 300) throw new Error('the export horizon stayed behind the ledger for 5 minutes')
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  if (seconds(t) > 0.5)
    log(
      `waited ${seconds(t).toFixed(1)} s for a transaction elsewhere in the cluster to end (export horizon)`,
    )
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`bench check failed: ${what}`)
}

async function measure(sender: Schema, receiver: Schema, runs: number, perPerson: number) {
  const figures: Figure[] = []
  const from = await deploymentParty(sender.db, 'bench:export')
  const province = await deploymentParty(receiver.db, 'bench:import')
  await addPartner(receiver.db, province, {
    name: '常州市学时系统',
    regionCode: CITY,
    publicKey: rawPublicKey(senderKeys.signingKey),
  })
  const trusted = (key: string) => isTrustedKey(receiver.db, province.organisationId, key)
  const entries = await ledgerCount(sender)
  const lines = (r: { manifest: { counts: { credits: number; reversals: number } }; text: string }) =>
    `${fmt(r.manifest.counts.credits)} credits, ${fmt(r.manifest.counts.reversals)} reversals, ${mb(Buffer.byteLength(r.text))} MB`

  await horizonPast(sender)
  // First (RSS only grows): the full export as `xueshi export` writes it, streamed to a file a FETCH at a time.
  const out = join(mkdtempSync(join(tmpdir(), 'bench-exchange-')), 'region.jsonl')
  const toFile = await time(
    'export, full, to a file (xueshi export)',
    runs,
    () => exportExchangeToFile(sender.db, SENDER_SECRETS, senderKeys, from, { since: '0' }, out),
    (r) =>
      `${fmt(r.manifest.counts.credits)} credits, ${fmt(r.manifest.counts.reversals)} reversals, ${mb(statSync(out).size)} MB`,
  )
  figures.push(toFile.figure)
  rmSync(out, { force: true })
  // The full export (since 0) as text, the API's answer, runs times: each is recorded, none changes the ledger.
  const full = await time(
    'export, full (since 0)',
    runs,
    () => exportExchange(sender.db, SENDER_SECRETS, senderKeys, from, { since: '0' }),
    lines,
  )
  figures.push(full.figure)
  const fullFile = Buffer.from(full.last.text)
  const fullCount = full.last.manifest.counts.credits + full.last.manifest.counts.reversals
  if (fullCount !== entries)
    log(
      `the export holds ${fmt(fullCount)} of ${fmt(entries)} entries: a transaction elsewhere in the cluster holds the horizon back (docs/exchange.md, The cursor)`,
    )
  log(
    `full file: ${fmt(fullFile.length)} bytes, ${fmt(fullFile.length / Math.max(1, fullCount))} bytes a line`,
  )

  await increment(sender, perPerson)
  await horizonPast(sender)
  const inc = await time(
    `export, incremental (${fmt(NEW_ENTRIES)} new entries)`,
    runs,
    () =>
      exportExchange(sender.db, SENDER_SECRETS, senderKeys, from, { since: full.last.manifest.cursor.to }),
    lines,
  )
  figures.push(inc.figure)
  const incFile = Buffer.from(inc.last.text)
  check(
    inc.last.manifest.counts.credits + inc.last.manifest.counts.reversals === NEW_ENTRIES,
    'the increment holds the new entries',
  )

  const read = await time(
    'readExchange, full file (worker thread)',
    runs,
    () => readExchange(fullFile),
    (r) => `${fmt(r.lines.length)} lines, ${r.problems.length} problems`,
  )
  figures.push(read.figure)

  const before = await ledgerCount(receiver)
  const take = (file: Buffer) => async () =>
    importExchange(receiver.db, RECEIVER_SECRETS, receiverKeys, province, await readExchange(file), trusted)
  const report = (r: Awaited<ReturnType<ReturnType<typeof take>>>) =>
    `credited ${fmt(r.credited)}, present ${fmt(r.present)}, reversed ${fmt(r.reversed)}`
  const first = await time('import, full file, first time (read included)', 1, take(fullFile), report)
  figures.push(first.figure)
  check(
    first.last.credited === full.last.manifest.counts.credits &&
      first.last.reversed === full.last.manifest.counts.reversals,
    'the full file is taken in whole',
  )
  const written = await ledgerCount(receiver)
  check(written - before === fullCount, 'one entry written a line')
  const again = await time('import, full file again (counted once)', runs, take(fullFile), report)
  figures.push(again.figure)
  check(again.last.credited === 0 && again.last.present === fullCount, 'the second time writes nothing')
  check((await ledgerCount(receiver)) === written, 'the ledger unchanged by the second time')

  const incFirst = await time('import, incremental file, first time', 1, take(incFile), report)
  figures.push(incFirst.figure)
  check(
    incFirst.last.credited === NEW_ENTRIES - 20 && incFirst.last.reversed === 20,
    'the increment taken in',
  )
  figures.push(
    (await time('import, incremental file again (counted once)', runs, take(incFile), report)).figure,
  )
  // What the import's matching costs by itself: every 常州 person registered upstream, decrypted.
  figures.push(
    (
      await time(
        `matching alone: decrypt + HMAC every ${CITY} person upstream`,
        runs,
        async () => {
          const rows = await receiver.db
            .selectFrom('person')
            .select(['person_key', 'id_cipher'])
            .where('region_code', 'like', '3204%')
            .execute()
          let n = 0
          for (const r of rows) if (personRefOf(EXCHANGE_KEY, unseal(RECEIVER_SECRETS, r.id_cipher))) n += 1
          return n
        },
        (n) => `${fmt(n)} persons`,
      )
    ).figure,
  )
  return { figures, fullBytes: fullFile.length, incBytes: incFile.length }
}

// ---------------------------------------------------------------------------------------------- main

const { values } = parseArgs({
  options: {
    postgres: { type: 'string' },
    persons: { type: 'string' },
    'per-person': { type: 'string' },
    runs: { type: 'string' },
    keep: { type: 'boolean' },
  },
})
const count = Number(values.persons ?? 50_000)
const perPerson = Number(values['per-person'] ?? 4)
const runs = Number(values.runs ?? 3)
if (
  !values.postgres ||
  !Number.isInteger(count) ||
  count < 1000 ||
  count > 1_000_000 ||
  !Number.isInteger(perPerson) ||
  perPerson < 1 ||
  !(runs >= 1)
) {
  console.error(
    'usage: node --import tsx bench/exchange.ts --postgres <url> [--persons N ≥ 1000] [--per-person K] [--runs R] [--keep]',
  )
  process.exit(2)
}
const t0 = process.hrtime.bigint()
const stamp = Date.now().toString(36)
const sender = await schemaFor(values.postgres, `bench_exchange_city_${stamp}`)
const receiver = await schemaFor(values.postgres, `bench_exchange_province_${stamp}`)
try {
  console.log(
    `generating ${fmt(count)} persons × ${perPerson} credits in ${sender.schema}, the same persons in ${receiver.schema}:`,
  )
  await generate(sender, receiver, count, perPerson)
  const { figures } = await measure(sender, receiver, runs, perPerson)
  console.log(`\n${table(figures)}`)
} finally {
  for (const d of [sender, receiver]) {
    if (!values.keep) await sql.raw(`DROP SCHEMA ${d.schema} CASCADE`).execute(d.db)
    else log(`schema ${d.schema} kept`)
    await d.close()
  }
}
console.log(
  `\nmachine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}; whole run ${seconds(t0).toFixed(0)} s`,
)
