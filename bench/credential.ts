// Portable credential: issue and verify time per credential (Open Badges 3.0, eddsa-rdfc-2022), one core.
// Run with `node --import tsx bench/credential.ts [count]`; the figures go in the report / bench/RESULTS.md.
import { generateKeyPairSync } from 'node:crypto'
import { cpus } from 'node:os'
import type { SignedCertificate } from '../src/services/certificate-content.js'
import { issueCredential, verifyCredential } from '../src/services/certificate-credential.js'

const count = Number(process.argv[2] ?? 200)
const { privateKey, publicKey } = generateKeyPairSync('ed25519')
const published = [{ kid: 'bench', alg: 'Ed25519', publicKey: publicKey.export({ format: 'jwk' }).x ?? '' }]
const issuer = { id: 'https://xueshi.example.gov.cn/', name: '学时登记系统' }

/** A year with ten registered activities, as a busy professional's certificate has. */
function certificate(i: number): SignedCertificate {
  const activities = Array.from({ length: 10 }, (_, k) => ({
    entryId: `e${i}-${k}`,
    date: `2025-${String(k + 1).padStart(2, '0')}-15`,
    way: k % 2 ? '参加培训' : '发表论文',
    subject: `继续教育项目 ${k + 1}`,
    public: k % 2 ? 3 : 0,
    professional: k % 2 ? 0 : 6,
    basis: '苏人社函〔2023〕308号 四（一）',
  }))
  return {
    content: {
      version: 1,
      serial: `XS-2026-320400-${String(i).padStart(6, '0')}`,
      code: `code${i}`,
      issuedAt: '2026-03-01T08:00:00.000Z',
      issuer: { organisationId: 'hr', name: '常州市人力资源和社会保障局', regionCode: '320400' },
      person: { name: `张${i}`, idMasked: '320***********1234', series: '工程系列', titleLevel: '中级' },
      employer: { name: '常州某某有限公司' },
      policy: {
        id: 'jiangsu-2023',
        title: '江苏省继续教育学时认定办法',
        documentNumber: '苏人社函〔2023〕308号',
        regionCode: '320000',
      },
      period: { year: 2025, window: null, fromYear: 2025, toYear: 2025 },
      activities,
      totals: { public: 15, professional: 30, total: 45 },
      required: { public: 30, professional: 60, total: 90 },
      compliant: false,
      verdict: '未达标，差 45 学时',
    },
    signatures: [],
    verifyUrl: `https://xueshi.example.gov.cn/verify/code${i}`,
  }
}

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)] ?? 0
const ms = (x: number) => `${x.toFixed(1)} ms`

const t0 = performance.now()
const first = await issueCredential(certificate(0), { kid: 'bench', privateKey }, issuer)
const firstIssue = performance.now() - t0
const t1 = performance.now()
await verifyCredential(first, published)
const firstVerify = performance.now() - t1

const issueTimes: number[] = []
const verifyTimes: number[] = []
let issueCpu = 0
let verifyCpu = 0
for (let i = 1; i <= count; i++) {
  const a = performance.now()
  const cpuA = process.cpuUsage()
  const credential = await issueCredential(certificate(i), { kid: 'bench', privateKey }, issuer)
  const b = performance.now()
  const cpuB = process.cpuUsage()
  const result = await verifyCredential(credential, published)
  verifyTimes.push(performance.now() - b)
  issueTimes.push(b - a)
  const cpuC = process.cpuUsage()
  issueCpu += cpuB.user + cpuB.system - cpuA.user - cpuA.system
  verifyCpu += cpuC.user + cpuC.system - cpuB.user - cpuB.system
  if (!result.valid) throw new Error(`credential ${i} did not verify: ${result.reason}`)
}
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length
console.log(`${cpus()[0]?.model ?? '?'}, Node ${process.version}; ${count} credentials of 10 activities each`)
console.log(
  `first issue ${ms(firstIssue)}, first verify ${ms(firstVerify)} (loading the libraries and contexts)`,
)
console.log(
  `issue:  mean ${ms(mean(issueTimes))}, median ${ms(percentile(issueTimes, 0.5))}, p95 ${ms(percentile(issueTimes, 0.95))}`,
)
console.log(
  `verify: mean ${ms(mean(verifyTimes))}, median ${ms(percentile(verifyTimes, 0.5))}, p95 ${ms(percentile(verifyTimes, 0.95))}`,
)
// CPU time (user + system, all threads) is the steadier figure on a shared machine.
console.log(
  `CPU per credential: issue ${ms(issueCpu / 1000 / count)}, verify ${ms(verifyCpu / 1000 / count)}`,
)
console.log(
  `size: ${Buffer.byteLength(JSON.stringify(first))} bytes of JSON; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
)
