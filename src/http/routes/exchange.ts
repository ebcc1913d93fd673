import { z } from 'zod'
import { loadSigningKey } from '../../services/audit-keys.js'
import { InvalidInputError, TooLargeError } from '../../services/errors.js'
import {
  addPartner,
  type ExchangeKeys,
  exchangeIdentity,
  exportExchange,
  importExchange,
  isTrustedKey,
  listExports,
  listImports,
  listPartners,
  loadExchangeKey,
  partyOf,
  removePartner,
} from '../../services/exchange.js'
import { EXCHANGE_LIMITS } from '../../services/exchange-format.js'
import { readExchange } from '../../services/exchange-reader.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import type { AppContext } from '../context.js'
import { file } from '../responses.js'
import { Errors, listOf, Ok, Page } from '../schemas.js'

const HR = ['hr_department'] as const
const JSONL = 'application/jsonl'
/** The largest exchange file taken over HTTP. */
const EXCHANGE_BYTES = 64 * 1024 * 1024

const open = <T extends z.ZodRawShape>(fields: T) => z.looseObject(fields) as unknown as z.ZodObject<T>

const ExportRow = open({
  id: z.string(),
  region: z.string(),
  from: z.string().describe('起始游标 cursor from'),
  to: z.string().describe('截止游标（下次报送由此开始）cursor to: the next export starts here'),
  credits: z.number(),
  reversals: z.number(),
  sha256: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
}).describe('一次报送 An export taken')

const ImportRow = open({
  id: z.string(),
  issuer: z.string(),
  region: z.string(),
  from: z.string(),
  to: z.string(),
  credited: z.number(),
  present: z.number(),
  reversed: z.number(),
  createdBy: z.string(),
  createdAt: z.string(),
}).describe('一次汇入 A file taken in')

const Partner = open({
  id: z.string(),
  name: z.string(),
  region: z.string(),
  publicKey: z.string().describe('Ed25519 公钥（32字节 base64url）raw Ed25519 public key, base64url'),
  createdAt: z.string(),
}).describe('交换方 A trusted exchange partner')

const Report = open({
  id: z.string(),
  issuer: open({ name: z.string(), region: z.string() }),
  region: z.string(),
  cursor: open({ from: z.string(), to: z.string() }),
  version: z.string(),
  credited: z.number().describe('本次记入 credits written'),
  present: z.number().describe('已有，未重复记入 already here, not counted again'),
  reversed: z.number().describe('本次冲销 reversals applied'),
  notes: z.array(open({ line: z.number(), reason: z.string() })).describe('需核查之处 what deserves a look'),
}).describe('汇入报告 What taking the file in did')

const Identity = open({
  publicKey: z.string().describe('本系统的签名公钥（交给上级登记为交换方）this deployment’s signing key'),
  keyId: z.string().describe('交换密钥标识（双方须一致）the exchange key’s id (must match at both ends)'),
  format: z.string(),
}).describe('本系统的交换身份 This deployment’s exchange identity')

/**
 * 数据上报与汇入 (docs/exchange.md): an HR department exports its region's ledger increments as signed files
 * for the upper level's system, and takes in its lower systems' files (cn-engineering-2026 第二十二条,
 * 苏人社函〔2023〕308号 五（四）).
 */
