/**
 * The write-ahead journal of durable categories. A durable record is appended with writeSync on
 * the caller's thread before the log call returns: once there, the kernel has it, and a SIGKILL
 * at any later instant cannot lose it. The lanes' acknowledgements move per-lane watermarks,
 * persisted asynchronously (a small file, rewritten at most every WATERMARK_MS); a segment is
 * deleted once every lane has confirmed all its records. `sync()` is the fdatasync group commit:
 * callers that arrive while one fdatasync runs share the next one; in fsync mode every append
 * asks for one, so durable records reach stable storage whether or not anyone awaits it.
 */
import { closeSync, fdatasync, fdatasyncSync, mkdirSync, openSync, renameSync, rmSync, rmdirSync, writeFileSync, writeSync } from 'node:fs'
import { rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Errors, describeError, type LwError } from '../errors.js'
import type { LogRecord } from '../record.js'
import { ACKS_SUFFIX, activeJournals, newJournalId, segmentName } from './files.js'

/** What the journal asks of a lane: the lowest journal index it has not confirmed (Infinity: none). */
export interface WatermarkSource {
  readonly name: string
  durableLow(): number
}

export interface JournalStats {
  dir: string
  /** records appended by this runtime */
  appended: number
  /** fdatasync calls (group commit: far fewer than awaited records) */
  syncs: number
  segments: number
  failed: number
}

const SEGMENT_BYTES = 16 * 1024 * 1024
const WATERMARK_MS = 100
const REPORT_EVERY_MS = 60_000

function errCode(err: unknown): string {
  return (err as NodeJS.ErrnoException)?.code ?? describeError(err)
}

export class Journal {
  readonly id = newJournalId()
  #fd = -1
  #next = 0
  #segBytes = 0
  #segments: Array<{ first: number; name: string }> = []
  /** the last journal index handed to the router: a lane with nothing pending has confirmed up to here */
  #routed = -1
  #stats = { appended: 0, syncs: 0, failed: 0 }
  #reportedAt = -Infinity
  #syncing: Promise<void> | undefined
  #queued: { promise: Promise<void>; resolve(): void; reject(e: unknown): void } | undefined
  /** fds of finished segments that an fdatasync in flight may still use */
  #retired: number[] = []
  #timer: NodeJS.Timeout | undefined
  #persisting = false
  #persisted = ''
  #closed = false

  constructor(
    readonly dir: string,
    private readonly fsyncMode: boolean,
    private readonly report: (err: LwError) => void,
  ) {
    activeJournals.add(this.id)
  }

