import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  CertificateFontMissingError,
  certificateFont,
  type FontSources,
  loadFont,
  missingCharacters,
  resolveFontPath,
  SYSTEM_FONT_PATHS,
} from './certificate-font.js'
import { ConfigurationError } from './errors.js'

const machine = (files: string[], overrides: Partial<FontSources> = {}): FontSources => ({
  configured: undefined,
  candidates: SYSTEM_FONT_PATHS,
  readable: (path) => files.includes(path),
  fontconfig: () => [],
  ...overrides,
})

const NOTO_SERIF = '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc'

describe('resolveFontPath', () => {
  it('takes XUESHI_CERT_FONT first', () => {
    expect(
      resolveFontPath(machine(['/opt/fonts/a.otf', NOTO_SERIF], { configured: '/opt/fonts/a.otf' })),
    ).toBe('/opt/fonts/a.otf')
  })

  it('then Debian fonts-noto-cjk, serif first', () => {
    const sans = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'
    expect(resolveFontPath(machine([sans, NOTO_SERIF]))).toBe(NOTO_SERIF)
    expect(resolveFontPath(machine([sans]))).toBe(sans)
  })

  it('then what fontconfig lists for Simplified Chinese', () => {
    const other = '/home/fonts/SourceHanSerifSC-Regular.otf'
    expect(resolveFontPath(machine([other], { fontconfig: () => [other] }))).toBe(other)
  })

  it('fails with one line naming the package when there is no font', () => {
    const error = (() => {
      try {
        resolveFontPath(machine([], { configured: '/nowhere/font.ttc' }))
      } catch (e) {
        return e as Error
      }
    })()
    expect(error).toBeInstanceOf(CertificateFontMissingError)
    expect(error).toBeInstanceOf(ConfigurationError) // the HTTP shell answers 500 and logs the message
    expect(error?.message).not.toContain('\n')
    expect(error?.message).toContain('apt-get install fonts-noto-cjk')
    expect(error?.message).toContain('XUESHI_CERT_FONT=/nowhere/font.ttc')
    expect(() => resolveFontPath(machine([]))).toThrow(
      /^证书字体不可用（未找到 Noto CJK 或思源字体）：请安装 fonts-noto-cjk（apt-get install fonts-noto-cjk）/,
    )
    expect(() => certificateFont(machine([]))).toThrow('apt-get install fonts-noto-cjk')
  })

  it('refuses a configured file that is not a font file', () => {
    expect(() => resolveFontPath(machine(['/etc/passwd'], { configured: '/etc/passwd' }))).toThrow(
      '不是 .ttf/.otf/.ttc 文件',
    )
  })
})

describe('loadFont', () => {
  it('takes the Simplified Chinese face of a collection', () => {
    expect(loadFont(NOTO_SERIF).postscriptName).toBe('NotoSerifCJKsc-Regular')
  })

  const dejavu = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'
  it.skipIf(!existsSync(dejavu))('refuses a font without Chinese', () => {
    expect(() => loadFont(dejavu)).toThrow('不含简体中文字形')
  })

  it('refuses a file that is not a font', () => {
    expect(() => loadFont('/etc/hostname')).toThrow(CertificateFontMissingError)
  })

  it('parses once per process', () => {
    const sources = machine([NOTO_SERIF], { readable: (p) => p === NOTO_SERIF })
    expect(certificateFont(sources)).toBe(certificateFont(sources))
  })
})

describe('missingCharacters', () => {
  const font = loadFont(NOTO_SERIF)
  it('counts by code point: 𠮷 (U+20BB7) and 䶮 (U+4DAE) are single characters the font has', () => {
    expect(missingCharacters(font, '张𠮷李䶮 ABC 〔2023〕（一）—')).toEqual([])
  })

  it('names each character it lacks once: a Private Use Area code point, a lone surrogate', () => {
    expect(missingCharacters(font, '甲\uE000乙\uE000\uD800')).toEqual(['\uE000', '\uD800'])
  })
})
