import { BusyError } from './errors.js'

/** Gives back a slot taken from Slots; calling it twice gives back one slot. */
export type Release = () => void

export interface Slots {
  /** A slot, at once when one is free, else in turn; BusyError when none frees within `waitMs`. */
  take(waitMs: number): Promise<Release>
}

/** At most `size` holders at a time (worker threads reading uploads); the rest wait first come, first served. */
export function slots(size: number): Slots {
  let free = size
  const waiting: (() => void)[] = []
  const release = () => {
    const next = waiting.shift()
    if (next) next()
    else free += 1
  }
  const once = (): Release => {
    let done = false
    return () => {
      if (!done) release()
      done = true
    }
  }
  return {
    async take(waitMs) {
      if (free > 0) {
        free -= 1
        return once()
      }
      await new Promise<void>((resolve, reject) => {
        const grant = () => {
          clearTimeout(timer)
          resolve()
        }
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(grant), 1)
          reject(new BusyError())
        }, waitMs)
        waiting.push(grant)
      })
      return once()
    },
  }
}
