import { createHash, createPublicKey, generateKeyPairSync, type KeyObject, verify } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { SignedCertificate } from './certificate-content.js'
import { issueCredential, verifyCredential } from './certificate-credential.js'
import { DocumentRefusedError, offlineDocumentLoader } from './credential-contexts/document-loader.js'
import { type PublishedKey, publishedKeysFrom } from './credential-keys.js'
import { InvalidInputError } from './errors.js'

const ISSUER = { id: 'https://xueshi.example.gov.cn/', name: '江苏省专业技术人员继续教育学时登记系统' }

function certificate(): SignedCertificate {
  return {
    content: {
      version: 1,
      serial: 'XS-2026-320400-000123',
      code: 'q7Kx3mZ9',
      issuedAt: '2026-03-01T08:00:00.000Z',
      issuer: { organisationId: 'org-hr-320400', name: '常州市人力资源和社会保障局', regionCode: '320400' },
      person: { name: '王𠮷', idMasked: '320***********1234', series: '工程系列', titleLevel: '中级' },
      employer: { name: '常州某某机械有限公司' },
      policy: {
        id: 'changzhou-2024',
        title: '常州市专业技术人员继续教育学时认定办法',
        documentNumber: '苏人社函〔2023〕308号',
        regionCode: '320400',
      },
      period: { year: 2025, window: null, fromYear: 2025, toYear: 2025 },
      activities: [
        {
          entryId: 'e1',
          date: '2025-04-12',
          way: '参加培训',
          subject: '安全生产法规',
          public: 30,
          professional: 0,
          basis: '苏人社函〔2023〕308号 四（一）',
        },
        {
          entryId: 'e2',
          date: '2025-09-03',
          way: '发表论文',
          subject: '数控机床主轴热变形补偿',
          public: 0,
          professional: 30,
          basis: '苏人社函〔2023〕308号 四（九）',
        },
        {
          entryId: 'e3',
          date: '2025-11-20',
          way: '学术会议',
          subject: '',
          public: 0,
          professional: 12.5,
          basis: '苏人社函〔2023〕308号 四（五）',
        },
      ],
      totals: { public: 30, professional: 42.5, total: 72.5 },
      required: { public: 30, professional: 60, total: 90 },
      compliant: false,
      verdict: '未达标，差 17.5 学时',
    },
    signatures: [],
    verifyUrl: 'https://xueshi.example.gov.cn/verify/q7Kx3mZ9',
  }
}

function ed25519(): { privateKey: KeyObject; published: PublishedKey } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const x = publicKey.export({ format: 'jwk' }).x ?? ''
  return { privateKey, published: { kid: `ed25519-${x.slice(0, 8)}`, alg: 'Ed25519', publicKey: x } }
}

// biome-ignore lint/suspicious/noExplicitAny: credentials are JSON that the tests poke at
type Json = any
const clone = (v: unknown): Json => JSON.parse(JSON.stringify(v))

/** Base58 (bitcoin alphabet) decoding, written out here so the proof check does not use the libraries' own. */
function base58btc(text: string): Buffer {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
  let n = 0n
  for (const ch of text) n = n * 58n + BigInt(alphabet.indexOf(ch))
  const hex = n.toString(16)
  const body = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex')
  const zeros = text.length - text.replace(/^1+/, '').length
  return Buffer.concat([Buffer.alloc(zeros), body])
}

