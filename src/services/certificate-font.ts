import { execFileSync } from 'node:child_process'
import { accessSync, constants, readFileSync } from 'node:fs'
import * as fontkit from 'fontkit'
import type { CertificateContent } from './certificate-content.js'
import { ConfigurationError, InvalidInputError } from './errors.js'

/** Where Debian's fonts-noto-cjk and the Source Han packages put their fonts; serif first (宋体, as certificates are set). */
export const SYSTEM_FONT_PATHS = [
  '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSerifCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/source-han-serif/SourceHanSerif-Regular.ttc',
  '/usr/share/fonts/opentype/source-han-sans/SourceHanSans-Regular.ttc',
  '/usr/share/fonts/adobe-source-han-serif/SourceHanSerif-Regular.ttc',
  '/usr/share/fonts/adobe-source-han-sans/SourceHanSans-Regular.ttc',
  '/usr/share/fonts/opentype/adobe-source-han-serif/SourceHanSerifSC-Regular.otf',
  '/usr/share/fonts/opentype/adobe-source-han-sans/SourceHanSansSC-Regular.otf',
]

/** What the resolver looks at: injectable so a test can stand for a machine without the fonts. */
export interface FontSources {
  /** XUESHI_CERT_FONT, when set. */
  configured: string | undefined
  candidates: readonly string[]
  readable: (path: string) => boolean
  /** Font files fontconfig lists for Simplified Chinese (`fc-list :lang=zh-cn`), or none. */
  fontconfig: () => string[]
}

const INSTALL = 'apt-get install fonts-noto-cjk'

/** No usable font (thrown on every certificate request until one is installed); one line, naming the package. */
export class CertificateFontMissingError extends ConfigurationError {
  override name = 'CertificateFontMissingError'
  constructor(detail: string) {
    super(
      `证书字体不可用（${detail}）：请安装 fonts-noto-cjk（${INSTALL}），或将 XUESHI_CERT_FONT 设为 .ttf/.otf/.ttc 字体文件的路径`,
      {
        en: `no certificate font (${detail}): install fonts-noto-cjk (${INSTALL}) or set XUESHI_CERT_FONT to a .ttf/.otf/.ttc file`,
      },
    )
  }
}

/** A character the font has no glyph for: issuing refuses rather than print a blank (400). */
export class UnprintableCharacterError extends InvalidInputError {
  override name = 'UnprintableCharacterError'
  constructor(
    field: string,
    readonly character: string,
  ) {
    const code = `U+${character.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`
    super(field, `证书无法打印"${character}"（${code}）：字体缺少此字`)
  }
}

export function systemFontSources(env: NodeJS.ProcessEnv = process.env): FontSources {
  return {
    configured: env.XUESHI_CERT_FONT || undefined,
    candidates: SYSTEM_FONT_PATHS,
    readable: (path) => {
      try {
        accessSync(path, constants.R_OK)
        return true
      } catch {
        return false
      }
    },
    fontconfig: () => {
      try {
        const out = execFileSync('fc-list', [':lang=zh-cn', '-f', '%{file}\n'], {
          encoding: 'utf8',
          timeout: 5_000,
          stdio: ['ignore', 'pipe', 'ignore'],
        })
        const files = out.split('\n').filter((f) => FONT_EXTENSIONS.some((e) => f.toLowerCase().endsWith(e)))
        // Serif first, as certificates are set; then the regular weight.
        const rank = (f: string) => (f.includes('Serif') ? 0 : 2) + (f.includes('Regular') ? 0 : 1)
        return files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
      } catch {
        return [] // no fontconfig on this machine
      }
    },
  }
}

const FONT_EXTENSIONS = ['.ttf', '.otf', '.ttc']

