import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// Every example of the README runs as shown (npm test builds dist/ first).
const root = join(import.meta.dirname, '..')
const readme = readFileSync(join(root, 'README.md'), 'utf8')
const section = readme.slice(readme.indexOf('## The command line'))
const examples = (section.match(/```sh\n([\s\S]*?)```/)?.[1] ?? '').trim().split('\n')
const shown = JSON.parse(section.match(/```json\n([\s\S]*?)```/)?.[1] ?? 'null')

const run = (line: string) =>
  execFileSync('bash', ['-c', line.replaceAll('npx xueshi', 'node dist/cli/main.js')], {
    cwd: root,
    encoding: 'utf8',
  })

describe('README command-line examples', () => {
  it('has examples to run', () => {
    expect(examples.length).toBeGreaterThanOrEqual(4)
  })

  it.each(examples)('%s', (line) => {
    expect(() => JSON.parse(run(line))).not.toThrow()
  })

  it('the output shown is the output printed', () => {
    expect(JSON.parse(run(examples[1] as string))).toEqual(shown)
  })
})

describe('links in README.md and docs/', () => {
  const pages = ['README.md', ...readdirSync(join(root, 'docs')).map((f) => `docs/${f}`)].filter((f) =>
    f.endsWith('.md'),
  )
  it.each(pages)('%s links only to files inside the repository that exist', (page) => {
    const text = readFileSync(join(root, page), 'utf8')
    const targets = [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1] as string)
    for (const target of targets.filter((t) => !/^https?:\/\//.test(t))) {
      const path = resolve(dirname(join(root, page)), target)
      expect(path.startsWith(`${root}/`), `${page} → ${target}`).toBe(true)
      expect(existsSync(path), `${page} → ${target}`).toBe(true)
    }
  })
})
