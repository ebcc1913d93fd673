import { createPrivateKey } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import { actorOf } from '../../services/applications.js'
import { transact } from '../../services/audit.js'
import { currentStaff, staffCertificates } from '../../services/certificate-bulk.js'
import { issueCredential } from '../../services/certificate-credential.js'
import { loadCertificateKeys, publishedKeys } from '../../services/certificate-keys.js'
import { renderCertificatePdf } from '../../services/certificate-pdf.js'
import { certificateZip } from '../../services/certificate-zip.js'
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
import { ConfigurationError, NotFoundError } from '../../services/errors.js'
import { assertCanAccessPerson } from '../../services/scope.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import { attachment } from '../content-disposition.js'
import type { AppContext } from '../context.js'
import { file } from '../responses.js'
import { Errors, listOf, Page, PersonKeyParam, wholeNumber } from '../schemas.js'

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

  api.get(
    '/certificates/:serial/credential',
    {
      config: { access: 'signed-in' },
      schema: {
        summary: '下载电子凭证 The certificate as a verifiable credential',
        description:
          '证书的可移植电子凭证：W3C 可验证凭证 2.0，Open Badges 3.0 结构，以本部署当前的 Ed25519 密钥按 eddsa-rdfc-2022 签名（did:key），内容与证书相同；xueshi verify-certificate 可离线验证。The same content as a W3C Verifiable Credential 2.0 in the Open Badges 3.0 shape, signed eddsa-rdfc-2022 with the deployment’s active Ed25519 key; verifiable offline with xueshi verify-certificate.',
        tags: ['certificates'],
        params: SerialParam,
        response: { 200: file('电子凭证 JSON-LD', 'application/vc+ld+json'), ...Errors },
      },
    },
    async (request, reply) => {
      const c = await getCertificate(ctx.db, principalOf(request), request.params.serial)
      const base = publicUrlOf(ctx, request)
      const signer = keys().find((k) => k.alg === 'Ed25519' && k.status === 'active')
      if (!signer) throw new ConfigurationError('证书密钥中没有可用的 Ed25519 密钥')
      const credential = await issueCredential(
        signedCertificate(c, base),
        { kid: signer.kid, privateKey: createPrivateKey(signer.privateKey) },
        { id: base, name: c.content.issuer.name },
      )
      return reply
        .header('content-type', 'application/vc+ld+json; charset=utf-8')
        .header('content-disposition', attachment(`学时凭证-${c.serial}.json`))
        .send(JSON.stringify(credential, null, 2))
    },
  )

  api.get(
    '/staff/certificates.zip',
    {
      config: { access: ['employer', 'agency'], rateLimit: { max: 6, timeWindow: '1 minute' } },
      schema: {
        summary: '批量下载在职人员证书 The staff’s certificates as one ZIP',
        description:
          '为本单位（或本机构托管档案的）全部在职人员开具该年度学时证明（学时未变的沿用原证书），逐份生成并以 ZIP（不压缩）流式下载，每人一个 PDF；X-Certificate-Count 为人数。无法开具的人员（如该年度无适用政策）列在 ZIP 末尾的“未能开具的人员.txt”中。Issues the year’s certificate of every current member of staff (unchanged ones are reused) and streams them as one stored ZIP, one PDF each; X-Certificate-Count gives the number of staff; those that could not be issued are listed in a text file at the end.',
        tags: ['certificates'],
        querystring: z.object({ year: wholeNumber(1990, 2200).describe('年度 year') }),
        response: { 200: file('证书 ZIP', 'application/zip'), ...Errors },
      },
    },
    async (request, reply) => {
      const p = principalOf(request)
      const { year } = request.query
      const staff = await currentStaff(ctx.db, p.organisationId as string)
      const bulk = staffCertificates(ctx.db, keys(), actorOf(p), staff, year, publicUrlOf(ctx, request))
      const zip = certificateZip(bulk.items, {
        total: staff.length,
        closing: () =>
          bulk.failed.length === 0
            ? undefined
            : {
                fileName: '未能开具的人员.txt',
                text: bulk.failed.map((f) => `${f.name}\t${f.reason}`).join('\r\n'),
              },
      })
      zip.on('error', (e) => request.log.error({ err: e }, 'certificate zip stopped'))
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', attachment(`学时证明-${year}.zip`))
        .header('x-certificate-count', String(staff.length))
        .send(zip)
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
      const c = await transact(ctx.db, (trx) =>
        revokeCertificate(trx, p, actorOf(p), request.params.serial, request.body.reason),
      )
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
