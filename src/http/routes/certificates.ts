import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import { actorOf } from '../../services/applications.js'
import { loadCertificateKeys, publishedKeys } from '../../services/certificate-keys.js'
import { renderCertificatePdf } from '../../services/certificate-pdf.js'
import {
  type CertificateState,
  certificateState,
  getCertificate,
  issueCertificate,
  listCertificates,
  revokeCertificate,
  signedCertificate,
  verifyCode,
  verifyUrlOf,
} from '../../services/certificates.js'
import { NotFoundError } from '../../services/errors.js'
import { assertCanAccessPerson } from '../../services/scope.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import { attachment } from '../content-disposition.js'
import type { AppContext } from '../context.js'
import { file } from '../responses.js'
import { Errors, listOf, Page, PersonKeyParam } from '../schemas.js'

const Figures = z.object({ public: z.number(), professional: z.number(), total: z.number() })

const Content = z
  .object({
    version: z.literal(1),
    serial: z.string().describe('证书编号 XS-年度-地区代码-序号 serial'),
    code: z.string().describe('核验码（核验网址中）verification code'),
    issuedAt: z.string().describe('出具时间 issued at (ISO 8601)'),
    issuer: z.object({ organisationId: z.string(), name: z.string(), regionCode: z.string() }),
    person: z.object({ name: z.string(), idMasked: z.string(), series: z.string(), titleLevel: z.string() }),
    employer: z.object({ name: z.string() }).nullable(),
    policy: z.object({
      id: z.string(),
      title: z.string(),
      documentNumber: z.string(),
      regionCode: z.string(),
    }),
    period: z.object({
      year: z.number(),
      window: z.number().nullable(),
      fromYear: z.number(),
      toYear: z.number(),
    }),
    activities: z.array(
      z.object({
        entryId: z.string(),
        date: z.string(),
        way: z.string(),
        subject: z.string(),
        public: z.number(),
        professional: z.number(),
        basis: z.string(),
      }),
    ),
    totals: Figures,
    required: Figures,
    compliant: z.boolean(),
    verdict: z.string().describe('结论 达标 / 未达标，差 N 学时'),
  })
  .describe('证书内容（签名对象）The certificate content, as signed')

const Signature = z.object({
  alg: z.enum(['Ed25519', 'SM2-SM3']),
  kid: z.string(),
  value: z.string().describe('签名 base64url（64字节）'),
})

const Line = z.object({
  entryId: z.string(),
  date: z.string(),
  way: z.string(),
  subject: z.string(),
  public: z.number(),
  professional: z.number(),
})
const State = {
  status: z
    .enum(['valid', 'superseded', 'revoked'])
    .describe('valid 有效 / superseded 学时已变动 / revoked 已撤销'),
  superseded: z
    .object({
      at: z.string().nullable().describe('学时变动时间 when the ledger changed'),
      changes: z.object({
        removed: z.array(Line),
        added: z.array(Line),
        changed: z.array(z.object({ entryId: z.string(), before: Figures, now: Figures })),
        totals: z.object({ before: Figures, now: Figures }),
        compliant: z.object({ before: z.boolean(), now: z.boolean() }),
        summary: z.string(),
      }),
    })
    .nullable(),
  revoked: z.object({ at: z.string(), reason: z.string() }).nullable(),
}

const Certificate = z
  .object({
    serial: z.string(),
    code: z.string(),
    verifyUrl: z.string().describe('公开核验网址 public verification URL (the QR code)'),
    ...State,
    content: Content,
    signatures: z.array(Signature),
  })
  .describe('学时证明 A certificate')

const SerialParam = z.object({
  serial: z.string().regex(/^XS-\d{4}-\d{6}-\d{6,9}$/, '证书编号格式应为 XS-年度-地区代码-序号'),
})

const PublishedKeys = z
  .object({
    keys: z.array(
      z.object({
        kid: z.string(),
        alg: z.enum(['Ed25519', 'SM2-SM3']),
        publicKey: z
          .string()
          .describe('Ed25519：32字节公钥 base64url；SM2-SM3：未压缩点 04‖x‖y 十六进制 (GB/T 32918)'),
        status: z.enum(['active', 'retired']),
        created: z.string(),
      }),
    ),
  })
  .describe('证书签名公钥 The certificate keys')

/** XUESHI_PUBLIC_URL (serve sets ctx.publicUrl), else the address the request came to. */
const publicUrlOf = (ctx: AppContext, request: FastifyRequest): string =>
  ctx.publicUrl ?? `${request.protocol}://${request.host}`

