import { defineConfig } from 'vitest/config'

// `npm run test:e2e`: the built portal in Debian's Chromium (e2e/). Run `npm run build` first.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 180_000,
    // expect.poll waits for what a person would see; a loaded machine can take seconds to show it.
    expect: { poll: { timeout: 20_000 } },
  },
})
