import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { statfs } from 'node:fs/promises'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import type { Sink } from '../../core/sink-contract.js'
import { createSink } from '../sink-file/worker.js'
import { lockDown, makeBatch, makeContext, readCategoryLines, recordLine, release, removeDir, sleep, tempDir } from '../sink-file/test/helpers.js'
import type { TestContext } from '../sink-file/test/helpers.js'

const ROTATION = new URL('./rotation.js', import.meta.url).href
const T0 = Date.UTC(2026, 10, 23, 10, 0, 0)
const cleanups: Array<() => unknown> = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

interface Harness {
  dir: string
  root: string
  sink: Sink
  t: TestContext
  clock: { now: number }
  write(category: string, lines: string[]): Promise<void>
  idle(): Promise<void>
  names(): string[]
}

async function start(
  rotation: Record<string, unknown>,
  opts: { dir?: string; root?: string; clock?: { now: number }; t?: TestContext; categories?: string[] } = {},
): Promise<Harness> {
  const root = opts.root ?? tempDir('lw-rot-')
  if (!opts.root) cleanups.push(() => removeDir(root))
  const dir = opts.dir ?? join(root, 'logs')
  const clock = opts.clock ?? { now: T0 }
  const t = opts.t ?? makeContext()
  const sink = await createSink(
    {
      dir,
      checkIntervalMs: 0,
      now: () => clock.now,
      rotation: { module: ROTATION, options: rotation },
      ...(opts.categories ? { categories: opts.categories } : {}),
    },
    t.ctx,
  )
  cleanups.push(() => sink.close?.())
  let seq = 0
  return {
    dir,
    root,
    sink,
    t,
    clock,
    write: async (category, lines) => {
      await sink.write(makeBatch(++seq, [{ category, lines }]))
    },
    idle: async () => {
      await sink.command!('idle', undefined)
    },
    names: () =>
      readdirSync(dir)
        .filter((n) => !n.startsWith('.'))
        .sort(),
  }
}

