import { readFileSync } from 'node:fs'
import semver from 'semver'
import { describe, expect, it } from 'vitest'

// Issue #10: `npm ci` warned EBADENGINE on Node 20, which package.json's engines and the README promise.
interface Locked {
  version?: string
  dev?: boolean
  engines?: { node?: string }
}
const read = (file: string) => JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'))
const promised: string = read('package.json').engines.node
const locked = Object.entries(read('package-lock.json').packages as Record<string, Locked>).filter(
  ([path]) => path !== '',
)

/** The locked packages that `which` picks and whose declared Node range leaves out `node`. */
function refusing(node: string, which: (p: Locked) => boolean): string[] {
  return locked
    .filter(([, p]) => which(p) && p.engines?.node !== undefined && !semver.satisfies(node, p.engines.node))
    .map(
      ([path, p]) =>
        `${path.slice(path.lastIndexOf('node_modules/') + 13)}@${p.version}: node ${p.engines?.node}`,
    )
}

describe(`package.json promises Node ${promised}`, () => {
  it('every package the app runs on admits the lowest Node promised', () => {
    const lowest = semver.minVersion(promised)?.version ?? promised
    expect(refusing(lowest, (p) => !p.dev)).toEqual([])
  })

  it('every package, the dev tools too, admits the Node running the tests', () => {
    expect(refusing(process.version, () => true)).toEqual([])
  })

  it('the Node running the tests is one promised', () => {
    expect(semver.satisfies(process.version, promised)).toBe(true)
  })
})
