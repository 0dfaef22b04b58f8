/**
 * `logwarden plugins new`, as a plugin author meets it: the real CLI writes a sink, a notifier and
 * a hook package into a temp folder; one `npm install` (an npm workspace of the three, linking
 * this logwarden) installs their dev dependencies; `npm test` passes in each; then an app whose
 * config lists the three packages by path delivers every record once. Needs `npm run build` and
 * the npm registry or a warm npm cache (--prefer-offline).
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LoopbackServer } from 'logwarden/testing'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const CLI = join(ROOT, 'bin', 'run.js')
const KINDS = ['sink', 'notifier', 'hook'] as const

let dir: string
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lw-plugins-new-'))
  for (const kind of KINDS) await run(process.execPath, [CLI, 'plugins', 'new', `acme-${kind}`, '--kind', kind, '--logwarden', `file:${ROOT}`], { cwd: dir })
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'plugins-new-test', private: true, type: 'module', workspaces: KINDS.map((k) => `acme-${k}`) }),
  )
  // one install for the three; scripts off: this logwarden is linked as it is, already built
  await run('npm', ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, timeout: 240_000 })
}, 300_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('logwarden plugins new', () => {
  it('writes the package files, with the options table from the schema', () => {
    const pkg = JSON.parse(readFileSync(join(dir, 'acme-sink', 'package.json'), 'utf8')) as Record<string, Record<string, string>>
    expect(pkg.peerDependencies).toEqual({ logwarden: expect.stringMatching(/^>=0\.\d+ <1$/) })
    expect(pkg.exports!['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' })
    const readme = readFileSync(join(dir, 'acme-sink', 'README.md'), 'utf8')
    expect(readme).toContain('| `file` | file path | `"logs/acme-sink.jsonl"` |')
  })

  it.each(KINDS)(
    'npm test passes in the %s package',
    async (kind) => {
      const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }
      const { stdout } = await run('npm', ['test'], { cwd: join(dir, `acme-${kind}`), timeout: 240_000, env })
      expect(stdout).toMatch(/Tests\s+\d+ passed/)
    },
    300_000,
  )

  it('a config listing the three packages by path delivers every record once', async () => {
    const api = new LoopbackServer()
    await api.listen()
    try {
      const config = {
        durable: false,
        plugins: [
          'redact',
          './acme-hook',
          { './acme-sink': { file: 'out/records.jsonl' } },
          { './acme-notifier': { url: `${api.origin}/alerts`, aggregate: { windowMs: 0 }, spool: { enabled: false } } },
        ],
      }
      writeFileSync(join(dir, 'logwarden.config.json'), JSON.stringify(config))
      writeFileSync(
        join(dir, 'app.mjs'),
        `import { createLogger } from 'logwarden'
const log = await createLogger()
for (let i = 0; i < 20; i++) log.category('audit').info('order ' + i, { internal_note: 'secret note ' + i })
log.category('enforcement').error('limit breached', { account_id: 'ABC123' })
await log.close()
`,
      )
      await run(process.execPath, ['app.mjs'], { cwd: dir, timeout: 60_000 })
      const lines = readFileSync(join(dir, 'out', 'records.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>)
      const orders = lines.filter((r) => String(r.message).startsWith('order '))
      expect(orders.map((r) => r.message)).toEqual(Array.from({ length: 20 }, (_, i) => `order ${i}`))
      expect(orders.every((r) => r.internal_note === '[masked]')).toBe(true)
      expect(lines.filter((r) => r.message === 'limit breached')).toHaveLength(1)
      expect(api.delivered.filter((q) => JSON.stringify(q.body).includes('ABC123'))).toHaveLength(1)
    } finally {
      await api.close()
    }
  }, 120_000)
})
