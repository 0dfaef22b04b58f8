import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Sink } from '../../core/sink-contract.js'
import { LOCK_FILE } from '../../lib/log-dir/index.js'
import { createSink } from './worker.js'
import type { FileSinkWorkerOptions } from './worker.js'
import { lockDown, makeBatch, makeContext, recordLine, release, removeDir, tempDir } from './test/helpers.js'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

function setup(options: Partial<FileSinkWorkerOptions> = {}) {
  const root = tempDir()
  const dir = join(root, 'logs')
  const fallbackPath = join(root, 'stderr.txt')
  const fallbackFd = openSync(fallbackPath, 'a')
  const t = makeContext()
  cleanups.push(() => removeDir(root))
  cleanups.push(() => closeSync(fallbackFd))
  const open = async (extra: Partial<FileSinkWorkerOptions> = {}) => {
    const sink = await createSink({ dir, fallbackFd, checkIntervalMs: 0, ...options, ...extra }, t.ctx)
    cleanups.push(() => sink.close?.())
    return sink
  }
  // the fallback output holds the records and, between them, the sink's own reports ("logwarden: …")
  const lines = () => readFileSync(fallbackPath, 'utf8').split('\n').filter(Boolean)
  const fallback = () =>
    lines()
      .filter((l) => !l.startsWith('logwarden: '))
      .map((l) => `${l}\n`)
      .join('')
  const reports = () => lines().filter((l) => l.startsWith('logwarden: '))
  return { root, dir, fallbackPath, t, open, fallback, reports }
}

const read = (path: string) => readFileSync(path, 'utf8')