export function exchangeRoutes(api: Api, ctx: AppContext): void {
  const keys = (): ExchangeKeys =>
    ctx.exchangeKeys?.() ?? {
      exchangeKey: loadExchangeKey(process.env, ctx.dataDir),
      signingKey: loadSigningKey(process.env, ctx.dataDir),
    }

  api.get(
    '/exchange/identity',
    {
      config: { access: HR },
      schema: {
        summary: '本系统的交换身份 This deployment’s exchange identity',
        description:
          '上级系统须登记的签名公钥，以及交换密钥的标识（不泄露密钥）。The public key the upper level must trust, and the exchange key’s id.',
        tags: ['exchange'],
        response: { 200: Identity, ...Errors },
      },
    },
    async () => exchangeIdentity(keys()),
  )

  api.get(
    '/exchange/export',
    {
      config: { access: HR, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        summary: '报送学时数据 Export the ledger increment',
        description:
          '本地区及下级地区人员自游标起新写入的学时记入与冲销（工程技术人员继续教育规定 第二十二条「自下而上登记、动态归集报送」），JSON Lines，首行为签名清单（docs/exchange.md）。不给 since 时从本地区上次报送的截止游标开始；每次报送都有记录。The region’s credits and reversals written since the cursor (default: where its last export stopped), as a signed JSON Lines file; every export is recorded.',
        tags: ['exchange'],
        querystring: z.object({
          since: z
            .string()
            .max(20)
            .optional()
            .describe('游标：上次报送清单的 cursor.to；0 为全部 the cursor'),
          region: z
            .string()
            .regex(/^\d{6}$/, '须为六位行政区划代码')
            .optional()
            .describe('地区（默认本部门地区）the region (default: the caller’s)'),
        }),
        response: { 200: file('学时交换文件 The exchange file', JSONL), ...Errors },
      },
    },
    async (request, reply) => {
      const party = await partyOf(ctx.db, principalOf(request))
      const { text, manifest } = await exportExchange(ctx.db, ctx.secrets, keys(), party, {
        ...(request.query.region !== undefined && { regionCode: request.query.region }),
        ...(request.query.since !== undefined && { since: request.query.since }),
      })
      const name = `xueshi-exchange-${manifest.region}-${manifest.cursor.from}-${manifest.cursor.to}.jsonl`
      return reply
        .header('content-type', `${JSONL}; charset=utf-8`)
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(text)
    },
  )

  api.get(
    '/exchange/exports',
    {
      config: { access: HR },
      schema: {
        summary: '报送记录 Exports taken',
        description: '本地区及下级地区的报送记录，新的在前。The region’s exports, newest first.',
        tags: ['exchange'],
        querystring: Page,
        response: { 200: listOf(ExportRow), ...Errors },
      },
    },
    async (request) => {
      const party = await partyOf(ctx.db, principalOf(request))
      return listExports(ctx.db, party.regionCode, request.query)
    },
  )

  api.post(
    '/exchange/imports',
    {
      config: { access: HR, rateLimit: { max: 30, timeWindow: '1 minute' } },
      bodyLimit: EXCHANGE_BYTES,
      schema: {
        summary: '汇入学时数据 Take in an exchange file',
        description:
          '下级系统报送的学时交换文件（multipart 字段 file）：先核对签名（须为已登记交换方的公钥）与校验和，篡改的文件整份拒收；人员按交换密钥下身份证号的 HMAC 与本系统人员核对；全部正确才写入（一个事务），已汇入或已有的同一活动不重复记入（苏人社函〔2023〕308号 五（四））。否则答复每行的原因（400 invalid_rows，行号为文件行号，清单为第1行）。An exchange file from a lower system: signature and checksum first, then all or nothing; what is already here is counted once.',
        tags: ['exchange'],
        consumes: ['multipart/form-data'],
        response: { 201: Report, ...Errors },
      },
    },
    async (request, reply) => {
      const party = await partyOf(ctx.db, principalOf(request))
      if (!request.isMultipart())
        throw new InvalidInputError('file', '须以 multipart/form-data 上传文件（字段 file）')
      const part = await request.file({ limits: { fileSize: EXCHANGE_BYTES } })
      if (!part) throw new InvalidInputError('file', '没有收到文件')
      const upload = await part.toBuffer().catch((e: { code?: string }) => {
        if (e.code !== 'FST_REQ_FILE_TOO_LARGE') throw e
        throw new TooLargeError(`文件超过${EXCHANGE_BYTES / 1024 / 1024}MB`)
      })
      if (upload.length === 0) throw new InvalidInputError('file', '文件为空')
      const read = await readExchange(upload, { ...EXCHANGE_LIMITS, maxBytes: EXCHANGE_BYTES })
      const report = await importExchange(ctx.db, ctx.secrets, keys(), party, read, (key) =>
        isTrustedKey(ctx.db, party.organisationId, key),
      )
      return reply.code(201).send(report)
    },
  )

  api.get(
    '/exchange/imports',
    {
      config: { access: HR },
      schema: {
        summary: '汇入记录 Files taken in',
        description: '本部门汇入的文件及其结果，新的在前。The files this department took in, newest first.',
        tags: ['exchange'],
        querystring: Page,
        response: { 200: listOf(ImportRow), ...Errors },
      },
    },
    async (request) => {
      const party = await partyOf(ctx.db, principalOf(request))
      return listImports(ctx.db, party.organisationId, request.query)
    },
  )

  api.get(
    '/exchange/partners',
    {
      config: { access: HR },
      schema: {
        summary: '交换方 Trusted exchange partners',
        description:
          '本部门信任其签名公钥的下级系统。The lower systems whose signing keys this department trusts.',
        tags: ['exchange'],
        querystring: Page,
        response: { 200: listOf(Partner), ...Errors },
      },
    },
    async (request) => {
      const party = await partyOf(ctx.db, principalOf(request))
      return listPartners(ctx.db, party.organisationId as string, request.query)
    },
  )

  api.post(
    '/exchange/partners',
    {
      config: { access: HR, adminOnly: '只有本部门管理员可以登记交换方' },
      schema: {
        summary: '登记交换方 Trust an exchange partner',
        description:
          '登记下级系统的签名公钥（其「本系统的交换身份」所示，32字节 base64url 或 PEM）；之后其报送文件方可汇入。审计。Trusts a lower system’s signing key; audited.',
        tags: ['exchange'],
        body: z.object({
          name: z.string().trim().min(1, '请填写名称').max(100, '名称最多100个字').describe('名称 name'),
          regionCode: z
            .string()
            .regex(/^\d{6}$/, '须为六位行政区划代码')
            .describe('其地区 its region'),
          publicKey: z.string().trim().min(1, '请填写公钥').max(400).describe('Ed25519 公钥 public key'),
        }),
        response: { 201: open({ id: z.string(), publicKey: z.string() }), ...Errors },
      },
    },
    async (request, reply) => {
      const party = await partyOf(ctx.db, principalOf(request))
      return reply.code(201).send(await addPartner(ctx.db, party, request.body))
    },
  )

  api.delete(
    '/exchange/partners/:id',
    {
      config: { access: HR, adminOnly: '只有本部门管理员可以移除交换方' },
      schema: {
        summary: '移除交换方 Stop trusting a partner',
        description: '此后该公钥签发的文件不再汇入。审计。Its files are no longer taken in; audited.',
        tags: ['exchange'],
        params: z.object({ id: z.uuid() }),
        response: { 200: Ok, ...Errors },
      },
    },
    async (request) => {
      const party = await partyOf(ctx.db, principalOf(request))
      await removePartner(ctx.db, party, request.params.id)
      return { ok: true as const }
    },
  )
}
