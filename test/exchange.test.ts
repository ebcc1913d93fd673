import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeResidentId } from '../src/domain/resident-id.js'
import { transact } from '../src/services/audit.js'
import { initDeployment } from '../src/services/deployment.js'
import { InvalidInputError, InvalidRowsError } from '../src/services/errors.js'
import {
  addPartner,
  deploymentParty,
  type ExchangeKeys,
  type ExchangeParty,
  exportExchange,
  exportExchangeToFile,
  importExchange,
  isTrustedKey,
} from '../src/services/exchange.js'
import { personRefOf, rawPublicKey } from '../src/services/exchange-format.js'
import { readExchange } from '../src/services/exchange-reader.js'
import { appendCredit, reverseEntry } from '../src/services/ledger.js'
import { registerPerson } from '../src/services/persons.js'
import { secretsFrom, unseal } from '../src/services/secrets.js'
import { multipart, startApi } from './api-helpers.js'
import { DATABASES, freshDatabase, TEST_SECRETS } from './database.js'

// Reporting upward and taking in: cn-engineering-2026 第二十二条「学时数据实行自下而上登记、动态归集报送」and
// 苏人社函〔2023〕308号 五（四）「已单独建立学时系统的，应于每年年底前将学时管理数据导入」(docs/exchange.md).
// The sender is the demo's 常州 deployment; the receiver a province deployment (320000) of its own, with its
// own secret, where the same persons are registered.

const EXCHANGE_KEY = Buffer.alloc(32, 9)
const RECEIVER_SECRETS = secretsFrom(Buffer.alloc(32, 3))
const senderKeys: ExchangeKeys = {
  exchangeKey: EXCHANGE_KEY,
  signingKey: generateKeyPairSync('ed25519').privateKey,
}
const receiverKeys: ExchangeKeys = {
  exchangeKey: EXCHANGE_KEY,
  signingKey: generateKeyPairSync('ed25519').privateKey,
}

