import type { RecomputeProgress } from '../services/recompute.js'

const fmt = (n: number) => Math.round(n).toLocaleString('en')

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?'
  const s = Math.round(seconds)
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`
}

/**
 * One line of progress: done/total, persons per second and the time left at that rate, with a bar of
 * `bar` characters (none when 0).
 *
 * @example progressText({ done: 500, total: 1000, changed: 3, elapsedMs: 1000 }, 10)
 * // '[#####.....] 500/1,000 persons (50%), 500 persons/s, 3 changed, 1 s left'
 */
export function progressText(p: RecomputeProgress, bar = 0): string {
  const share = p.total === 0 ? 1 : p.done / p.total
  const rate = p.elapsedMs > 0 ? (p.done * 1000) / p.elapsedMs : 0
  const left = rate > 0 ? (p.total - p.done) / rate : Number.POSITIVE_INFINITY
  const filled = Math.round(share * bar)
  const drawn = bar > 0 ? `[${'#'.repeat(filled)}${'.'.repeat(bar - filled)}] ` : ''
  return `${drawn}${fmt(p.done)}/${fmt(p.total)} persons (${Math.floor(share * 100)}%), ${fmt(rate)} persons/s, ${fmt(p.changed)} changed, ${duration(left)} left`
}

/**
 * Progress on standard error: a bar redrawn in place on a terminal (at most 5 times a second), else a
 * plain line every `everyMs`. `end` writes the last state.
 */
export function progressOnStderr(
  stream: NodeJS.WriteStream = process.stderr,
  everyMs = 10_000,
): { update(p: RecomputeProgress): void; end(p: RecomputeProgress): void } {
  const tty = stream.isTTY === true
  let shown = Number.NEGATIVE_INFINITY
  const show = (p: RecomputeProgress) => {
    if (tty) stream.write(`\r\x1b[2Kxueshi: ${progressText(p, 30)}`)
    else stream.write(`xueshi: ${progressText(p)}\n`)
    shown = p.elapsedMs
  }
  return {
    update(p) {
      if (p.elapsedMs - shown >= (tty ? 200 : everyMs)) show(p)
    },
    end(p) {
      show(p)
      if (tty) stream.write('\n')
    },
  }
}
