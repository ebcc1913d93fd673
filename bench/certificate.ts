// Certificates: PDFs per second on one core after warm-up, the one-time font parse, peak RSS; then
// ZIPs of 100 and 1,000 certificates streamed to a file, each in a fresh process, to show that peak
// RSS does not grow with the count. Run: node --import tsx bench/certificate.ts; record in RESULTS.md.
import { execFileSync } from 'node:child_process'
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import type { SignedCertificate } from '../src/services/certificate-content.js'
import { certificateFont } from '../src/services/certificate-font.js'
import { renderCertificatePdf } from '../src/services/certificate-pdf.js'
import { certificateZip } from '../src/services/certificate-zip.js'
import { certificate, longCertificate } from '../test/certificate-fixtures.js'

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈',
]
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂𠮷䶮晓燕华建国红梅玉兰志文斌鹏辉']
const peakMb = () => process.resourceUsage().maxRSS / 1024
const cpuMs = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

/** The i-th staff member's certificate: names vary (so do the glyphs embedded), 3 to 12 activities. */
function staffCertificate(i: number): SignedCertificate {
  const base = i % 10 === 9 ? longCertificate() : certificate()
  const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}${i % 3 ? (GIVEN[(i * 13) % GIVEN.length] ?? '') : ''}`
  const activities = base.content.activities.slice(0, 3 + (i % 10))
  return {
    ...base,
    content: {
      ...base.content,
      serial: `XS-2024-320400-${String(i).padStart(6, '0')}`,
      person: { ...base.content.person, name },
      activities,
    },
  }
}

async function zipChild(count: number) {
  const dir = mkdtempSync(join(tmpdir(), 'xueshi-bench-'))
  const file = join(dir, 'staff.zip')
  const live: number[] = [] // MB held after a full GC, every 100 certificates (--expose-gc)
  const gc = (globalThis as { gc?: () => void }).gc
  async function* items() {
    for (let i = 0; i < count; i++) {
      if (gc && i % 100 === 99) {
        gc()
        const m = process.memoryUsage()
        live.push(Math.round((m.heapUsed + m.arrayBuffers) / 2 ** 20))
      }
      yield { cert: staffCertificate(i) }
    }
  }
  const started = performance.now()
  await pipeline(certificateZip(items(), { total: count }), createWriteStream(file))
  const result = {
    count,
    seconds: (performance.now() - started) / 1000,
    bytes: statSync(file).size,
    peakMb: peakMb(),
    live,
    entries: execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n').length,
  }
  rmSync(dir, { recursive: true })
  console.log(JSON.stringify(result))
}

async function main() {
  const log = (line: string) => console.log(line)
  log(
    `${new Date().toISOString().slice(0, 10)}: ${cpus()[0]?.model}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load ${loadavg()[0]?.toFixed(1)}`,
  )
  let t = performance.now()
  certificateFont()
  log(`font parse (once per process): ${(performance.now() - t).toFixed(0)} ms`)
  t = performance.now()
  await renderCertificatePdf(staffCertificate(0))
  log(`first certificate (glyphs, JIT): ${(performance.now() - t).toFixed(0)} ms`)
  for (let i = 1; i <= 20; i++) await renderCertificatePdf(staffCertificate(i))

  const seconds = 10
  let n = 0
  let bytes = 0
  const c0 = cpuMs()
  t = performance.now()
  while (performance.now() - t < seconds * 1000) {
    bytes += (await renderCertificatePdf(staffCertificate(100 + n))).length
    n++
  }
  const wall = (performance.now() - t) / 1000
  const cpu = (cpuMs() - c0) / 1000
  log(
    `render: ${n} certificates in ${wall.toFixed(1)} s = ${(n / wall).toFixed(1)}/s wall; CPU ${((cpu / n) * 1000).toFixed(0)} ms each (${(n / cpu).toFixed(1)}/s per CPU-second); mean ${(bytes / n / 1024).toFixed(0)} KB; peak RSS ${peakMb().toFixed(0)} MB`,
  )

  const self = fileURLToPath(import.meta.url)
  for (const count of [100, 1_000]) {
    const out = execFileSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', self, 'zip', String(count)],
      {
        encoding: 'utf8',
      },
    )
    const r = JSON.parse(out.trim().split('\n').at(-1) as string)
    log(
      `ZIP of ${r.count} (fresh process): ${r.entries} entries, ${(r.bytes / 2 ** 20).toFixed(1)} MB in ${r.seconds.toFixed(1)} s (${(r.count / r.seconds).toFixed(1)}/s); peak RSS ${r.peakMb.toFixed(0)} MB; live heap + buffers after GC every 100: ${r.live.join(', ')} MB`,
    )
  }
}

if (process.argv[2] === 'zip') await zipChild(Number(process.argv[3]))
else await main()