describe.each(DATABASES)('exchange on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let receiver: Awaited<ReturnType<typeof freshDatabase>>
  let sender: ExchangeParty
  let province: ExchangeParty
  const trusted = (key: string) => isTrustedKey(receiver.db, province.organisationId, key)

  /** The live credits of the region's persons, as (person ref, content hash) — what a round trip must keep. */
  async function liveSet(db: typeof receiver.db, secrets: typeof TEST_SECRETS, prefix: string) {
    const rows = await sql<{ id_cipher: Uint8Array; content_hash: string }>`
      SELECT p.id_cipher, e.content_hash FROM ledger_entry e JOIN person p ON p.person_key = e.person_key
      WHERE p.region_code LIKE ${`${prefix}%`} AND e.entry_type = 'credit'
        AND NOT EXISTS (SELECT 1 FROM ledger_entry r WHERE r.person_key = e.person_key AND r.reverses_id = e.id)
    `.execute(db)
    return rows.rows
      .map((r) => `${personRefOf(EXCHANGE_KEY, unseal(secrets, r.id_cipher))} ${r.content_hash}`)
      .sort()
  }
  const ledgerCount = async () =>
    Number(
      (
        await receiver.db
          .selectFrom('ledger_entry')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  const take = async (text: string) =>
    importExchange(
      receiver.db,
      RECEIVER_SECRETS,
      receiverKeys,
      province,
      await readExchange(Buffer.from(text)),
      trusted,
    )

  beforeAll(async () => {
    api = await startApi(kind, { exchangeKeys: () => senderKeys })
    sender = await deploymentParty(api.d.db, 'test:export')
    receiver = await freshDatabase(kind)
    await initDeployment(receiver.db, { regionCode: '320000', name: '江苏省人力资源和社会保障厅' })
    province = await deploymentParty(receiver.db, 'test:import')
    const persons = await api.d.db
      .selectFrom('person')
      .selectAll()
      .where('region_code', 'like', '3204%')
      .execute()
    await transact(receiver.db, async (trx) => {
      for (const p of persons)
        await registerPerson(
          trx,
          RECEIVER_SECRETS,
          { id: 'test' },
          {
            idNumber: unseal(TEST_SECRETS, p.id_cipher),
            name: p.name,
            regionCode: p.region_code,
            series: p.series,
            titleLevel: p.title_level,
            industry: p.industry,
          },
        )
    })
    await addPartner(receiver.db, province, {
      name: '常州市学时系统',
      regionCode: '320400',
      publicKey: rawPublicKey(senderKeys.signingKey),
    })
  }, 240_000)
  afterAll(async () => {
    await api?.stop()
    await receiver?.drop()
  })

  it('第二十二条: an export taken in upstream loses nothing and repeats nothing; the same file twice counts once', async () => {
    const first = await exportExchange(api.d.db, TEST_SECRETS, senderKeys, sender)
    expect(first.manifest).toMatchObject({ format: 'xueshi-exchange', version: '1.0', region: '320400' })
    expect(first.manifest.cursor.from).toBe('0')
    expect(first.manifest.counts.credits).toBeGreaterThan(100)
    const report = await take(first.text)
    expect(report).toMatchObject({
      credited: first.manifest.counts.credits,
      present: 0,
      reversed: first.manifest.counts.reversals,
    })
    expect(await liveSet(receiver.db, RECEIVER_SECRETS, '3204')).toEqual(
      await liveSet(api.d.db, TEST_SECRETS, '3204'),
    )
    const before = await ledgerCount()
    const again = await take(first.text)
    expect(again).toMatchObject({
      credited: 0,
      present: first.manifest.counts.credits + first.manifest.counts.reversals,
      reversed: 0,
    })
    expect(await ledgerCount()).toBe(before)
  }, 240_000)

  it('the cursor gives exactly the increment; an overlapping export is counted once; reversals follow their credit', async () => {
    const person = await api.d.db
      .selectFrom('person')
      .select('person_key')
      .where('region_code', '=', '320402')
      .orderBy('person_key')
      .executeTakeFirstOrThrow()
    const credit = await api.d.db
      .selectFrom('ledger_entry')
      .select(['id', 'person_key'])
      .where('entry_type', '=', 'credit')
      .where('person_key', '=', person.person_key)
      .orderBy('id')
      .executeTakeFirstOrThrow()
    await transact(api.d.db, async (trx) => {
      await appendCredit(
        trx,
        { id: 'test' },
        {
          personKey: person.person_key,
          record: { kind: 'paper', date: '2026-03-01', authorship: 'sole', title: '增量论文' },
          source: 'application',
          creditKey: 'record:exchange-test',
        },
      )
      await reverseEntry(
        trx,
        { id: 'test' },
        {
          personKey: credit.person_key,
          entryId: credit.id,
          reason: '重复登记',
          source: 'correction',
          basis: '更正',
        },
      )
    })
    const since = await api.d.db
      .selectFrom('exchange_export')
      .select('cursor_to')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow()
    const increment = await exportExchange(api.d.db, TEST_SECRETS, senderKeys, sender)
    expect(increment.manifest.cursor.from).toBe(since.cursor_to)
    expect(increment.manifest.counts).toEqual({ credits: 1, reversals: 1 })
    const reversal = JSON.parse(increment.text.split('\n')[2] as string)
    expect(reversal).toMatchObject({ type: 'reversal', reverses: credit.id, reason: '重复登记' })
    // Nothing new since: an empty increment.
    const empty = await exportExchange(api.d.db, TEST_SECRETS, senderKeys, sender)
    expect(empty.manifest.counts).toEqual({ credits: 0, reversals: 0 })
    expect(empty.manifest.cursor.from).toBe(increment.manifest.cursor.to)
    expect(await take(increment.text)).toMatchObject({ credited: 1, present: 0, reversed: 1 })
    // Everything again from the start (overlapping the earlier files): nothing is counted twice.
    const overlap = await exportExchange(api.d.db, TEST_SECRETS, senderKeys, sender, { since: '0' })
    const before = await ledgerCount()
    const report = await take(overlap.text)
    expect(report).toMatchObject({ credited: 0, reversed: 0 })
    expect(report.present).toBe(overlap.manifest.counts.credits + overlap.manifest.counts.reversals)
    expect(await ledgerCount()).toBe(before)
    expect(await liveSet(receiver.db, RECEIVER_SECRETS, '3204')).toEqual(
      await liveSet(api.d.db, TEST_SECRETS, '3204'),
    )
  }, 240_000)

  it('a tampered file — a changed line, a changed manifest, another key — is refused and writes nothing', async () => {
    const { text } = await exportExchange(api.d.db, TEST_SECRETS, senderKeys, sender, { since: '0' })
    const [head, firstLine, ...rest] = text.split('\n')
    const before = await ledgerCount()
    const line = JSON.parse(firstLine as string)
    const changedLine = [head, JSON.stringify({ ...line, public: line.public + 10 }), ...rest].join('\n')
    await expect(take(changedLine)).rejects.toThrow(/校验和与清单不符/)
    const manifest = JSON.parse(head as string)
    const changedHead = [JSON.stringify({ ...manifest, region: '320402' }), firstLine, ...rest].join('\n')
    await expect(take(changedHead)).rejects.toThrow(/签名不正确/)
    // Signed by a key the receiver does not trust.
    const stranger = generateKeyPairSync('ed25519').privateKey
    const foreign = await exportExchange(
      api.d.db,
      TEST_SECRETS,
      { ...senderKeys, signingKey: stranger },
      sender,
      {
        since: '0',
      },
    )
    await expect(take(foreign.text)).rejects.toThrow(/未被本部门信任/)
    // The trusted key named, but the signature made with another.
    const forged = JSON.parse(foreign.text.split('\n')[0] as string)
    forged.issuer.key = rawPublicKey(senderKeys.signingKey)
    await expect(
      take([JSON.stringify(forged), ...foreign.text.split('\n').slice(1)].join('\n')),
    ).rejects.toThrow(InvalidInputError)
    // Another exchange key: persons would not match.
    const otherKey = await exportExchange(
      api.d.db,
      TEST_SECRETS,
      { ...senderKeys, exchangeKey: Buffer.alloc(32, 1) },
      sender,
      { since: '0' },
    )
    await expect(take(otherKey.text)).rejects.toThrow(/交换密钥与本系统不一致/)
    expect(await ledgerCount()).toBe(before)
  }, 240_000)

  it.runIf(kind === 'postgres')(
    'a transaction still open when an export is taken commits into the next export, not lost and not twice',
    async () => {
      const person = await api.d.db
        .selectFrom('person')
        .select('person_key')
        .where('region_code', '=', '320411')
        .orderBy('person_key')
        .executeTakeFirstOrThrow()
      let late = ''
      let during: Awaited<ReturnType<typeof exportExchange>> | undefined
      await transact(api.d.db, async (trx) => {
        late = (
          await appendCredit(
            trx,
            { id: 'test' },
            {
              personKey: person.person_key,
              record: { kind: 'paper', date: '2026-02-01', authorship: 'sole', title: '迟提交的论文' },
              source: 'application',
              creditKey: 'record:late-commit',
            },
          )
        ).id
        // Another transaction begins and commits after it, then another connection exports while this one,
        // begun earlier, has not committed: the horizon is the oldest transaction still running, not the newest.
        await addPartner(api.d.db, sender, {
          name: '某区学时系统',
          regionCode: '320411',
          publicKey: rawPublicKey(generateKeyPairSync('ed25519').publicKey),
        })
        during = await exportExchange(api.d.db, TEST_SECRETS, senderKeys, sender)
      })
      expect(during?.text).not.toContain(late)
      const next = await exportExchange(api.d.db, TEST_SECRETS, senderKeys, sender)
      expect(next.manifest.cursor.from).toBe(during?.manifest.cursor.to)
      expect(next.text).toContain(late)
      expect(await take(next.text)).toMatchObject({ credited: 1 })
      if (during) await take(during.text)
    },
    120_000,
  )

  it('only a department whose region holds the file’s region takes it in', async () => {
    const { text } = await exportExchange(api.d.db, TEST_SECRETS, senderKeys, sender, { since: '0' })
    const before = await ledgerCount()
    const qingdao = { ...province, regionCode: '370200' }
    await expect(
      importExchange(
        receiver.db,
        RECEIVER_SECRETS,
        receiverKeys,
        qingdao,
        await readExchange(Buffer.from(text)),
        trusted,
      ),
    ).rejects.toThrow(/只能汇入本地区及下级地区/)
    expect(await ledgerCount()).toBe(before)
  }, 120_000)

  it('a person unknown upstream is refused with the line number, and the whole file writes nothing', async () => {
    const idNumber = makeResidentId('320402', '19880101', 17)
    await transact(api.d.db, async (trx) => {
      const { person } = await registerPerson(
        trx,
        TEST_SECRETS,
        { id: 'test' },
        {
          idNumber,
          name: '新来人员',
          regionCode: '320402',
          series: 'engineering',
          titleLevel: 'intermediate',
        },
      )
      await appendCredit(
        trx,
        { id: 'test' },
        {
          personKey: person.personKey,
          record: { kind: 'paper', date: '2026-04-01', authorship: 'sole', title: '未登记人员的论文' },
          source: 'application',
          creditKey: 'record:unknown-upstream',
        },
      )
    })
    const before = await ledgerCount()
    const { text } = await exportExchange(api.d.db, TEST_SECRETS, senderKeys, sender)
    const error = await take(text).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidRowsError)
    expect((error as InvalidRowsError).rows).toEqual([
      expect.objectContaining({ row: 2, column: 'person', reason: expect.stringContaining('未在本系统') }),
    ])
    expect(await ledgerCount()).toBe(before)
  }, 240_000)

  it('over HTTP: an HR department exports only its own region, and takes a file in with a report', async () => {
    const hr = await api.as('hr_department')
    expect((await hr.request('GET', '/api/exchange/export?region=370200')).statusCode).toBe(403)
    expect((await hr.request('GET', '/api/exchange/export?since=abc')).statusCode).toBe(400)
    const res = await hr.request('GET', '/api/exchange/export?since=0')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-disposition']).toContain('xueshi-exchange-320400-0-')
    // Every person in the file is one of 常州's.
    const ours = new Set(
      (
        await api.d.db
          .selectFrom('person')
          .select('id_cipher')
          .where('region_code', 'like', '3204%')
          .execute()
      ).map((p) => personRefOf(EXCHANGE_KEY, unseal(TEST_SECRETS, p.id_cipher))),
    )
    const lines = res.body
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => JSON.parse(l))
    expect(lines.length).toBeGreaterThan(100)
    expect(lines.every((l) => ours.has(l.person))).toBe(true)
    // The upper level's system fetches the increment with an API token; the cursor goes on from the last export.
    const token = (await hr.request('POST', '/api/tokens', { name: '省级系统对接' })).json().token as string
    const fetched = await api.app.inject({
      url: '/api/exchange/export',
      headers: { authorization: `Bearer ${token}` },
    })
    expect(fetched.statusCode).toBe(200)
    const fetchedHead = JSON.parse(fetched.body.slice(0, fetched.body.indexOf('\n')))
    expect(BigInt(fetchedHead.cursor.from)).toBeGreaterThan(0n)
    const history = (await hr.request('GET', '/api/exchange/exports?page=1&pageSize=5')).json()
    expect(history.items[0]).toMatchObject({ region: '320400', from: fetchedHead.cursor.from })
    expect(history.items[1]).toMatchObject({ region: '320400', from: '0' })
    // Its own file back: untrusted until the department registers its own key as a partner.
    const upload = multipart('export.jsonl', Buffer.from(res.body), 'application/jsonl')
    const refused = await hr.request('POST', '/api/exchange/imports', upload.body, upload.headers)
    expect(refused.statusCode).toBe(400)
    expect(refused.json().error.message).toContain('未被本部门信任')
    const identity = (await hr.request('GET', '/api/exchange/identity')).json()
    const added = await hr.request('POST', '/api/exchange/partners', {
      name: '本系统',
      regionCode: '320400',
      publicKey: identity.publicKey,
    })
    expect(added.statusCode).toBe(201)
    const taken = await hr.request('POST', '/api/exchange/imports', upload.body, upload.headers)
    expect(taken.statusCode).toBe(201)
    // The live activities are here already: present, not credited again; a credit reversed here comes in
    // with its reversal (both written, nothing live added).
    const report = taken.json()
    expect(report.credited).toBe(report.reversed)
    expect(report.present).toBeGreaterThan(100)
    expect((await hr.request('GET', '/api/exchange/imports')).json().total).toBe(1)
  }, 240_000)
  it('xueshi export streams a few rows a FETCH: the file equals the text export below the manifest, no part file left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xueshi-export-'))
    const path = join(dir, 'region.jsonl')
    const streamed = await exportExchangeToFile(
      api.d.db,
      TEST_SECRETS,
      senderKeys,
      sender,
      { since: '0', fetchRows: 7 },
      path,
    )
    const whole = await exportExchange(api.d.db, TEST_SECRETS, senderKeys, sender, { since: '0' })
    const file = readFileSync(path, 'utf8')
    const body = (text: string) => text.slice(text.indexOf('\n') + 1)
    expect(streamed.manifest.counts.credits).toBeGreaterThan(100)
    expect(body(file)).toBe(body(whole.text))
    expect(streamed.manifest.sha256).toBe(whole.manifest.sha256)
    const read = await readExchange(readFileSync(path))
    expect(read.problems).toEqual([])
    expect(read.manifest).toEqual(streamed.manifest)
    expect(read.lines).toHaveLength(streamed.manifest.counts.credits + streamed.manifest.counts.reversals)
    expect(readdirSync(dir)).toEqual(['region.jsonl'])
  }, 120_000)

  it('an export past the receiver’s limits is refused before anything is recorded; a file already at the path stays', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xueshi-export-'))
    const path = join(dir, 'region.jsonl')
    writeFileSync(path, 'an earlier file')
    const exports = async () =>
      Number(
        (
          await api.d.db
            .selectFrom('exchange_export')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const before = await exports()
    const limits = { maxLines: 10, maxBytes: 1 << 20 }
    const refused = await exportExchangeToFile(
      api.d.db,
      TEST_SECRETS,
      senderKeys,
      sender,
      { since: '0', fetchRows: 4, limits },
      path,
    ).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(InvalidInputError)
    expect((refused as Error).message).toContain('超过单个交换文件的上限（10行、1 MB）')
    expect(readFileSync(path, 'utf8')).toBe('an earlier file')
    expect(readdirSync(dir)).toEqual(['region.jsonl'])
    await expect(
      exportExchange(api.d.db, TEST_SECRETS, senderKeys, sender, {
        since: '0',
        limits: { maxLines: 1_000_000, maxBytes: 4096 },
      }),
    ).rejects.toThrow(/超过单个交换文件的上限/)
    expect(await exports()).toBe(before)
  }, 120_000)
})
