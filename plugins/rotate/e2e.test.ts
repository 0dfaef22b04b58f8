/**
 * End to end through the built package: createLogger with sink-file + rotate, real worker threads,
 * real files and gzip; read back with readLogs. Needs `npm run build` (dist/) first.
 */
import { spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from 'logwarden'
import type { Logger } from 'logwarden'
import { parseLogFileName, readLogs } from '../../lib/log-dir/index.js'
import { exited, removeDir, tempDir, waitForLine } from '../sink-file/test/helpers.js'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

async function all(options: Parameters<typeof readLogs>[0]): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = []
  for await (const r of readLogs(options)) out.push(r)
  return out
}

describe('sink-file + rotate through createLogger', () => {
  it('rotates and compresses under load, retains maxFiles, reports deletions as system records, reads back every record', async () => {
    const root = tempDir('lw-e2e-rot-')
    cleanups.push(() => removeDir(root))
    const dir = join(root, 'logs')
    const mirror = join(root, 'mirror')
    const log: Logger = await createLogger({
      config: {
        level: 'info',
        // small batches: rotation happens between groups, and one group of the default size would fill several files
        batch: { maxRecords: 16 },
        plugins: [
          { 'sink-file': { dir } },
          // a second file sink that only takes `system`: it receives the rotation notices of the first
          { 'sink-file': { dir: mirror, name: 'mirror', categories: ['system'] } },
          { rotate: { sink: 'sink-file', maxSize: '8KB', maxFiles: 4, categories: { audit: { maxFiles: 1000 } } } },
        ],
      },
    })
    let closed = false
    cleanups.push(() => (closed ? undefined : log.close()))
    const enforcement = log.category('enforcement')
    for (let i = 0; i < 600; i++) {
      log.audit({ action: 'limit_changed', actor: 'admin', details: { i } })
      log.info('heartbeat', { n: i })
      if (i % 50 === 0) enforcement.error('enforcement failed', { i, account_id: 'ABC123' })
    }
    await log.flush()
    await log.command('sink-file', 'idle')
    await log.close()
    closed = true

    const names = readdirSync(dir)
    const rotatedAudit = names.filter((n) => n.startsWith('audit.') && n !== 'audit.log')
    expect(rotatedAudit.length).toBeGreaterThan(10)
    for (const n of rotatedAudit) expect(parseLogFileName(n)?.kind, n).toBe('compressed')
    expect(readdirSync(mirror).filter((n) => n.includes('T'))).toEqual([]) // the mirror is not rotated

    const audit = await all({ dir, category: 'audit' })
    expect(audit.map((r) => (r.details as { i: number }).i)).toEqual(Array.from({ length: 600 }, (_, i) => i))
    // error copies in error.log; the enforcement records themselves in enforcement.log, read once when merged
    expect((await all({ dir, category: 'error' })).map((r) => r.i)).toEqual(Array.from({ length: 12 }, (_, i) => i * 50))
    const merged = await all({ dir, minLevel: 'error' })
    expect(merged.map((r) => [r.category, r.i])).toEqual(Array.from({ length: 12 }, (_, i) => ['enforcement', i * 50]))
    // the logger's records come back in time order (the sink's own notices are stamped when written,
    // which can be a moment after records still queued for it: they are left out of this check)
    const timestamps = (await all({ dir, where: (r) => r.sink === undefined })).map((r) => r.timestamp as string)
    expect(timestamps.length).toBeGreaterThan(612)
    expect([...timestamps].sort()).toEqual(timestamps)

    // system.log kept only maxFiles (4) rotated files; each deletion is a system record, which reached the other sink
    const deleted = await all({ dir: mirror, category: 'system', where: { event: 'log_file_deleted' } })
    expect(names.filter((n) => n.startsWith('system.') && n !== 'system.log')).toHaveLength(4)
    const deletedFiles = deleted.map((r) => r.file as string)
    expect(deletedFiles.length).toBeGreaterThan(0)
    for (const r of deleted) expect(r).toMatchObject({ level: 'info', category: 'system', reason: 'maxFiles', action: 'deleted', dir })
    for (const f of deletedFiles) expect(names).not.toContain(f)
    expect(deletedFiles.every((f) => f.startsWith('system.'))).toBe(true)
    // the host does not route a sink's reports back to it: sink-file wrote them into its own system.log
    // (older notices may have been rotated out with the files retention deleted; the newest are there)
    const own = (await all({ dir, category: 'system', where: { event: 'log_file_deleted' } })).map((r) => r.file as string)
    expect(own.length).toBeGreaterThan(0)
    expect(deletedFiles.slice(-own.length)).toEqual(own)
    // the system records kept are the newest, in order
    const kept = (await all({ dir, category: 'system', where: { message: 'heartbeat' } })).map((r) => r.n as number)
    expect(kept[kept.length - 1]).toBe(599)
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, k) => 600 - kept.length + k))
  }, 60_000)

  it('a second process configured with the same directory fails to start, naming the lock file and the pid', async () => {
    const root = tempDir('lw-e2e-lock-')
    cleanups.push(() => removeDir(root))
    const dir = join(root, 'logs')
    const script = `
      import { createLogger } from 'logwarden'
      const log = await createLogger({ config: { plugins: [{ 'sink-file': { dir: ${JSON.stringify(dir)} } }] } })
      log.info('holder up')
      await log.flush()
      console.log('ready ' + process.pid)
      process.stdin.resume()
      process.stdin.on('end', async () => { await log.close(); process.exit(0) })
    `
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'pipe'] })
    cleanups.push(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      return exited(child)
    })
    await waitForLine(child, /^ready \d+$/, 20_000)
    const attempt = createLogger({ config: { plugins: [{ 'sink-file': { dir } }] } })
    await expect(attempt).rejects.toThrow(new RegExp(`LW_ERR_FILE_LOCKED|process ${child.pid}`))
    const message = ((await attempt.catch((e: unknown) => e)) as Error).message
    expect(message).toContain(join(dir, '.logwarden.lock'))
    expect(message).toContain(`process ${child.pid}`)
    child.stdin!.end()
    expect(await exited(child)).toBe(0)
    // released: now this process can start on it
    const log = await createLogger({ config: { plugins: [{ 'sink-file': { dir } }] } })
    await log.close()
  }, 60_000)
})