describe('sink-file worker', () => {
  it('appends each group to <dir>/<category>.log, error copies to error.log, with modes 0600/0700', async () => {
    const { dir, open } = setup()
    const sink = await open()
    const sys = [recordLine(1), recordLine(2)]
    const enf = [recordLine(3, 'enforcement')]
    const copy = [recordLine(4, 'enforcement', { level: 'error' })]
    await sink.write(
      makeBatch(1, [
        { category: 'system', lines: sys },
        { category: 'enforcement', lines: [...enf, ...copy] },
        { category: 'error', lines: copy, errorCopy: true },
      ]),
    )
    await sink.write(makeBatch(2, [{ category: 'system', lines: [recordLine(5)] }]))
    expect(read(join(dir, 'system.log'))).toBe(`${sys.join('\n')}\n${recordLine(5)}\n`)
    expect(read(join(dir, 'enforcement.log'))).toBe(`${enf[0]}\n${copy[0]}\n`)
    expect(read(join(dir, 'error.log'))).toBe(`${copy[0]}\n`)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    for (const f of ['system.log', 'enforcement.log', 'error.log']) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600)
    expect(readdirSync(dir).sort()).toEqual([LOCK_FILE, 'enforcement.log', 'error.log', 'system.log'])
  })

  it('appends to an existing file and closes a line left torn by an earlier crash', async () => {
    const { dir, open } = setup()
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'system.log'), `${recordLine(1)}\n{"timestamp":"2026-11-2`)
    const sink = await open()
    await sink.write(makeBatch(1, [{ category: 'system', lines: [recordLine(2)] }]))
    expect(read(join(dir, 'system.log'))).toBe(`${recordLine(1)}\n{"timestamp":"2026-11-2\n${recordLine(2)}\n`)
  })

  it('honours fileMode, and fsync after each batch keeps the bytes exact', async () => {
    const { dir, open } = setup({ fileMode: 0o640, fsync: true })
    const sink = await open()
    const lines = Array.from({ length: 100 }, (_, i) => recordLine(i))
    await sink.write(makeBatch(1, [{ category: 'audit', lines }]))
    expect(read(join(dir, 'audit.log'))).toBe(`${lines.join('\n')}\n`)
    expect(statSync(join(dir, 'audit.log')).mode & 0o777).toBe(0o640)
  })

  it('reopens the file when it is moved or deleted behind its back', async () => {
    const { dir, open, t } = setup()
    const sink = await open()
    await sink.write(makeBatch(1, [{ category: 'system', lines: [recordLine(1)] }]))
    renameSync(join(dir, 'system.log'), join(dir, 'moved.txt'))
    await sink.write(makeBatch(2, [{ category: 'system', lines: [recordLine(2)] }]))
    unlinkSync(join(dir, 'system.log'))
    await sink.write(makeBatch(3, [{ category: 'system', lines: [recordLine(3)] }]))
    expect(read(join(dir, 'moved.txt'))).toBe(`${recordLine(1)}\n`)
    expect(read(join(dir, 'system.log'))).toBe(`${recordLine(3)}\n`)
    expect(t.counts.reopened).toBe(2)
  })

  it('recreates a removed directory (and its lock) on the next batch', async () => {
    const { dir, open } = setup()
    const sink = await open()
    await sink.write(makeBatch(1, [{ category: 'system', lines: [recordLine(1)] }]))
    rmSync(dir, { recursive: true })
    await sink.write(makeBatch(2, [{ category: 'system', lines: [recordLine(2)] }]))
    expect(read(join(dir, 'system.log'))).toBe(`${recordLine(2)}\n`)
    expect(read(join(dir, LOCK_FILE)).split('\n')[0]).toBe(String(process.pid))
    expect(statSync(dir).mode & 0o777).toBe(0o700)
  })

  it('falls back to stderr on ENOSPC, reports once per cause, and recovers when the cause goes away', async () => {
    const { dir, open, t, fallback, reports: onStderr } = setup()
    mkdirSync(dir, { recursive: true })
    symlinkSync('/dev/full', join(dir, 'system.log')) // every write: ENOSPC, for real
    const sink = await open()
    const first = [recordLine(1), recordLine(2)]
    await sink.write(
      makeBatch(1, [
        { category: 'system', lines: first },
        { category: 'audit', lines: [recordLine(3)] },
      ]),
    )
    await sink.write(makeBatch(2, [{ category: 'system', lines: [recordLine(4)] }]))
    expect(fallback()).toBe(`${first.join('\n')}\n${recordLine(4)}\n`)
    expect(t.counts.fallback).toBe(3)
    // other categories are unaffected
    expect(read(join(dir, 'audit.log'))).toBe(`${recordLine(3)}\n`)
    const reports = t.logs.filter((l) => l.fields?.event === 'log_write_failed')
    expect(reports).toHaveLength(1)
    expect(reports[0]).toMatchObject({ level: 'error', category: 'error', fields: { code: 'ENOSPC', file: join(dir, 'system.log') } })
    // and where the records go meanwhile: with sink-file alone, nothing else would ever show it
    expect(onStderr()).toEqual([`logwarden: ${reports[0]!.message}`])
    unlinkSync(join(dir, 'system.log'))
    await sink.write(makeBatch(3, [{ category: 'system', lines: [recordLine(5)] }]))
    const [line5, notice, ...more] = read(join(dir, 'system.log')).split('\n')
    expect(line5).toBe(recordLine(5))
    // the gap is recorded in the file itself
    expect(JSON.parse(notice!)).toMatchObject({ level: 'info', category: 'system', event: 'log_write_recovered', fallback_records: 3, sink: 'sink-file' })
    expect(more).toEqual([''])
    expect(t.counts.fallback).toBe(3)
    expect(t.logs.filter((l) => l.fields?.event === 'log_write_recovered')).toEqual([
      expect.objectContaining({ level: 'info', category: 'system', fields: expect.objectContaining({ fallback_records: 3, code: 'ENOSPC' }) }),
    ])
  })

  it('falls back when the directory refuses new files (permissions) and recovers once they are fixed', async () => {
    const { dir, open, t, fallback } = setup()
    const sink = await open()
    lockDown(dir)
    cleanups.push(() => (existsSync(dir) ? release(dir) : undefined))
    await sink.write(makeBatch(1, [{ category: 'system', lines: [recordLine(1)] }]))
    await sink.write(makeBatch(2, [{ category: 'system', lines: [recordLine(2)] }]))
    expect(fallback()).toBe(`${recordLine(1)}\n${recordLine(2)}\n`)
    expect(t.counts.fallback).toBe(2)
    expect(t.logs.filter((l) => l.fields?.event === 'log_write_failed')).toHaveLength(1)
    expect(['EPERM', 'EACCES']).toContain(t.logs[0]!.fields!.code)
    release(dir)
    await sink.write(makeBatch(3, [{ category: 'system', lines: [recordLine(3)] }]))
    expect(read(join(dir, 'system.log')).split('\n')[0]).toBe(recordLine(3))
  })

  it('falls back when writes on an open file start failing, without throwing (no retry, no duplicate)', async () => {
    const { dir, open, t, fallback } = setup()
    const sink: Sink = await open()
    await sink.write(makeBatch(1, [{ category: 'system', lines: [recordLine(1)] }]))
    const file = join(dir, 'system.log')
    lockDown(file)
    cleanups.push(() => release(file, 0o600))
    expect(() => sink.write(makeBatch(2, [{ category: 'system', lines: [recordLine(2)] }]))).not.toThrow()
    expect(fallback()).toBe(`${recordLine(2)}\n`)
    release(file, 0o600)
    await sink.write(makeBatch(3, [{ category: 'system', lines: [recordLine(3)] }]))
    expect(read(file).split('\n').slice(0, 2)).toEqual([recordLine(1), recordLine(3)])
    expect(t.counts.fallback).toBe(1)
  })

  it('fails at start with LW_ERR_FILE_DIR when the directory cannot be created', async () => {
    const root = tempDir()
    cleanups.push(() => removeDir(root))
    writeFileSync(join(root, 'file'), '')
    await expect(createSink({ dir: join(root, 'file', 'logs') }, makeContext().ctx)).rejects.toMatchObject({ code: 'LW_ERR_FILE_DIR' })
  })

  it('fails at start with LW_ERR_ROTATION_LOAD when the rotation module has no createRotation', async () => {
    const { open, dir } = setup()
    const module = new URL('./file-names.ts', import.meta.url).href
    await expect(open({ rotation: { module, options: {} } })).rejects.toMatchObject({ code: 'LW_ERR_ROTATION_LOAD' })
    // the lock was released: the directory can be opened again
    await expect(open()).resolves.toBeDefined()
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true)
  })

  it('answers the test and status commands', async () => {
    const { dir, open } = setup()
    const sink = await open()
    await sink.write(makeBatch(1, [{ category: 'system', lines: [recordLine(1)] }]))
    expect(await sink.command!('test', undefined)).toMatchObject({ ok: true, dir })
    expect(await sink.command!('status', undefined)).toMatchObject({ files: [{ category: 'system', size: recordLine(1).length + 1 }] })
  })
})