const lines = (from: number, n: number, category = 'system') => Array.from({ length: n }, (_, k) => recordLine(from + k, category))
const logEvents = (t: TestContext, event: string) => t.logs.filter((l) => l.fields?.event === event)
/** The notices the sink wrote into its own system.log (the host does not route them back to it). */
const ownNotices = (dir: string) =>
  existsSync(join(dir, 'system.log'))
    ? readFileSync(join(dir, 'system.log'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>)
    : []

describe('rotate: triggers', () => {
  it('rotates by size: names sort by time, every file stays under maxSize, every line once, all compressed', async () => {
    const h = await start({ maxSize: 1000, maxFiles: 100 })
    const all: string[] = []
    for (let b = 0; b < 30; b++) {
      const batch = lines(b * 3, 3)
      all.push(...batch)
      await h.write('system', batch)
      h.clock.now += 300
    }
    await h.idle()
    const names = h.names()
    const rotated = names.filter((n) => n !== 'system.log')
    expect(rotated.length).toBeGreaterThanOrEqual(8)
    for (const name of rotated) {
      expect(name).toMatch(/^system\.2026-11-23T10-00-\d\dZ\.\d+\.log\.gz$/)
      expect(gunzipSync(readFileSync(join(h.dir, name))).length).toBeLessThanOrEqual(1000)
    }
    // the counter restarts at 1 for each new second and counts up within one
    const bySecond = new Map<string, number[]>()
    for (const n of rotated) {
      const [, stamp, seq] = /^system\.(\S+Z)\.(\d+)\./.exec(n)!
      bySecond.set(stamp!, [...(bySecond.get(stamp!) ?? []), Number(seq)])
    }
    for (const seqs of bySecond.values()) expect(seqs.sort((a, b) => a - b)).toEqual(seqs.map((_, i) => i + 1))
    expect(readCategoryLines(h.dir, 'system')).toEqual(all)
    expect(h.t.counts.rotated).toBe(rotated.length)
    expect(h.t.counts.compressed).toBe(rotated.length)
    expect(names.some((n) => n.endsWith('.tmp'))).toBe(false)
  })

  it('rotates hourly at the boundary, naming the file by the boundary it closed', async () => {
    const h = await start({ maxSize: false, interval: 'hourly', compress: false })
    h.clock.now = Date.UTC(2026, 10, 23, 10, 10)
    await h.write('system', lines(0, 1))
    h.clock.now = Date.UTC(2026, 10, 23, 10, 59, 59, 999)
    await h.write('system', lines(1, 1))
    h.clock.now = Date.UTC(2026, 10, 23, 11, 0, 0)
    await h.write('system', lines(2, 1))
    h.clock.now = Date.UTC(2026, 10, 23, 13, 30) // 12:00 passed without a write
    await h.write('system', lines(3, 1))
    expect(h.names()).toEqual(['system.2026-11-23T11-00-00Z.1.log', 'system.2026-11-23T12-00-00Z.1.log', 'system.log'])
    expect(readFileSync(join(h.dir, 'system.2026-11-23T11-00-00Z.1.log'), 'utf8')).toBe(`${lines(0, 2).join('\n')}\n`)
    expect(readFileSync(join(h.dir, 'system.2026-11-23T12-00-00Z.1.log'), 'utf8')).toBe(`${lines(2, 1)[0]}\n`)
    expect(readFileSync(join(h.dir, 'system.log'), 'utf8')).toBe(`${lines(3, 1)[0]}\n`)
  })

  it('rotates daily at midnight in the configured time zone', async () => {
    const h = await start({ maxSize: false, interval: 'daily', timezone: 'America/Chicago', compress: false })
    h.clock.now = Date.UTC(2026, 10, 23, 5, 59, 59) // 23:59:59 in Chicago (UTC-6)
    await h.write('audit', lines(0, 1, 'audit'))
    h.clock.now = Date.UTC(2026, 10, 23, 5, 0, 0) + 3_600_000 // Chicago midnight
    await h.write('audit', lines(1, 1, 'audit'))
    expect(h.names()).toEqual(['audit.2026-11-23T06-00-00Z.1.log', 'audit.log'])
  })

  it('after a restart, a file last written before the boundary is rotated on the first write', async () => {
    const root = tempDir('lw-rot-')
    cleanups.push(() => removeDir(root))
    const dir = join(root, 'logs')
    mkdirSync(dir)
    writeFileSync(join(dir, 'system.log'), `${recordLine(0)}\n`)
    utimesSync(join(dir, 'system.log'), new Date('2026-11-22T15:00:00Z'), new Date('2026-11-22T15:00:00Z'))
    const h = await start({ maxSize: false, interval: 'daily', compress: false }, { root, dir })
    await h.write('system', lines(1, 1))
    expect(h.names()).toEqual(['system.2026-11-23T00-00-00Z.1.log', 'system.log'])
    expect(readFileSync(join(dir, 'system.2026-11-23T00-00-00Z.1.log'), 'utf8')).toBe(`${recordLine(0)}\n`)
  })

  it('applies per-category overrides', async () => {
    const h = await start({ maxSize: 400, compress: false, categories: { audit: { maxSize: false } } })
    for (let b = 0; b < 10; b++) {
      await h.write('system', lines(b * 2, 2))
      await h.write('audit', lines(b * 2, 2, 'audit'))
    }
    expect(h.names().filter((n) => n.startsWith('audit.'))).toEqual(['audit.log'])
    expect(h.names().filter((n) => n.startsWith('system.')).length).toBeGreaterThan(3)
  })

  it('rotates on the timer when nothing is written across the boundary', async () => {
    const h = await start({ maxSize: false, interval: 'hourly', compress: false, tickMs: 10 })
    h.clock.now = Date.UTC(2026, 10, 23, 10, 59)
    await h.write('system', lines(0, 1))
    h.clock.now = Date.UTC(2026, 10, 23, 11, 0, 1)
    // nothing is written: only the sink's own timer can rotate, so poll for its result
    const rotated = 'system.2026-11-23T11-00-00Z.1.log'
    const deadline = Date.now() + 10_000
    while (!h.names().includes(rotated) && Date.now() < deadline) await sleep(10)
    expect(h.names()).toEqual([rotated])
  })

  it('rotates on the `rotate` command', async () => {
    const h = await start({ compress: false })
    await h.write('system', lines(0, 2))
    await h.write('audit', lines(0, 1, 'audit'))
    await h.sink.command!('rotate', { category: 'system' })
    expect(h.names()).toEqual(['audit.log', 'system.2026-11-23T10-00-00Z.1.log'])
  })
})

describe('rotate: retention', () => {
  it('keeps maxFiles rotated files per category and writes each deletion as a system record', async () => {
    const h = await start({ maxSize: 300, maxFiles: 2 })
    for (let b = 0; b < 12; b++) {
      await h.write('audit', lines(b * 2, 2, 'audit'))
      h.clock.now += 1000
    }
    await h.idle()
    const rotated = h.names().filter((n) => n.startsWith('audit.') && n !== 'audit.log')
    expect(rotated, JSON.stringify(h.names())).toHaveLength(2)
    const deleted = logEvents(h.t, 'log_file_deleted')
    expect(deleted.length).toBe(h.t.counts.rotated! - 2)
    expect(deleted[0]).toMatchObject({ level: 'info', category: 'system', fields: { action: 'deleted', reason: 'maxFiles' } })
    // the survivors are the newest: their lines run up to the active file's
    const kept = readCategoryLines(h.dir, 'audit')
    expect(kept[kept.length - 1]).toBe(recordLine(23, 'audit'))
    expect(kept).toEqual(lines(24 - kept.length, kept.length, 'audit'))
    // and the sink wrote the same notices into its own system.log, as records
    const own = ownNotices(h.dir).filter((r) => r.event === 'log_file_deleted')
    expect(own.map((r) => r.file)).toEqual(deleted.map((d) => d.fields!.file))
    expect(own[0]).toMatchObject({
      level: 'info',
      category: 'system',
      reason: 'maxFiles',
      action: 'deleted',
      timestamp: expect.stringMatching(/^2026-11-23T10:00:\d\d\.000Z$/),
    })
    expect(new Set(own.map((r) => r.event_id)).size).toBe(own.length)
  })

  it('writes no notice into its own files when the sink does not take `system`', async () => {
    const h = await start({ maxSize: 300, maxFiles: 1 }, { categories: ['audit'] })
    for (let b = 0; b < 6; b++) await h.write('audit', lines(b * 2, 2, 'audit'))
    await h.idle()
    expect(logEvents(h.t, 'log_file_deleted').length).toBeGreaterThan(0)
    expect(h.names().some((n) => n.startsWith('system.'))).toBe(false)
  })

  function seed(dir: string, files: Record<string, string>): void {
    mkdirSync(dir, { recursive: true })
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), name.endsWith('.gz') ? gzipSync(text) : text)
  }

  it('archives files older than maxAge, found by name, including categories no longer configured', async () => {
    const root = tempDir('lw-rot-')
    cleanups.push(() => removeDir(root))
    const dir = join(root, 'logs')
    const archiveDir = join(root, 'archive')
    seed(dir, {
      'system.2026-08-01T00-00-00Z.1.log.gz': 'old\n',
      'system.2026-11-20T00-00-00Z.1.log.gz': 'recent\n',
      'legacy.2026-01-01T00-00-00Z.3.log.gz': 'older\n',
      'notes.txt': 'not ours',
    })
    const h = await start({ maxAge: '90d', archiveDir }, { root, dir })
    await h.idle()
    expect(h.names()).toEqual(['notes.txt', 'system.2026-11-20T00-00-00Z.1.log.gz', 'system.log'])
    expect(ownNotices(dir).map((r) => [r.event, r.file])).toEqual([
      ['log_file_archived', 'legacy.2026-01-01T00-00-00Z.3.log.gz'],
      ['log_file_archived', 'system.2026-08-01T00-00-00Z.1.log.gz'],
    ])
    expect(readdirSync(archiveDir).sort()).toEqual(['legacy.2026-01-01T00-00-00Z.3.log.gz', 'system.2026-08-01T00-00-00Z.1.log.gz'])
    expect(gunzipSync(readFileSync(join(archiveDir, 'system.2026-08-01T00-00-00Z.1.log.gz'))).toString()).toBe('old\n')
    const archived = logEvents(h.t, 'log_file_archived')
    expect(archived.map((r) => r.fields)).toEqual([
      expect.objectContaining({ file: 'legacy.2026-01-01T00-00-00Z.3.log.gz', reason: 'maxAge', archive_dir: archiveDir, action: 'archived' }),
      expect.objectContaining({ file: 'system.2026-08-01T00-00-00Z.1.log.gz', reason: 'maxAge' }),
    ])
  })

  it('keeps the directory under maxTotalSize, oldest first across categories', async () => {
    const root = tempDir('lw-rot-')
    cleanups.push(() => removeDir(root))
    const dir = join(root, 'logs')
    const k = 'x'.repeat(999) + '\n'
    seed(dir, {
      'system.2026-11-23T01-00-00Z.1.log': k,
      'audit.2026-11-23T02-00-00Z.1.log': k,
      'system.2026-11-23T03-00-00Z.1.log': k,
      'audit.2026-11-23T04-00-00Z.1.log': k,
      'system.log': 'y'.repeat(499) + '\n',
    })
    const h = await start({ compress: false, maxTotalSize: 2600 }, { root, dir })
    await h.idle()
    expect(h.names()).toEqual(['audit.2026-11-23T04-00-00Z.1.log', 'system.2026-11-23T03-00-00Z.1.log', 'system.log'])
    expect(logEvents(h.t, 'log_file_deleted').map((r) => [r.fields!.file, r.fields!.reason])).toEqual([
      ['system.2026-11-23T01-00-00Z.1.log', 'maxTotalSize'],
      ['audit.2026-11-23T02-00-00Z.1.log', 'maxTotalSize'],
    ])
  })

  it('purges rotated files (never the active one) below the free-space floor, deleting even with archiveDir', async () => {
    const root = tempDir('lw-rot-')
    cleanups.push(() => removeDir(root))
    const dir = join(root, 'logs')
    seed(dir, { 'system.2026-11-23T01-00-00Z.1.log.gz': 'a\n', 'system.2026-11-23T02-00-00Z.1.log.gz': 'b\n', 'system.log': 'c\n' })
    const fs = await statfs(dir)
    const floor = fs.bavail * fs.bsize + 1024 ** 4 // one TB more than there is
    const h = await start({ minFreeDisk: floor, archiveDir: join(root, 'archive') }, { root, dir })
    await h.idle()
    expect(h.names()).toEqual(['system.log'])
    expect(existsSync(join(root, 'archive'))).toBe(false)
    expect(logEvents(h.t, 'log_file_deleted').map((r) => r.fields!.reason)).toEqual(['minFreeDisk', 'minFreeDisk'])
  })
})

