import { describe, expect, it } from 'vitest'
import { en } from '../web/src/i18n/en.js'
import { zh } from '../web/src/i18n/zh.js'

const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/

/**
 * A policy's document number and clause (苏人社函〔2023〕308号 五（三）, 鲁人社发〔2016〕10号 （九）): a citation is a
 * proper name, quoted as the text writes it in English too.
 */
const CITATION =
  /[\u4e00-\u9fff]+〔\d{4}〕\d+号(?:\s*[一二三四五六七八九十]+（[一二三四五六七八九十]+）|\s*（[一二三四五六七八九十]+）|\s*第[一二三四五六七八九十百]+条)*/g
const chineseOutsideCitations = (text: string) => CJK.test(text.replace(CITATION, ''))

type Message = (...args: unknown[]) => unknown

/** Sample arguments for a message function: each argument a number, a Latin word or a list of words, every mix. */
function samples(arity: number): unknown[][] {
  if (arity === 0) return [[]]
  return samples(arity - 1).flatMap((rest) => [
    [2025, ...rest],
    ['Sample', ...rest],
    [['Sample', 'Words'], ...rest],
  ])
}

/** What a message function answers for the sample arguments it accepts (those that do not throw). */
function resultsOf(f: Message): unknown[] {
  return samples(f.length).flatMap((args) => {
    try {
      return [f(...args)]
    } catch {
      return []
    }
  })
}

/** Every leaf of a message tree as [path, value]; a function gives one leaf per sample it accepts. */
function leaves(tree: unknown, path = ''): [string, unknown][] {
  if (typeof tree === 'function') {
    const results = resultsOf(tree as Message)
    return results.length ? results.map((r) => [`${path}(…)`, r]) : [[`${path}(…)`, undefined]]
  }
  if (tree !== null && typeof tree === 'object')
    return Object.entries(tree).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k))
  return [[path, tree]]
}

/** The key paths of a tree, a function's with its arity. */
function keys(tree: unknown, path = ''): string[] {
  if (typeof tree === 'function') return [`${path}/${(tree as Message).length}`]
  if (tree !== null && typeof tree === 'object')
    return Object.entries(tree).flatMap(([k, v]) => keys(v, path ? `${path}.${k}` : k))
  return [path]
}

describe('the English toggle covers every string', () => {
  it('zh.ts and en.ts have the same keys, and their functions the same number of arguments', () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort())
  })

  it('no English string contains a Chinese character', () => {
    const chinese = leaves(en).filter(([, v]) => typeof v === 'string' && chineseOutsideCitations(v))
    // The toggle's own label names the other language in that language.
    expect(chinese.filter(([k]) => k !== 'otherLanguage')).toEqual([])
  })

  it('every message, in both languages, is a non-empty string (a function: for the samples it accepts)', () => {
    for (const [name, messages] of [
      ['zh', zh],
      ['en', en],
    ] as const) {
      const empty = leaves(messages).filter(
        ([k, v]) => k !== 'lang' && (typeof v !== 'string' || v.trim() === ''),
      )
      expect(empty, name).toEqual([])
    }
  })

  it('the test can fail: a Chinese character in English is found', () => {
    const bad = leaves({
      a: { b: 'OK (苏人社函〔2023〕308号 五（三）)', c: (n: number) => `${n} 学时`, d: 'see 第十六条' },
    }).filter(([, v]) => typeof v === 'string' && chineseOutsideCitations(v))
    expect(bad.map(([k]) => k)).toEqual(['a.c(…)', 'a.c(…)', 'a.c(…)', 'a.d'])
  })
})
