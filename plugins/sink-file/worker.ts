/**
 * sink-file's worker: appends each group's bytes to `<dir>/<category>.log` with one write on a
 * kept fd (no per-line work). On a write failure the bytes go to stderr, counted and reported
 * once per cause, and the file is reopened on the next batch. Rotation is not here: when
 * `options.rotation` names a module, it is loaded and asked before each append (rotation-seam.ts).
 */
import { chmodSync, closeSync, constants, fchmodSync, fstatSync, fsyncSync, openSync, readSync, renameSync, statSync, writeSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { LwError } from '../../core/errors.js'
import { linesIn, writeAllSync } from '../../core/write-all.js'
import { SinkFileErrors, errCode } from './errors.js'
import { LEVELS } from '../../core/levels.js'
import type { LevelName } from '../../core/levels.js'
import type { Batch, BatchGroup, SinkContext, Sink } from '../../core/sink-contract.js'
import { acquireLock, releaseLock } from './file-lock.js'
import { makeDirSync } from './make-dir.js'
import type { HeldLock } from './file-lock.js'
import { activeFileName } from '../../lib/log-layout/index.js'
import { ReplayIndex } from './replay-dedupe.js'
import type { ActiveFile, CreateRotation, Rotation, RotationHost, RotationRef } from './rotation-seam.js'
import type { CreateObserver, ObserverRef, WriteObserver } from './write-seam.js'

export interface FileSinkWorkerOptions {
  /** absolute directory (index.ts resolves it against the config's baseDir) */
  dir: string
  fileMode?: number
  dirMode?: number
  fsync?: boolean
  /** how often (ms) a write first checks that the file it appends to is still at its path; 0 = every batch */
  checkIntervalMs?: number
  /** the categories and lowest level the sink receives (as in its spec): where its own notices may go */
  categories?: '*' | string[]
  minLevel?: number
  /** added by a plugin tapping hooks.sink.for('sink-file'), e.g. rotate */
  rotation?: RotationRef
  /** added by plugins tapping hooks.sink.for('sink-file'), e.g. audit-seal: told every byte written */
  observers?: ObserverRef[]
  /** test seams; they cannot cross structured clone, so only direct createSink callers use them */
  now?: () => number
  fallbackFd?: number
  /** the lock the plugin took on the main thread (start-check.ts): held from then on by this sink */
  lockToken?: string
}

/** Failures repeat per batch; one report per cause per this many ms is enough. */
const REPORT_EVERY_MS = 60_000
const NEWLINE = new Uint8Array([0x0a])
const encoder = new TextEncoder()
const OPEN_NEW = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_EXCL
const OPEN_EXISTING = constants.O_WRONLY | constants.O_APPEND

interface Failure {
  cause: string
  records: number
  reportedAt: number
}

class FileState implements ActiveFile {
  fd = -1
  size = 0
  ino = 0
  dev = 0
  openedMtimeMs = 0
  checkedAt = 0
  failure: Failure | undefined
  constructor(
    readonly category: string,
    readonly path: string,
  ) {}
  get open(): boolean {
    return this.fd >= 0
  }
}

function countLines(data: Uint8Array): number {
  let n = 0
  for (let i = data.indexOf(0x0a); i !== -1; i = data.indexOf(0x0a, i + 1)) n++
  return n
}

export class FileSink implements Sink {
  readonly #dir: string
  readonly #fileMode: number
  readonly #dirMode: number
  readonly #fsync: boolean
  readonly #checkIntervalMs: number
  readonly #now: () => number
  readonly #fallbackFd: number
  readonly #lockToken: string | undefined
  readonly #files = new Map<string, FileState>()
  #lock: HeldLock | undefined
  #rotation: Rotation | undefined
  #observers: WriteObserver[] = []
  readonly #notices: Uint8Array[] = []
  #noticeScheduled = false
  readonly #noticeId = `${randomBytes(4).toString('base64url')}-n`
  #noticeSeq = 0
  #closed = false
  #fsyncReportedAt = -Infinity
  #replayIndex: ReplayIndex | undefined

  constructor(
    private readonly options: FileSinkWorkerOptions,
    private readonly ctx: SinkContext,
  ) {
    this.#dir = options.dir
    this.#fileMode = options.fileMode ?? 0o600
    this.#dirMode = options.dirMode ?? 0o700
    this.#fsync = options.fsync ?? false
    this.#checkIntervalMs = options.checkIntervalMs ?? 1000
    this.#now = options.now ?? Date.now
    this.#fallbackFd = options.fallbackFd ?? 2
    this.#lockToken = options.lockToken
  }

  async start(): Promise<void> {
    try {
      this.#makeDir()
    } catch (err) {
      throw SinkFileErrors.DIR(this.ctx.name, this.#dir, errCode(err))
    }
    this.#lock = acquireLock(this.#dir, this.#fileMode, this.#lockToken)
    try {
      await this.#startObservers()
    } catch (err) {
      releaseLock(this.#lock)
      if (err instanceof LwError) throw err
      throw SinkFileErrors.OBSERVER_LOAD(this.ctx.name, String((err as Error).message ?? err))
    }
    const ref = this.options.rotation
    if (!ref) return
    try {
      const mod = (await import(ref.module)) as { createRotation?: CreateRotation }
      if (typeof mod.createRotation !== 'function') throw new Error(`${ref.module} does not export createRotation`)
      this.#rotation = await mod.createRotation(ref.options, this.#host())
      await this.#rotation.start?.()
    } catch (err) {
      await this.#rotation?.close?.()
      for (const o of this.#observers) await o.close?.()
      releaseLock(this.#lock)
      if (err instanceof LwError) throw err
      throw SinkFileErrors.ROTATION_LOAD(this.ctx.name, String((err as Error).message ?? err))
    }
  }

  async #startObservers(): Promise<void> {
    const host = { dir: this.#dir, fileMode: this.#fileMode, dirMode: this.#dirMode, ctx: this.ctx, now: this.#now }
    for (const ref of this.options.observers ?? []) {
      const mod = (await import(ref.module)) as { createObserver?: CreateObserver }
      if (typeof mod.createObserver !== 'function') throw new Error(`${ref.module} does not export createObserver`)
      const observer = await mod.createObserver(ref.options, host)
      this.#observers.push(observer)
      await observer.start?.()
    }
  }

  write(batch: Batch): void {
    for (const group of batch.groups) {
      if (group.replay) this.#writeReplayed(group)
      else this.#writeGroup(group)
    }
    this.#flushNotices()
    if (this.#fsync) {
      for (const file of this.#files.values()) {
        if (file.fd < 0) continue
        try {
          fsyncSync(file.fd)
        } catch (err) {
          this.ctx.count('fsync_failed')
          const now = this.#now()
          if (now - this.#fsyncReportedAt >= REPORT_EVERY_MS) {
            this.#fsyncReportedAt = now
            this.ctx.log(
              'error',
              'error',
              `sink "${this.ctx.name}": fsync of ${file.path} failed (${errCode(err)}); ` + 'the lines were written but may not survive a power loss',
              { event: 'log_fsync_failed', file: file.path, code: errCode(err) },
            )
          }
        }
      }
    }
  }

  command(name: string, args: unknown): unknown {
    const category = (args as { category?: string } | undefined)?.category
    switch (name) {
      case 'test':
        return { ok: true, dir: this.#dir, files: this.#status() }
      case 'status':
        return { dir: this.#dir, files: this.#status() }
      case 'rotate':
        this.#rotation?.rotateNow?.(category)
        return { rotated: this.#rotation !== undefined }
      case 'idle':
        return this.#rotation?.idle?.()
      default:
        return undefined
    }
  }

  async close(): Promise<void> {
    await this.#rotation?.close?.()
    this.#flushNotices()
    this.#closed = true
    for (const o of this.#observers) await o.close?.()
    for (const file of this.#files.values()) this.#closeFile(file, this.#fsync)
    if (this.#lock) releaseLock(this.#lock)
  }

  #status() {
    return [...this.#files.values()].map((f) => ({ category: f.category, path: f.path, size: f.size, failing: f.failure?.cause }))
  }

  #host(): RotationHost {
    return {
      dir: this.#dir,
      fileMode: this.#fileMode,
      dirMode: this.#dirMode,
      ctx: this.ctx,
      now: this.#now,
      rotateActive: (category, targetName) => this.#rotateActive(category, targetName),
      activeFiles: () => [...this.#files.values()],
      notice: (level, message, fields) => this.#notice(level, message, fields),
      deleting: (category, names) => {
        for (const o of this.#observers) o.deleting?.(category, names)
      },
    }
  }

  #notice(level: LevelName, message: string, fields: Record<string, unknown> = {}): void {
    this.ctx.log(level, 'system', message, fields)
    if (this.#closed) return
    const value = LEVELS[level]
    const categories = this.options.categories ?? '*'
    if (value < LEVELS.info || value < (this.options.minLevel ?? 0)) return
    if (categories !== '*' && !categories.includes('system')) return
    const { event, ...rest } = fields
    const record = {
      timestamp: new Date(this.#now()).toISOString(),
      level,
      category: 'system',
      message,
      ...(typeof event === 'string' ? { event } : {}),
      event_id: this.#noticeId + (this.#noticeSeq++).toString(36),
      sink: this.ctx.name,
      ...rest,
    }
    this.#notices.push(encoder.encode(`${JSON.stringify(record)}\n`))
    if (!this.#noticeScheduled) {
      this.#noticeScheduled = true
      // never from inside a write (the notice may come from beforeWrite): after it, or right away when idle
      queueMicrotask(() => this.#flushNotices())
    }
  }

  #flushNotices(): void {
    this.#noticeScheduled = false
    if (this.#notices.length === 0) return
    const parts = this.#notices.splice(0)
    const data = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0))
    let at = 0
    for (const p of parts) {
      data.set(p, at)
      at += p.byteLength
    }
    this.#writeGroup({ category: 'system', data, count: parts.length }, false)
  }

  #file(category: string): FileState {
    let file = this.#files.get(category)
    if (!file) {
      file = new FileState(category, join(this.#dir, activeFileName(category)))
      this.#files.set(category, file)
    }
    return file
  }

  /** `rotate: false` for the sink's own notices: a deletion notice must not cause the next rotation (a loop) */
  #writeGroup(group: BatchGroup, rotate = true, replayed = false): void {
    const file = this.#file(group.category)
    const data = group.data
    let written = 0
    try {
      this.#ensureOpen(file)
      if (this.#rotation && rotate) {
        this.#rotation.beforeWrite(file, data.byteLength)
        this.#ensureOpen(file)
      }
      while (written < data.byteLength) {
        const n = writeSync(file.fd, data, written, data.byteLength - written)
        written += n
        file.size += n
      }
    } catch (err) {
      if (written > 0) this.#appended(file, data.subarray(0, written), replayed)
      this.#fallback(file, data, written, group.count, err)
      return
    }
    this.#appended(file, data, replayed)
    if (file.failure) this.#recovered(file)
  }

  /** Replayed from a killed process's journal: only the lines the file does not hold yet. */
  #writeReplayed(group: BatchGroup): void {
    const file = this.#file(group.category)
    try {
      // opening closes a line the kill tore, so the scan sees only whole lines
      this.#ensureOpen(file)
    } catch {
      // the write below reports it and falls back
    }
    const { group: rest, skipped } = (this.#replayIndex ??= new ReplayIndex()).filter(file.path, group)
    if (skipped > 0) this.ctx.count('replay_skipped', skipped)
    if (rest.count > 0) this.#writeGroup(rest, true, true)
  }

  /** Reopens a file that failed, was rotated, or was moved or deleted behind our back. */
  #ensureOpen(file: FileState): void {
    if (file.fd >= 0) {
      const now = this.#now()
      if (now - file.checkedAt < this.#checkIntervalMs) return
      file.checkedAt = now
      const st = statSync(file.path, { throwIfNoEntry: false })
      if (st && st.ino === file.ino && st.dev === file.dev) return
      this.#closeFile(file, false)
      this.ctx.count('reopened')
    }
    this.#open(file)
  }

  #open(file: FileState): void {
    let fd: number
    let created = false
    try {
      fd = openSync(file.path, OPEN_NEW, this.#fileMode)
      created = true
    } catch (err) {
      const code = errCode(err)
      if (code === 'EEXIST') {
        fd = openSync(file.path, OPEN_EXISTING)
      } else if (code === 'ENOENT') {
        // the directory was removed: recreate it (and our lock in it), then create the file
        this.#makeDir()
        if (this.#lock) this.#lock = acquireLock(this.#dir, this.#fileMode)
        fd = openSync(file.path, OPEN_NEW, this.#fileMode)
        created = true
      } else {
        throw err
      }
    }
    file.fd = fd
    try {
      if (created) fchmodSync(fd, this.#fileMode) // the process umask must not widen or narrow the mode
      const st = fstatSync(fd)
      file.size = st.size
      file.ino = st.ino
      file.dev = st.dev
      file.openedMtimeMs = st.mtimeMs
      file.checkedAt = this.#now()
      // a line torn by a failed write (ENOSPC) or a crash must not swallow the next record
      if (st.size > 0 && st.isFile() && this.#lastByte(file.path, st.size) !== 0x0a) {
        const { unwritten, code } = writeAllSync(fd, NEWLINE)
        if (unwritten > 0) throw Object.assign(new Error(`cannot write ${file.path} (${code})`), { code })
        file.size += 1
        this.#appended(file, NEWLINE)
      }
    } catch (err) {
      this.#closeFile(file, false)
      throw err
    }
  }

  #appended(file: FileState, bytes: Uint8Array, replayed = false): void {
    for (const o of this.#observers) {
      if (replayed) o.replayed?.(file, bytes)
      o.appended(file, bytes)
    }
  }

  #lastByte(path: string, size: number): number {
    const fd = openSync(path, 'r')
    try {
      const buf = new Uint8Array(1)
      readSync(fd, buf, 0, 1, size - 1)
      return buf[0]!
    } finally {
      closeSync(fd)
    }
  }

  #makeDir(): void {
    const created = makeDirSync(this.#dir, this.#dirMode)
    // mkdir's mode is filtered by the umask; a directory we create must be exactly dirMode
    if (created !== undefined) chmodSync(this.#dir, this.#dirMode)
  }

  #closeFile(file: FileState, sync: boolean): void {
    if (file.fd < 0) return
    const fd = file.fd
    file.fd = -1
    try {
      if (sync) fsyncSync(fd)
    } catch {
      // best effort at close; the data is in the OS already
    }
    try {
      closeSync(fd)
    } catch {
      // already closed by the OS (e.g. the device went away)
    }
  }

  #rotateActive(category: string, targetName: string): void {
    const file = this.#file(category)
    for (const o of this.#observers) o.rotating?.(category, targetName)
    this.#closeFile(file, this.#fsync)
    try {
      renameSync(file.path, join(this.#dir, targetName))
    } finally {
      // the next write opens (or creates) the file at file.path; until then it counts as empty
      file.size = 0
      file.ino = 0
    }
  }

  /**
   * The bytes not written go to stderr: from the start of the line the failure cut, so stderr only
   * ever holds whole lines (the torn start in the file is closed with a newline on reopen).
   */
  #fallback(file: FileState, data: Uint8Array, written: number, count: number, err: unknown): void {
    let from = 0
    if (written > 0) from = data.lastIndexOf(0x0a, written - 1) + 1
    const rest = from === 0 ? data : data.subarray(from)
    // stderr is often a pipe whose reader lags: waited for, and what it never takes is counted as lost
    const { unwritten } = writeAllSync(this.#fallbackFd, rest)
    const records = from === 0 ? count : countLines(rest)
    const lost = Math.min(records, linesIn(rest, unwritten))
    this.ctx.count('fallback', records - lost)
    if (lost > 0) this.ctx.count('fallback_lost', lost)
    this.#closeFile(file, false)
    this.#report(file, err, records)
  }

  #report(file: FileState, err: unknown, records: number): void {
    const cause = errCode(err)
    const now = this.#now()
    const prev = file.failure
    if (prev && prev.cause === cause) {
      prev.records += records
      if (now - prev.reportedAt < REPORT_EVERY_MS) return
      prev.reportedAt = now
    } else {
      file.failure = { cause, records: (prev?.records ?? 0) + records, reportedAt: now }
    }
    const failure = file.failure!
    const message =
      `sink "${this.ctx.name}" cannot write ${file.path} (${cause}); its records go to stderr until the cause is fixed ` +
      `(${failure.records} so far). The file is reopened on every batch.`
    this.#tellFallback(message)
    // the host gives it to every other sink (never back to this one, whose disk is what failed)
    this.ctx.log('error', 'error', message, { event: 'log_write_failed', file: file.path, code: cause, fallback_records: failure.records })
  }

  /**
   * With the default config this sink is the only one, so its failure reports also go where its
   * records go meanwhile, written by this thread between whole batches: a line written from the
   * main thread could land inside a record this thread wrote only in part to a full pipe.
   */
  #tellFallback(message: string): void {
    const { unwritten } = writeAllSync(this.#fallbackFd, `logwarden: ${message}\n`)
    if (unwritten > 0) this.ctx.count('report_lost')
  }

  #recovered(file: FileState): void {
    const failure = file.failure!
    file.failure = undefined
    const message = `sink "${this.ctx.name}" writes ${file.path} again; ${failure.records} record(s) went to stderr while it failed (${failure.cause})`
    this.#tellFallback(message)
    // also into the file itself (a notice): whoever reads it learns that records are missing here
    this.#notice('info', message, { event: 'log_write_recovered', file: file.path, code: failure.cause, fallback_records: failure.records })
  }
}

export async function createSink(options: FileSinkWorkerOptions, ctx: SinkContext): Promise<Sink> {
  const sink = new FileSink(options, ctx)
  await sink.start()
  return sink
}