export function certificateRoutes(api: Api, ctx: AppContext): void {
  const keys = () => ctx.certificateKeys?.() ?? loadCertificateKeys(process.env, ctx.dataDir)
  const answer = (c: Parameters<typeof signedCertificate>[0], state: CertificateState, base: string) => ({
    serial: c.serial,
    code: c.code,
    verifyUrl: verifyUrlOf(base, c.code),
    ...state,
    content: c.content,
    signatures: c.signatures,
  })

  api.post(
    '/persons/:personKey/certificates',
    {
      config: { access: ['person', 'employer', 'agency', 'hr_department'] },
      schema: {
        summary: '出具学时证明 Issue a certificate',
        description:
          '按学时账本出具某年度（或青岛近N年滚动）的继续教育学时证明，以 Ed25519 与 SM2 签名。学时未变时再次出具返回原证书（200）而非新证书；学时变动后出具新证书（201），原证书显示为已变动（superseded）。本人、所在单位或档案托管机构、辖区人社部门可出具。Issues the certificate for a year (or window), signed with Ed25519 and SM2. With unchanged figures the existing valid certificate is returned (200) instead of a new one; after a change a new one is issued (201) and the old one shows superseded.',
        tags: ['certificates'],
        params: PersonKeyParam,
        body: z.object({
          year: z.number().int().min(1990).max(2200).describe('年度 year'),
          window: z.number().int().min(1).max(5).optional().describe('青岛近N年滚动 window of N years'),
        }),
        response: { 200: Certificate, 201: Certificate, ...Errors },
      },
    },
    async (request, reply) => {
      const p = principalOf(request)
      await assertCanAccessPerson(ctx.db, p, request.params.personKey)
      const { certificate, created } = await issueCertificate(
        ctx.db,
        keys(),
        actorOf(p),
        request.params.personKey,
        {
          year: request.body.year,
          window: request.body.window,
        },
      )
      const state = { status: 'valid' as const, superseded: null, revoked: null }
      return reply.code(created ? 201 : 200).send(answer(certificate, state, publicUrlOf(ctx, request)))
    },
  )

  api.get(
    '/persons/:personKey/certificates',
    {
      config: { access: 'signed-in' },
      schema: {
        summary: '学时证明列表 Certificates',
        description:
          '某人出具过的全部学时证明及其当前状态，最新的在前。Every certificate issued for the person, with its status now, newest first.',
        tags: ['certificates'],
        params: PersonKeyParam,
        querystring: Page,
        response: { 200: listOf(Certificate).describe('学时证明（一页）A page of certificates'), ...Errors },
      },
    },
    async (request) => {
      await assertCanAccessPerson(ctx.db, principalOf(request), request.params.personKey)
      const page = await listCertificates(ctx.db, request.params.personKey, request.query)
      const base = publicUrlOf(ctx, request)
      return { ...page, items: page.items.map((i) => answer(i.certificate, i.state, base)) }
    },
  )

  api.get(
    '/certificates/:serial/pdf',
    {
      config: { access: 'signed-in' },
      schema: {
        summary: '下载学时证明 PDF The certificate as PDF',
        description:
          '证书的 PDF（A4，内嵌签名数据与核验二维码），内容为出具时的学时。The certificate as issued, as an A4 PDF carrying its signed payload and QR code.',
        tags: ['certificates'],
        params: SerialParam,
        response: { 200: file('学时证明 PDF', 'application/pdf'), ...Errors },
      },
    },
    async (request, reply) => {
      const c = await getCertificate(ctx.db, principalOf(request), request.params.serial)
      const pdf = await renderCertificatePdf(signedCertificate(c, publicUrlOf(ctx, request)))
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', attachment(`学时证明-${c.serial}.pdf`))
        .send(pdf)
    },
  )

  api.post(
    '/certificates/:serial/revoke',
    {
      config: { access: ['hr_department'] },
      schema: {
        summary: '撤销学时证明 Revoke a certificate',
        description:
          '辖区人社部门撤销证书本身（学时不变），须说明理由；核验时显示已撤销及理由。An HR department in scope revokes the certificate itself (not the hours), with a reason the verification shows.',
        tags: ['certificates'],
        params: SerialParam,
        body: z.object({ reason: z.string().min(1).max(500).describe('撤销理由 reason') }),
        response: { 200: Certificate, ...Errors },
      },
    },
    async (request) => {
      const p = principalOf(request)
      const c = await ctx.db
        .transaction()
        .execute((trx) => revokeCertificate(trx, p, actorOf(p), request.params.serial, request.body.reason))
      return answer(c, await certificateState(ctx.db, c), publicUrlOf(ctx, request))
    },
  )

  api.get(
    '/verify/:code',
    {
      config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        summary: '核验学时证明 Verify a certificate',
        description:
          '公开核验（无需登录）：有效 / 学时已变动（何时、变动了什么）/ 已撤销（何时、理由），及证书出具时所载内容（仅证书上印有的信息，身份证号为脱敏号）。Public, no login: valid, superseded (when and what changed) or revoked (when and why), and the content as issued — only what the certificate prints.',
        tags: ['certificates'],
        security: [],
        params: z.object({ code: z.string().max(64) }),
        response: {
          200: z
            .object({ ...State, issuedAt: z.string(), content: Content })
            .describe('核验结果 The verification'),
          ...Errors,
        },
      },
    },
    async (request) => {
      const found = await verifyCode(ctx.db, request.params.code)
      if (!found) throw new NotFoundError('certificate', '核验码无效')
      return found
    },
  )
}

/** GET /.well-known/xueshi-keys.json: the published certificate keys (public; verify-certificate --keys reads it). */
export function certificateKeyRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/.well-known/xueshi-keys.json',
    {
      config: { access: 'public', rateLimit: { max: 300, timeWindow: '1 minute' } },
      schema: {
        summary: '证书签名公钥 Certificate keys',
        description:
          '验证证书签名的公钥（含已停用的旧密钥，旧证书仍可验证）；xueshi verify-certificate --keys 读取同一文件。The public keys that verify certificates, retired ones included; the file xueshi verify-certificate --keys reads.',
        tags: ['certificates'],
        security: [],
        response: { 200: PublishedKeys, ...Errors },
      },
    },
    async (_request, reply) => {
      const keys = ctx.certificateKeys?.() ?? loadCertificateKeys(process.env, ctx.dataDir)
      return reply.header('cache-control', 'public, max-age=300').send(publishedKeys(keys))
    },
  )
}