  /** Hot path for durable records: returns the record's journal index, or -1 when it could not be written. */
  append(line: string, record: LogRecord): number {
    if (this.#closed) return -1
    const text = `${record.level}\t${record.category}\t${record.origin ?? ''}\t${line}\n`
    try {
      if (this.#fd < 0 || this.#segBytes >= SEGMENT_BYTES) this.#openSegment()
      const n = writeSync(this.#fd, text)
      // a regular file takes all of it, but a full disk may take part: the rest, or an error
      if (n !== text.length) this.#writeRest(text, n)
      this.#segBytes += n
    } catch (err) {
      this.#failed(err)
      return -1
    }
    this.#stats.appended++
    // fsync mode: every durable record reaches stable storage by the group commit, awaited or not
    if (this.fsyncMode && this.#queued === undefined) this.sync().catch(() => undefined)
    return this.#next++
  }

  routed(jidx: number): void {
    this.#routed = jidx
  }

  #writeRest(text: string, written: number): void {
    const buf = Buffer.from(text)
    let at = written
    while (at < buf.length) at += writeSync(this.#fd, buf, at, buf.length - at)
    this.#segBytes += at - written
  }

  #openSegment(): void {
    if (this.#fd >= 0) {
      // what an awaited fdatasync covers must include the segment being left
      if (this.fsyncMode || this.#queued !== undefined) fdatasyncSync(this.#fd)
      if (this.#syncing) this.#retired.push(this.#fd)
      else closeSync(this.#fd)
      this.#fd = -1
    }
    // once per segment: the directory may have been removed since the last one
    mkdirSync(this.dir, { recursive: true, mode: 0o700 })
    const name = segmentName(this.id, this.#next)
    this.#fd = openSync(join(this.dir, name), 'a', 0o600)
    this.#segments.push({ first: this.#next, name })
    this.#segBytes = 0
  }

  #failed(err: unknown): void {
    this.#stats.failed++
    const now = Date.now()
    if (now - this.#reportedAt < REPORT_EVERY_MS) return
    this.#reportedAt = now
    this.report(Errors.JOURNAL_FAILED(this.dir, errCode(err)))
  }

  /**
   * Resolves once everything appended before the call is on stable storage (fdatasync). Group
   * commit: the callers of one turn of the event loop, and those arriving while an fdatasync runs,
   * share the next one (it starts on the next turn, or when the one running ends).
   */
  sync(): Promise<void> {
    if (this.#fd < 0) return Promise.resolve()
    if (this.#queued === undefined) {
      let resolve!: () => void
      let reject!: (e: unknown) => void
      const promise = new Promise<void>((res, rej) => {
        resolve = res
        reject = rej
      })
      this.#queued = { promise, resolve, reject }
      if (this.#syncing === undefined) setImmediate(this.#startQueued)
    }
    return this.#queued.promise
  }

  #startQueued = (): void => {
    const queued = this.#queued
    this.#queued = undefined
    if (queued === undefined) return
    if (this.#fd < 0) {
      // closed meanwhile: closeSync fdatasync'd the last segment (fsync mode) or the caller asked in write mode
      queued.resolve()
      return
    }
    const fd = this.#fd
    this.#stats.syncs++
    const done = new Promise<void>((resolve, reject) => {
      fdatasync(fd, (err) => {
        if (!err) return resolve()
        this.#failed(err)
        reject(Errors.JOURNAL_FAILED.withCause(err, this.dir, `fdatasync: ${errCode(err)}`))
      })
    })
    done.then(queued.resolve, queued.reject)
    this.#syncing = done.then(
      () => this.#afterSync(),
      () => this.#afterSync(),
    )
  }

  #afterSync(): void {
    this.#syncing = undefined
    for (const fd of this.#retired.splice(0)) closeSync(fd)
    // the callers just resolved append and ask again within this turn: let them join
    if (this.#queued !== undefined) setImmediate(this.#startQueued)
  }

  /** Starts the watermark timer over the runtime's lanes. */
  watch(lanes: () => readonly WatermarkSource[]): void {
    this.#timer = setInterval(() => this.#tick(lanes()), WATERMARK_MS).unref()
  }

  #watermarks(lanes: readonly WatermarkSource[]): Record<string, number> {
    const marks: Record<string, number> = {}
    for (const lane of lanes) {
      const low = lane.durableLow()
      marks[lane.name] = low === Infinity ? this.#routed : low - 1
    }
    return marks
  }

  #tick(lanes: readonly WatermarkSource[]): void {
    if (this.#segments.length === 0 || this.#persisting || this.#closed) return
    const marks = this.#watermarks(lanes)
    const text = JSON.stringify({ lanes: marks })
    this.#trim(Math.min(...Object.values(marks)), false)
    if (text === this.#persisted) return
    this.#persisting = true
    const path = join(this.dir, this.id + ACKS_SUFFIX)
    const tmp = `${path}.tmp`
    writeFile(tmp, text, { mode: 0o600 })
      // closeSync may have removed the journal meanwhile: a late watermark must not outlive it
      .then(() => (this.#closed ? rm(tmp, { force: true }) : rename(tmp, path)))
      .then(() => {
        this.#persisted = text
      })
      .catch((err: unknown) => this.#failed(err))
      .finally(() => {
        this.#persisting = false
      })
  }

  /** Deletes the segments whose records every lane confirmed; the open one only when `all`. */
  #trim(confirmed: number, all: boolean): void {
    while (this.#segments.length > (all ? 0 : 1)) {
      const seg = this.#segments[0]!
      const end = this.#segments[1]?.first ?? this.#next
      if (end - 1 > confirmed) return
      this.#segments.shift()
      rmSync(join(this.dir, seg.name), { force: true })
    }
  }

  /**
   * The runtime is closing or the process exiting (synchronous): when every lane confirmed every
   * record, the journal is removed; otherwise its watermarks are written and its files kept for the
   * next start's replay. `lanes` undefined: keep everything (a runtime that never started).
   */
  closeSync(lanes: readonly WatermarkSource[] | undefined): void {
    if (this.#closed) return
    this.#closed = true
    clearInterval(this.#timer)
    if (this.#fd >= 0) {
      try {
        // a log.sync() still waiting resolves once closed: it must find the records on disk
        if (this.fsyncMode || this.#queued !== undefined) fdatasyncSync(this.#fd)
      } catch {
        // the records were written; only their stable storage is in doubt
      }
      if (this.#syncing) this.#retired.push(this.#fd)
      else closeSync(this.#fd)
      this.#fd = -1
    }
    activeJournals.delete(this.id)
    if (this.#segments.length === 0) return
    try {
      const path = join(this.dir, this.id + ACKS_SUFFIX)
      if (lanes !== undefined) {
        const marks = this.#watermarks(lanes)
        const confirmed = Math.min(...Object.values(marks))
        if (confirmed >= this.#next - 1) {
          this.#trim(confirmed, true)
          rmSync(path, { force: true })
          this.#removeDirIfEmpty()
          return
        }
        this.#trim(confirmed, false)
        writeFileSync(`${path}.tmp`, JSON.stringify({ lanes: marks }), { mode: 0o600 })
        renameSync(`${path}.tmp`, path)
      }
    } catch (err) {
      this.#failed(err)
    }
  }

  /** A clean close leaves the log directory as it found it; another journal's files keep it. */
  #removeDirIfEmpty(): void {
    try {
      rmdirSync(this.dir)
    } catch {
      // not empty (another logger's journal, a replay's claim), or already gone
    }
  }

  stats(): JournalStats {
    return { dir: this.dir, ...this.#stats, segments: this.#segments.length }
  }
}
