/**
 * End to end through the built package and the real `logwarden` binary: `seal init`, a logger with
 * sink-file + rotate + audit-seal (worker threads, real files, gzip), the anchor records, then
 * `logwarden verify` before and after one edited record. Needs `npm run build` (dist/) first.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from 'logwarden'
import { readLogs } from '../../lib/log-dir/index.js'
import { removeDir, tempDir } from '../sink-file/test/helpers.js'
import { run } from '../../test/cli/helpers.js'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

describe('audit-seal through createLogger and the CLI', () => {
  it('seal init prints the key once, the logger seals, anchors reach another sink, verify passes then finds an edit', async () => {
    const root = tempDir('lw-seal-e2e-')
    cleanups.push(() => removeDir(root))
    const dir = join(root, 'logs')
    const mirror = join(root, 'mirror')

    const init = await run(['seal', 'init', '--dir', dir, '--epoch', '15min', '--json'])
    expect(init.code, init.stderr).toBe(0)
    const { verificationKey, keyFile } = JSON.parse(init.stdout) as { verificationKey: string; keyFile: string }
    expect(verificationKey).toMatch(/^lwseal1\.\d+\.900000\.[\w-]{43}$/)
    expect(statSync(keyFile).mode & 0o777).toBe(0o600)
    expect(readFileSync(keyFile, 'utf8')).not.toContain(verificationKey.split('.')[3]!)
    const again = await run(['seal', 'init', '--dir', dir])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('LW_ERR_SEAL_KEY_EXISTS')
    expect(again.stdout).toBe('')

    const log = await createLogger({
      config: {
        batch: { maxRecords: 16 },
        plugins: [
          { 'sink-file': { dir } },
          { 'sink-file': { dir: mirror, name: 'mirror', categories: ['system'] } },
          { rotate: { sink: 'sink-file', maxSize: '8KB', maxFiles: 1000 } },
          { 'audit-seal': { sink: 'sink-file', anchor: 'system' } },
        ],
      },
    })
    for (let i = 0; i < 300; i++) {
      log.audit({ action: 'limit_changed', actor: 'admin', details: { i } })
      log.enforcement({ account_id: 'ABC123', rule: 'DailyLoss', action: 'lock_account', details: { i } })
    }
    await log.flush()
    await log.command('sink-file', 'idle')
    await log.close()

    const anchors: Record<string, unknown>[] = []
    for await (const r of readLogs({ dir: mirror, category: 'system' })) if (r.event === 'audit_seal') anchors.push(r)
    expect(anchors.map((a) => a.sealed_category)).toEqual(expect.arrayContaining(['audit', 'enforcement']))

    const ok = await run(['verify', '--dir', dir, '--json'], { env: { LOGWARDEN_SEAL_KEY: verificationKey } })
    expect(ok.code, ok.stderr).toBe(0)
    const report = JSON.parse(ok.stdout) as { status: string; categories: Array<{ category: string; sealedLines: number; files: string[] }> }
    expect(report.status).toBe('verified')
    expect(report.categories.map((c) => [c.category, c.sealedLines])).toEqual([
      ['audit', 300],
      ['enforcement', 300],
    ])
    expect(report.categories[0]!.files.some((f) => f.endsWith('.gz'))).toBe(true)
    expect(ok.stdout).not.toContain(verificationKey)

    const active = join(dir, 'enforcement.log')
    writeFileSync(active, readFileSync(active, 'utf8').replace('"lock_account"', '"warn_account"'))
    const bad = await run(['verify', '--dir', dir, '--key', verificationKey])
    expect(bad.code).toBe(7)
    expect(bad.stdout).toMatch(/enforcement: tampered .*\n {2}BROKEN: modified at .*enforcement\.log:1 /)
    expect(bad.stdout).toMatch(/^audit: verified/m)
    expect(bad.stdout + bad.stderr).not.toContain(verificationKey)
  }, 60_000)

  it('retention prunes the seals of the files it deletes; verify says from which file it proves the rest', async () => {
    const dir = tempDir('lw-seal-e2e-prune-')
    cleanups.push(() => removeDir(dir))
    const init = await run(['seal', 'init', '--dir', dir, '--json'])
    expect(init.code, init.stderr).toBe(0)
    const { verificationKey } = JSON.parse(init.stdout) as { verificationKey: string }
    const log = await createLogger({
      config: {
        batch: { maxRecords: 16 },
        plugins: [{ 'sink-file': { dir } }, { rotate: { maxSize: '8KB', maxFiles: 2 } }, { 'audit-seal': { categories: ['audit'] } }],
      },
    })
    for (let i = 0; i < 300; i++) log.audit({ action: 'limit_changed', actor: 'admin', details: { i } })
    await log.flush()
    // retention runs in the background, after each rotation: let it finish before closing
    await log.command('sink-file', 'idle')
    await log.close()
    expect(readdirSync(dir).filter((f) => f.startsWith('audit.') && f !== 'audit.log').length).toBe(2)
    const ok = await run(['verify', '--dir', dir, '--key', verificationKey])
    expect(ok.code, ok.stdout + ok.stderr).toBe(0)
    expect(ok.stdout).toMatch(/^audit: verified/m)
    expect(ok.stdout).toMatch(
      /^ {2}seals pruned: the first \d+ seal\(s\), of files retention deleted \(last at .+Z: audit\..+\); verified from .+\/audit\.\S+\.log(\.gz)? \(\d{4}-.+Z\)$/m,
    )
  }, 60_000)

  it('seal init --algorithm ed25519 prints a public verification key that verify accepts', async () => {
    const dir = tempDir('lw-seal-e2e-ed-')
    cleanups.push(() => removeDir(dir))
    const init = await run(['seal', 'init', '--dir', dir, '--algorithm', 'ed25519', '--json'])
    expect(init.code, init.stderr).toBe(0)
    const { verificationKey, algorithm } = JSON.parse(init.stdout) as { verificationKey: string; algorithm: string }
    expect(algorithm).toBe('ed25519')
    expect(verificationKey).toMatch(/^lwseal2\.\d+\.900000\.[\w-]{43}$/)
    const log = await createLogger({ config: { plugins: [{ 'sink-file': { dir } }, { 'audit-seal': {} }] } })
    for (let i = 0; i < 50; i++) log.enforcement({ account_id: 'ABC123', rule: 'DailyLoss', action: 'lock_account', details: { i } })
    await log.close()
    const ok = await run(['verify', '--dir', dir, '--key', verificationKey])
    expect(ok.code, ok.stdout + ok.stderr).toBe(0)
    expect(ok.stdout).toMatch(/^enforcement: verified — 50 sealed line\(s\)/m)
  }, 60_000)

  it('refuses to anchor seals to a sealed category', async () => {
    const dir = tempDir('lw-seal-e2e-anchor-')
    cleanups.push(() => removeDir(dir))
    await expect(createLogger({ config: { plugins: [{ 'sink-file': { dir } }, { 'audit-seal': { anchor: 'audit' } }] } })).rejects.toMatchObject({
      code: 'LW_ERR_SEAL_OPTION',
    })
  })
})
