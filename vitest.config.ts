import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'lib/**/*.test.ts', 'plugins/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    // installs what the tests need from the OS (rsyslog) when absent, so `npm test` alone passes
    globalSetup: ['test/setup/system-packages.ts'],
    // type tests of the public API (test/types/*.test-d.ts) run with the others in `vitest run`
    typecheck: { enabled: true, include: ['test/types/**/*.test-d.ts'], tsconfig: './test/types/tsconfig.json' },
    // worker threads and child processes: real ones, so give them time on a loaded 2-core machine
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
})