describe('certificate credential (W3C VC 2.0, Open Badges 3.0, eddsa-rdfc-2022)', () => {
  const key = ed25519()
  let credential: Json

  beforeAll(async () => {
    credential = await issueCredential(
      certificate(),
      { kid: key.published.kid, privateKey: key.privateKey },
      ISSUER,
    )
  })

  it('verifies against the published key and reads back the certificate as issued', async () => {
    expect(await verifyCredential(credential, [key.published])).toEqual({
      valid: true,
      serial: 'XS-2026-320400-000123',
      kid: key.published.kid,
      issuedAt: '2026-03-01T08:00:00.000Z',
      verifyUrl: 'https://xueshi.example.gov.cn/verify/q7Kx3mZ9',
      issuer: ISSUER.name,
      term: '2025年度',
      documentNumber: '苏人社函〔2023〕308号',
      name: '王𠮷',
      idMasked: '320***********1234',
      totals: { public: 30, professional: 42.5, total: 72.5 },
      required: { public: 30, professional: 60, total: 90 },
      compliant: false,
      verdict: '未达标，差 17.5 学时',
    })
  })

  it('is signed with Data Integrity eddsa-rdfc-2022 by the did:key of the issuing key; validFrom = issuedAt', () => {
    const did = credential.issuer.id as string
    expect(did).toMatch(/^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]{44}$/)
    expect(credential.proof).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
      verificationMethod: `${did}#${did.slice('did:key:'.length)}`,
    })
    expect(credential.validFrom).toBe('2026-03-01T08:00:00.000Z')
    expect(credential.id).toBe('https://xueshi.example.gov.cn/verify/q7Kx3mZ9')
  })

  it('the proof follows eddsa-rdfc-2022 (checked with node:crypto) and the did:key is the Ed25519 public key', async () => {
    // VC Data Integrity EdDSA Cryptosuites v1.0, 3.2 (eddsa-rdfc-2022): hash = SHA-256(canonical proof
    // config) ‖ SHA-256(canonical document), signed with Ed25519; proofValue is base58btc multibase ('z').
    const { proof, ...unsigned } = credential
    const { proofValue, ...options } = proof
    const canonical = (doc: object) => cryptosuite.canonize(doc, { documentLoader: offlineDocumentLoader })
    const sha256 = (text: string) => createHash('sha256').update(text).digest()
    const hashData = Buffer.concat([
      sha256(await canonical({ ...options, '@context': unsigned['@context'] })),
      sha256(await canonical(unsigned)),
    ])
    expect(proofValue.startsWith('z')).toBe(true)
    const multikey = base58btc(credential.issuer.id.slice('did:key:z'.length))
    expect([...multikey.subarray(0, 2)]).toEqual([0xed, 0x01]) // the Ed25519 public-key multicodec
    const publicKey = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: key.published.publicKey },
      format: 'jwk',
    })
    expect(Buffer.from(multikey.subarray(2)).toString('base64url')).toBe(key.published.publicKey)
    expect(verify(null, hashData, publicKey, base58btc(proofValue.slice(1)))).toBe(true)
    const flipped = Buffer.from(hashData)
    flipped.writeUInt8(flipped.readUInt8(40) ^ 1, 40)
    expect(verify(null, flipped, publicKey, base58btc(proofValue.slice(1)))).toBe(false)
  })

  it('the same certificate and key give the same credential (it need not be stored)', async () => {
    const again = await issueCredential(
      certificate(),
      { kid: key.published.kid, privateKey: key.privateKey },
      ISSUER,
    )
    expect(again).toEqual(credential)
  })

  it('shows the masked ID number only, and refuses a full one', async () => {
    expect(JSON.stringify(credential)).not.toMatch(/\d{17}[\dX]/)
    const full = certificate()
    full.content.person.idMasked = '320411198506071234'
    await expect(issueCredential(full, { kid: 'k', privateKey: key.privateKey }, ISSUER)).rejects.toThrow(
      InvalidInputError,
    )
  })

  it('refuses a signing key that is not Ed25519', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    await expect(issueCredential(certificate(), { kid: 'p256', privateKey }, ISSUER)).rejects.toThrow(
      /Ed25519/,
    )
  })

  describe('a changed figure fails with 签名无效', () => {
    it.each<[string, (c: Json) => void]>([
      ['公需学时 30 → 31', (c) => (c.credentialSubject.result[0].value = '31')],
      ['合计学时 72.5 → 90', (c) => (c.credentialSubject.result[2].value = '90')],
      ['creditsEarned 72.5 → 90', (c) => (c.credentialSubject.creditsEarned = 90)],
      ['要求 60 → 40', (c) => (c.credentialSubject.achievement.resultDescription[1].requiredValue = '40')],
      ['结论 → 达标', (c) => (c.credentialSubject.result[3].value = '达标')],
      ['status Completed added', (c) => (c.credentialSubject.result[3].status = 'Completed')],
      [
        '活动学时 12.5 → 42.5',
        (c) => (c.evidence[2].description = c.evidence[2].description.replace('12.5', '42.5')),
      ],
      ['姓名', (c) => (c.credentialSubject.identifier[0].identityHash = '王吉')],
      ['证书编号', (c) => (c.credentialSubject.licenseNumber = 'XS-2026-320400-000124')],
      [
        '文号',
        (c) => (c.credentialSubject.achievement.otherIdentifier[1].identifier = '苏人社函〔2024〕1号'),
      ],
      ['validFrom', (c) => (c.validFrom = '2026-02-01T08:00:00.000Z')],
      ['an activity removed', (c) => c.evidence.pop()],
      ['a property added', (c) => (c.credentialSubject.note = '加分')],
    ])('%s', async (_, change) => {
      const tampered = clone(credential)
      change(tampered)
      expect(await verifyCredential(tampered, [key.published])).toEqual({ valid: false, reason: '签名无效' })
    })
  })

  it('a key not among the published keys: 密钥不在发布的公钥中', async () => {
    const other = ed25519()
    expect(await verifyCredential(credential, [other.published])).toEqual({
      valid: false,
      reason: '密钥不在发布的公钥中',
    })
    // A forger who signs with their own key and names it as issuer is caught the same way.
    const forged = await issueCredential(certificate(), { kid: 'x', privateKey: other.privateKey }, ISSUER)
    expect(await verifyCredential(forged, [key.published])).toEqual({
      valid: false,
      reason: '密钥不在发布的公钥中',
    })
    // …while the same forgery with the proof moved onto the real issuer's did:key fails its signature.
    const swapped = clone(forged)
    swapped.issuer.id = credential.issuer.id
    swapped.proof.verificationMethod = credential.proof.verificationMethod
    expect(await verifyCredential(swapped, [key.published])).toEqual({ valid: false, reason: '签名无效' })
  })

  it('a credential issued in the future (a clock wrong somewhere) is 凭证尚未生效, not a bad signature', async () => {
    const later = certificate()
    later.content.issuedAt = '2099-01-01T00:00:00.000Z'
    const signed = await issueCredential(later, { kid: 'k', privateKey: key.privateKey }, ISSUER)
    expect(await verifyCredential(signed, [key.published])).toEqual({
      valid: false,
      reason: '凭证尚未生效：签发时间晚于本机当前时间',
    })
  })

  it('takes the published key as SPKI PEM or JWK too, and ignores SM2 entries', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519')
    const signed = await issueCredential(certificate(), { kid: 'pem', privateKey }, ISSUER)
    const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString()
    const sm2 = { kid: 'sm2-1', alg: 'SM2-SM3', publicKey: `04${'ab'.repeat(64)}` }
    expect(
      await verifyCredential(signed, [sm2, { kid: 'pem', alg: 'Ed25519', publicKey: pem }]),
    ).toMatchObject({
      valid: true,
      kid: 'pem',
    })
    const jwks = publishedKeysFrom({ keys: [sm2, { ...publicKey.export({ format: 'jwk' }), kid: 'jwk' }] })
    expect(await verifyCredential(signed, jwks)).toMatchObject({ valid: true, kid: 'jwk' })
  })

  it.each<[string, unknown, RegExp]>([
    ['null', null, /凭证格式不正确：凭证 须为对象/],
    ['a string', 'credential', /凭证格式不正确/],
    ['an empty object', {}, /凭证格式不正确：@context 须为数组/],
    ['VC 1.1 context', { '@context': ['https://www.w3.org/2018/credentials/v1'] }, /@context 须为/],
    ['nested 100 deep', JSON.parse(`${'['.repeat(100)}${']'.repeat(100)}`), /嵌套过深/],
  ])('malformed input (%s) is 凭证格式不正确, never a throw', async (_, input, reason) => {
    const result = await verifyCredential(input, [key.published])
    expect(result.valid).toBe(false)
    expect(result.valid === false && result.reason).toMatch(reason)
  })

  it.each<[string, (c: Json) => void, RegExp]>([
    ['no proof', (c) => delete c.proof, /proof 须为对象/],
    ['two proofs', (c) => (c.proof = [c.proof, c.proof]), /proof 须为对象/],
    ['another cryptosuite', (c) => (c.proof.cryptosuite = 'ecdsa-rdfc-2019'), /eddsa-rdfc-2022/],
    ['a method that is not the issuer', (c) => (c.issuer.id = 'https://evil.example/'), /did:key/],
    [
      'an extra inline context',
      (c) => c['@context'].push({ value: 'https://evil.example/v' }),
      /@context 须为/,
    ],
    ['an embedded context', (c) => (c.credentialSubject['@context'] = {}), /不得含 @context/],
    ['no licenseNumber', (c) => delete c.credentialSubject.licenseNumber, /licenseNumber/],
    ['a figure not a number', (c) => (c.credentialSubject.result[0].value = 'x'), /学时数/],
    ['validFrom not a date', (c) => (c.validFrom = '2026-13-45'), /validFrom 须为日期时间/],
  ])('a credential with %s is 凭证格式不正确', async (_, change, reason) => {
    const bad = clone(credential)
    change(bad)
    const result = await verifyCredential(bad, [key.published])
    expect(result.valid).toBe(false)
    expect(result.valid === false && result.reason).toMatch(/^凭证格式不正确：/)
    expect(result.valid === false && result.reason).toMatch(reason)
  })

  describe('offline: every context ships with the package, nothing else is loaded', () => {
    afterEach(() => vi.restoreAllMocks())

    it('the loader serves the VC 2.0, Data Integrity, Multikey and Open Badges 3.0.3 contexts', async () => {
      for (const url of [
        'https://www.w3.org/ns/credentials/v2',
        'https://w3id.org/security/data-integrity/v2',
        'https://w3id.org/security/multikey/v1',
        'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      ]) {
        const loaded = await offlineDocumentLoader(url)
        expect(loaded.document).toHaveProperty('@context')
      }
    })

    it.each([
      'https://example.org/unknown-context.jsonld',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json',
      'did:web:evil.example',
      'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#other',
      'did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme',
    ])('refuses %s', async (url) => {
      await expect(offlineDocumentLoader(url)).rejects.toThrow(DocumentRefusedError)
    })

    it('a credential naming an unknown context cannot be issued: the loader refuses it', async () => {
      const unsigned = clone(credential)
      delete unsigned.proof
      unsigned['@context'].push('https://example.org/unknown-context.jsonld')
      const signer = await Ed25519Multikey.fromJwk({
        jwk: key.privateKey.export({ format: 'jwk' }),
        secretKey: true,
        id: credential.proof.verificationMethod,
        controller: credential.issuer.id,
      })
      const suite = new DataIntegrityProof({ signer: signer.signer(), cryptosuite })
      const error = await vc
        .issue({ credential: unsigned, suite, documentLoader: offlineDocumentLoader })
        .catch((e) => e)
      expect(error.details.cause).toBeInstanceOf(DocumentRefusedError)
      expect(error.details.cause.url).toBe('https://example.org/unknown-context.jsonld')
    })

    it('issues and verifies with the network made impossible', async () => {
      const fetch = vi.fn(() => {
        throw new Error('network is off in this test')
      })
      vi.stubGlobal('fetch', fetch)
      const httpRequest = vi.spyOn(http, 'request').mockImplementation(() => {
        throw new Error('network is off in this test')
      })
      const httpsRequest = vi.spyOn(https, 'request').mockImplementation(() => {
        throw new Error('network is off in this test')
      })
      try {
        const signed = await issueCredential(certificate(), { kid: 'k', privateKey: key.privateKey }, ISSUER)
        expect(await verifyCredential(signed, [key.published])).toMatchObject({ valid: true })
        expect(fetch).not.toHaveBeenCalled()
        expect(httpRequest).not.toHaveBeenCalled()
        expect(httpsRequest).not.toHaveBeenCalled()
      } finally {
        vi.unstubAllGlobals()
      }
    })
  })

  it('has the Open Badges 3.0 required fields (OpenBadgeCredential, Profile issuer, Achievement)', () => {
    // The required members of the OB 3.0 JSON schema (ob_v3p0_achievementcredential_schema), checked here by hand.
    expect(credential['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ])
    expect(credential.type).toEqual(expect.arrayContaining(['VerifiableCredential', 'OpenBadgeCredential']))
    expect(typeof credential.id).toBe('string')
    expect(typeof credential.name).toBe('string')
    expect(credential.issuer).toMatchObject({
      id: expect.any(String),
      type: expect.arrayContaining(['Profile']),
    })
    expect(new Date(credential.validFrom).toISOString()).toBe(credential.validFrom)
    const subject = credential.credentialSubject
    expect(subject.type).toContain('AchievementSubject')
    // A subject without `id` must carry `identifier` (IdentityObject).
    for (const identity of subject.identifier) {
      expect(identity).toMatchObject({
        type: 'IdentityObject',
        hashed: false,
        identityHash: expect.any(String),
      })
      expect(identity.identityType).toMatch(/^(name|ext:[A-Za-z0-9._-]+)$/)
    }
    expect(subject.achievement).toMatchObject({
      id: expect.stringMatching(/^urn:xueshi:achievement:changzhou-2024:2025$/),
      type: expect.arrayContaining(['Achievement']),
      name: expect.any(String),
      description: expect.stringContaining('苏人社函〔2023〕308号'),
      criteria: { narrative: expect.stringContaining('公需科目 30 学时、专业科目 60 学时') },
    })
    for (const rd of subject.achievement.resultDescription) {
      expect(rd).toMatchObject({
        id: expect.any(String),
        type: ['ResultDescription'],
        name: expect.any(String),
      })
      expect(rd.resultType).toMatch(/^(Status|ext:[A-Za-z0-9._-]+)$/)
    }
    for (const result of subject.result) expect(result.type).toContain('Result')
    expect(credential.evidence).toHaveLength(3)
    for (const evidence of credential.evidence) expect(evidence.type).toContain('Evidence')
    expect(credential.evidence[2]).toMatchObject({
      name: '学术会议',
      description:
        '2025-11-20 学术会议：公需科目 0 学时，专业科目 12.5 学时（苏人社函〔2023〕308号 四（五））',
    })
  })
})

describe('publishedKeysFrom (the adapter for /.well-known/xueshi-keys.json)', () => {
  it('takes an array or { keys }, entries { kid, alg, publicKey } or Ed25519 JWKs', () => {
    const entry = { kid: 'a', alg: 'Ed25519', publicKey: 'A'.repeat(43) }
    expect(publishedKeysFrom([entry])).toEqual([entry])
    expect(
      publishedKeysFrom({ keys: [{ kid: 'b', kty: 'OKP', crv: 'Ed25519', x: 'B'.repeat(43) }] }),
    ).toEqual([{ kid: 'b', alg: 'Ed25519', publicKey: 'B'.repeat(43) }])
  })

  it.each<[unknown, string]>([
    ['keys', 'keys'],
    [{ keys: [null] }, 'keys[0]'],
    [[{ alg: 'Ed25519', publicKey: 'x' }], 'keys[0].kid'],
    [[{ kid: 'a', publicKey: 'x' }], 'keys[0].alg'],
    [[{ kid: 'a', alg: 'Ed25519' }], 'keys[0].publicKey'],
  ])('%j → InvalidInputError naming %s', (input, field) => {
    expect(() => publishedKeysFrom(input)).toThrow(expect.objectContaining({ field }))
  })

  it('a published Ed25519 key that is not 32 bytes is an error naming its kid', async () => {
    await expect(verifyCredential({}, [{ kid: 'short', alg: 'Ed25519', publicKey: 'AAAA' }])).rejects.toThrow(
      'keys[short].publicKey',
    )
  })
})