/** The font file to use: XUESHI_CERT_FONT if set (and then only it), else the system's Noto CJK / Source Han. */
export function resolveFontPath(sources: FontSources): string {
  const { configured } = sources
  if (configured !== undefined) {
    if (!FONT_EXTENSIONS.some((e) => configured.toLowerCase().endsWith(e)))
      throw new CertificateFontMissingError(`XUESHI_CERT_FONT=${configured} 不是 .ttf/.otf/.ttc 文件`)
    if (!sources.readable(configured))
      throw new CertificateFontMissingError(`XUESHI_CERT_FONT=${configured} 不存在或不可读`)
    return configured
  }
  const found = sources.candidates.find(sources.readable) ?? sources.fontconfig().find(sources.readable)
  if (!found) throw new CertificateFontMissingError('未找到 Noto CJK 或思源字体')
  return found
}

/** Characters every certificate prints; a font without them is not a Simplified Chinese font. */
const PROBE = '继续教育学时登记证书0123456789'

/** Parses the font file (a .ttc: its Simplified Chinese face). */
export function loadFont(path: string): fontkit.Font {
  let parsed: fontkit.Font | fontkit.FontCollection
  try {
    parsed = fontkit.create(readFileSync(path))
  } catch (e) {
    throw new CertificateFontMissingError(`${path} 无法读取为字体：${(e as Error).message.split('\n')[0]}`)
  }
  const font = 'fonts' in parsed ? simplifiedChineseFace(parsed.fonts) : parsed
  const missing = font ? missingCharacters(font, PROBE) : [...PROBE]
  if (missing.length > 0) throw new CertificateFontMissingError(`${path} 不含简体中文字形`)
  return font as fontkit.Font
}

/** In a collection (Noto CJK, Source Han .ttc), the SC face: "Noto Serif CJK SC", "SourceHanSerifSC-Regular". */
function simplifiedChineseFace(faces: fontkit.Font[]): fontkit.Font | undefined {
  const isSC = (f: fontkit.Font) =>
    f.familyName?.split(' ').includes('SC') || f.postscriptName?.toLowerCase().includes('sc-')
  return faces.find(isSC) ?? faces[0]
}

let cached: { path: string; font: fontkit.Font } | undefined

/**
 * The certificate font, parsed once per process and reused (pdfkit would re-parse a path or buffer
 * for every document: ~600 ms for the .ttc). Throws CertificateFontMissingError when there is none.
 */
export function certificateFont(sources: FontSources = systemFontSources()): fontkit.Font {
  const path = resolveFontPath(sources)
  if (cached?.path !== path) cached = { path, font: loadFont(path) }
  return cached.font
}

/** The characters of `text` the font has no glyph for, each once, by code point (𠮷 is one character). */
export function missingCharacters(font: fontkit.Font, text: string): string[] {
  const missing = new Set<string>()
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number
    if (!font.hasGlyphForCodePoint(cp)) missing.add(ch)
  }
  return [...missing]
}

/** Throws UnprintableCharacterError naming the first character of `text` the font lacks. */
export function assertPrintable(font: fontkit.Font, field: string, text: string): void {
  const [first] = missingCharacters(font, text)
  if (first !== undefined) throw new UnprintableCharacterError(field, first)
}

/**
 * Refuses content the certificate could not print, naming the field and the character: every text a
 * certificate draws from its content (person, employer, policy, activities, verdict, issuer). Issuing
 * checks before it stores, so no certificate is ever kept that would print a blank.
 */
export function assertContentPrintable(content: CertificateContent, font = certificateFont()): void {
  const texts: [string, string][] = [
    ['person.name', content.person.name],
    ['person.idMasked', content.person.idMasked],
    ['employer.name', content.employer?.name ?? ''],
    ['policy.title', content.policy.title],
    ['policy.documentNumber', content.policy.documentNumber],
    ['issuer.name', content.issuer.name],
    ['verdict', content.verdict],
    ...content.activities.flatMap((a, i): [string, string][] => [
      [`activities[${i}].way`, a.way],
      [`activities[${i}].subject`, a.subject],
      [`activities[${i}].basis`, a.basis],
    ]),
  ]
  for (const [field, text] of texts) assertPrintable(font, field, text)
}
