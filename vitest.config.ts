import { defineConfig } from 'vitest/config'

const jsx = { jsx: { runtime: 'automatic' as const, importSource: 'hono/jsx' } }

/**
 * Three tiers: unit (pure rules), int (real app on a real database: PGlite or PostgreSQL by
 * TEST_DB), e2e (real server, Debian Chromium, axe). scripts/test.mjs runs them all.
 */
export default defineConfig({
  oxc: jsx,
  test: {
    projects: [
      {
        oxc: jsx,
        test: { name: 'unit', sequence: { groupOrder: 0 }, include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.ts'], exclude: ['**/*.int.test.*', '**/*.e2e.test.*', 'node_modules/**'], testTimeout: 20_000 },
      },
      {
        oxc: jsx,
        test: {
          name: 'int',
          sequence: { groupOrder: 1 },
          include: ['src/**/*.int.test.{ts,tsx}', 'test/**/*.int.test.ts'],
          // `*.postgres.int.test.ts` need what only a server database has (a second process on
          // the same database); the embedded PGlite run does not collect them at all.
          exclude: process.env.TEST_DB === 'postgres' ? ['node_modules/**'] : ['node_modules/**', '**/*.postgres.int.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // PGlite is in-process WASM: two workers on a 2-core machine keep memory and time sane.
          maxWorkers: 2,
        },
      },
      {
        oxc: jsx,
        test: { name: 'e2e', sequence: { groupOrder: 2 }, include: ['e2e/**/*.e2e.test.ts', 'src/**/*.e2e.test.ts'], globalSetup: ['test/global-setup.ts'], testTimeout: 120_000, hookTimeout: 180_000, maxWorkers: 1, fileParallelism: false },
      },
    ],
  },
})
