import { describe, expect, it } from 'vitest'
import { prefersEnglish } from './language.js'

describe('prefersEnglish', () => {
  it.each([
    ['en', true],
    ['en-US,en;q=0.9', true],
    ['EN-gb', true],
    ['fr, en;q=0.5', true],
    ['en;q=0.8, zh;q=0.9', false],
    ['zh-CN,zh;q=0.9,en;q=0.8', false],
    ['zh, en', false],
    ['en, zh', true],
    ['en;q=0', false],
    ['en;q=abc', false],
    ['fr', false],
    ['*', false],
    ['', false],
  ])('%j → %s', (header, english) => {
    expect(prefersEnglish(header)).toBe(english)
  })

  it('no header: Chinese', () => {
    expect(prefersEnglish(undefined)).toBe(false)
  })
})
