/**
 * examples/custom-sink, run from its own folder as its author would: `npm install` (linking this
 * logwarden, fetching TypeScript; --prefer-offline uses a warm cache) and `npm test`, which
 * compiles the package and runs its node:test tests against a real Unix socket.
 */
import { execFile } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, expect, it } from 'vitest'

const run = promisify(execFile)
const DIR = fileURLToPath(new URL('../examples/custom-sink', import.meta.url))

afterAll(() => {
  for (const made of ['node_modules', 'dist', 'package-lock.json']) rmSync(join(DIR, made), { recursive: true, force: true })
})

it('examples/custom-sink: npm install && npm test pass in its folder', async () => {
  await run('npm', ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: DIR, timeout: 240_000 })
  const { stdout } = await run('npm', ['test'], { cwd: DIR, timeout: 240_000 })
  expect(stdout).toMatch(/# pass 2\n# fail 0/)
}, 300_000)