describe('rotate: recovery and failures', () => {
  it('at start, finishes what an interrupted run left: compresses leftovers, redoes partial .gz, drops sources of complete .gz', async () => {
    const root = tempDir('lw-rot-')
    cleanups.push(() => removeDir(root))
    const dir = join(root, 'logs')
    mkdirSync(dir)
    const a = `${lines(0, 3).join('\n')}\n`
    const b = `${lines(3, 3).join('\n')}\n`
    const c = `${lines(6, 3).join('\n')}\n`
    writeFileSync(join(dir, 'system.2026-11-23T01-00-00Z.1.log'), a) // rotated, never compressed (newest too)
    writeFileSync(join(dir, 'system.2026-11-23T02-00-00Z.1.log'), b)
    writeFileSync(join(dir, 'system.2026-11-23T02-00-00Z.1.log.gz.tmp'), gzipSync(b).subarray(0, 10)) // killed mid-compression
    writeFileSync(join(dir, 'system.2026-11-23T03-00-00Z.1.log'), c)
    writeFileSync(join(dir, 'system.2026-11-23T03-00-00Z.1.log.gz'), gzipSync(c)) // killed before the unlink
    const h = await start({}, { root, dir })
    await h.idle()
    expect(h.names()).toEqual(['system.2026-11-23T01-00-00Z.1.log.gz', 'system.2026-11-23T02-00-00Z.1.log.gz', 'system.2026-11-23T03-00-00Z.1.log.gz'])
    expect(gunzipSync(readFileSync(join(dir, 'system.2026-11-23T02-00-00Z.1.log.gz'))).toString()).toBe(b)
    expect(readCategoryLines(dir, 'system')).toEqual(lines(0, 9))
    expect(statSync(join(dir, 'system.2026-11-23T01-00-00Z.1.log.gz')).mode & 0o777).toBe(0o600)
  })

  it('continues a rotation numbering after a restart instead of overwriting', async () => {
    const root = tempDir('lw-rot-')
    cleanups.push(() => removeDir(root))
    const dir = join(root, 'logs')
    mkdirSync(dir)
    writeFileSync(join(dir, 'system.2026-11-23T10-00-00Z.1.log.gz'), gzipSync('first\n'))
    writeFileSync(join(dir, 'system.2026-11-23T10-00-00Z.2.log.gz'), gzipSync('second\n'))
    const h = await start({ compress: false }, { root, dir })
    await h.write('system', lines(0, 1))
    await h.sink.command!('rotate', undefined)
    expect(h.names()).toContain('system.2026-11-23T10-00-00Z.3.log')
  })

  it('when the rename fails (EPERM/EACCES), writes on to the active file, retries with backoff and reports', async () => {
    const h = await start({ maxSize: 300, compress: false })
    const audit = (from: number) => lines(from, 2, 'audit')
    await h.write('audit', audit(0))
    lockDown(h.dir)
    cleanups.push(() => (existsSync(h.dir) ? release(h.dir) : undefined))
    await h.write('audit', audit(2)) // rotation due: rename refused
    await h.write('audit', audit(4)) // within the backoff: no new attempt
    expect(h.t.counts.rotate_retry).toBe(1)
    expect(h.names()).toEqual(['audit.log'])
    const failed = logEvents(h.t, 'log_rotation_failed')
    expect(failed).toHaveLength(1)
    expect(['EPERM', 'EACCES']).toContain(failed[0]!.fields!.code)
    h.clock.now += 150
    await h.write('audit', audit(6)) // second attempt, still refused: backoff doubles
    expect(h.t.counts.rotate_retry).toBe(2)
    release(h.dir)
    h.clock.now += 150
    await h.write('audit', audit(8)) // 150 < 200 ms backoff: still waiting
    expect(h.names().filter((n) => n.startsWith('audit.'))).toEqual(['audit.log'])
    h.clock.now += 100
    await h.write('audit', audit(10))
    expect(h.names()).toEqual(['audit.2026-11-23T10-00-00Z.1.log', 'audit.log', 'system.log'])
    expect(logEvents(h.t, 'log_rotation_recovered')).toHaveLength(1)
    expect(readCategoryLines(h.dir, 'audit')).toEqual(lines(0, 12, 'audit'))
    // the warning could not be written while the directory refused new files: it went to stderr
    // (counted as fallback); once system.log could be created, both recoveries are noted in it
    expect(ownNotices(h.dir).map((r) => r.event)).toEqual(['log_rotation_recovered', 'log_write_recovered'])
    expect(h.t.counts.fallback).toBe(1)
  })

  it('retries a deletion refused by the file system, and reports it', async () => {
    const root = tempDir('lw-rot-')
    cleanups.push(() => removeDir(root))
    const dir = join(root, 'logs')
    mkdirSync(dir)
    writeFileSync(join(dir, 'system.2026-01-01T00-00-00Z.1.log.gz'), gzipSync('old\n'))
    // unlocked the moment the first attempt has failed (the retry is counted before its 100 ms
    // backoff starts), so the second attempt succeeds
    let locked = false
    const t = makeContext()
    const count = t.ctx.count.bind(t.ctx)
    t.ctx.count = (counter, n) => {
      count(counter, n)
      if (counter === 'fs_retry' && locked) {
        release(dir)
        locked = false
      }
    }
    const h = await start({}, { root, dir, t })
    // synchronously, before retention's first file-system callback: its first unlink is refused
    lockDown(dir)
    locked = true
    cleanups.push(() => (locked ? release(dir) : undefined))
    await h.idle()
    expect(h.names()).toEqual(['system.log']) // the deletion notice
    expect(h.t.counts.fs_retry).toBe(1) // released on the first failure: the second attempt succeeded
    expect(h.t.logs.some((l) => l.level === 'warn' && /deleting system\.2026-01-01T00-00-00Z\.1\.log\.gz failed \((EPERM|EACCES)\)/.test(l.message))).toBe(true)
    expect(logEvents(h.t, 'log_file_deleted')).toHaveLength(1)
  })
})
