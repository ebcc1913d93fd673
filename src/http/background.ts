import type { FastifyInstance } from 'fastify'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Starts work an answer does not wait for (an evaluation round's indicators). Closing the app waits
     * for the work in hand, so the database is not closed under it.
     */
    inBackground(work: () => Promise<unknown>): void
  }
}

/** Gives the app `inBackground`: each piece catches its own failure; what still escapes is logged, never thrown. */
export function registerBackgroundWork(app: FastifyInstance): void {
  const running = new Set<Promise<unknown>>()
  app.addHook('onClose', async () => {
    await Promise.allSettled([...running])
  })
  app.decorate('inBackground', (work: () => Promise<unknown>) => {
    const task: Promise<unknown> = work()
      .catch((e: unknown) => app.log.error({ err: e }, 'background work failed'))
      .finally(() => running.delete(task))
    running.add(task)
  })
}
