// After `vite build`: a gzip and a brotli copy of each text asset under dist/web/assets, which
// `xueshi serve` sends to browsers that accept them (src/http/web.ts, @fastify/static preCompressed).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const ASSETS = join(import.meta.dirname, '..', 'dist', 'web', 'assets')
const TEXT = ['.js', '.css', '.svg', '.json']

let plain = 0
let brotli = 0
for (const name of readdirSync(ASSETS)) {
  if (!TEXT.some((ext) => name.endsWith(ext))) continue
  const bytes = readFileSync(join(ASSETS, name))
  const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
  writeFileSync(join(ASSETS, `${name}.gz`), gzipSync(bytes, { level: 9 }))
  writeFileSync(join(ASSETS, `${name}.br`), br)
  plain += bytes.length
  brotli += br.length
}
const kb = (n: number) => `${Math.round(n / 1024)} KB`
console.log(`compressed dist/web/assets: ${kb(plain)} → ${kb(brotli)} with brotli`)
