/**
 * Power loss (issue 10, item 2): `await log.sync()` after a durable call resolves only after the
 * record is in the journal and an fdatasync that started after it completed; concurrent callers
 * share fdatasyncs (group commit). Real files; the fdatasync itself is the kernel's.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createLogger } from 'logwarden'
import { tempDir } from './helpers/sinks.js'

const t = tempDir('lw-durable-fsync-')
afterAll(() => t.cleanup())

function journalText(dir: string): string {
  const journal = join(dir, '.journal')
  return readdirSync(journal)
    .filter((f) => f.endsWith('.wal'))
    .map((f) => readFileSync(join(journal, f), 'utf8'))
    .join('')
}

describe("durable.sync: 'fsync'", () => {
  it('256 concurrent callers of log.audit() + await log.sync(): each resolves after an fdatasync that followed its record, sharing few fdatasyncs', async () => {
    const dir = join(t.dir, 'group')
    const log = await createLogger({ config: { durable: { sync: 'fsync' }, plugins: [{ 'sink-file': { dir } }] } })
    const n = 256
    const order: string[] = []
    const calls = Array.from({ length: n }, (_, i) => {
      const syncsBefore = log.stats().journal?.syncs ?? 0
      log.audit({ action: 'approve_withdrawal', actor: `ops-${i}` })
      return log.sync().then(() => {
        // the record is in the journal, and an fdatasync begun after the call has completed
        expect(journalText(dir)).toContain(`"ops-${i}"`)
        expect(log.stats().journal!.syncs).toBeGreaterThan(syncsBefore)
        order.push(`ops-${i}`)
      })
    })
    await Promise.all(calls)
    expect(order).toHaveLength(n)
    const stats = log.stats().journal!
    expect(stats.appended).toBe(n)
    // group commit: one fdatasync in flight, every caller meanwhile joins the next
    expect(stats.syncs).toBeGreaterThanOrEqual(1)
    expect(stats.syncs).toBeLessThanOrEqual(3)
    await log.sync()
    await log.close()
  })

  it("fsync mode fdatasyncs durable records nobody awaits; 'write' mode only when log.sync() asks", async () => {
    const fsyncDir = join(t.dir, 'unawaited')
    const fsynced = await createLogger({ config: { durable: { sync: 'fsync' }, plugins: [{ 'sink-file': { dir: fsyncDir } }] } })
    fsynced.enforcement({ account_id: 'K1', rule: 'max_daily_loss', action: 'lockout' })
    for (let waited = 0; fsynced.stats().journal!.syncs === 0 && waited < 2000; waited += 10) await new Promise((r) => setTimeout(r, 10))
    expect(fsynced.stats().journal!.syncs).toBe(1)
    await fsynced.close()

    const dir = join(t.dir, 'write')
    const log = await createLogger({ config: { plugins: [{ 'sink-file': { dir } }] } })
    log.audit({ action: 'login', actor: 'ops' })
    log.enforcement({ account_id: 'K1', rule: 'max_daily_loss', action: 'lockout' })
    expect(journalText(dir)).toContain('"lockout"')
    await new Promise((r) => setTimeout(r, 50))
    expect(log.stats().journal!.syncs).toBe(0)
    await log.sync()
    expect(log.stats().journal!.syncs).toBe(1)
    await log.close()
  })

  it('non-durable categories never touch the journal', async () => {
    const dir = join(t.dir, 'plain')
    const log = await createLogger({ config: { plugins: [{ 'sink-file': { dir } }] } })
    for (let i = 0; i < 100; i++) log.info('plain', { i })
    expect(log.stats().journal).toBeUndefined()
    await log.close()
  })
})
