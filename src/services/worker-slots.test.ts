import { describe, expect, it } from 'vitest'
import { BusyError } from './errors.js'
import { slots } from './worker-slots.js'

describe('worker slots', () => {
  it('gives at most `size` slots at once; the next waits until one is given back, first come first served', async () => {
    const s = slots(2)
    const a = await s.take(1000)
    await s.take(1000)
    const order: string[] = []
    const third = s.take(1000).then((r) => {
      order.push('third')
      return r
    })
    const fourth = s.take(1000).then(() => order.push('fourth'))
    await new Promise((r) => setTimeout(r, 20))
    expect(order).toEqual([])
    a()
    a() // giving back twice frees one slot only
    const r3 = await third
    await new Promise((r) => setTimeout(r, 20))
    expect(order).toEqual(['third'])
    r3()
    await fourth
    expect(order).toEqual(['third', 'fourth'])
  })

  it('refuses with BusyError (503) when no slot frees in time, and the refused caller holds nothing', async () => {
    const s = slots(1)
    const held = await s.take(1000)
    await expect(s.take(30)).rejects.toBeInstanceOf(BusyError)
    held()
    const again = await s.take(30) // the timed-out waiter left the queue; the slot is free
    expect(again).toBeTypeOf('function')
  })
})
