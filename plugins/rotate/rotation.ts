/**
 * The rotation module sink-file's worker loads (see plugins/sink-file/rotation-seam.ts).
 * On the write path: one size comparison and, with `interval`, one clock comparison per group.
 * Rotation itself is close → rename → (next write creates the file), synchronous and atomic with
 * respect to the batches. Compression and retention run in one background queue, one job at a
 * time, with async zlib and fs calls, so the sink keeps writing meanwhile.
 */
import { copyFile, mkdir, rename, stat, statfs, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { SinkContext } from '../../core/sink-contract.js'
import { activeFileName, rotatedFileName, rotationStamp } from '../../lib/log-layout/index.js'
import type { ActiveFile, Rotation, RotationHost } from '../sink-file/index.js'
import { gzipFile } from './compress.js'
import { normalizeOptions, policyFor } from './options.js'
import type { NormalizedRotateOptions, RotateOptions, RotationPolicy } from './options.js'
import { planRetention, scanDir } from './retention.js'
import type { DirScan, RetentionPlanItem } from './retention.js'
import { Backoff, withRetry } from './retry.js'
import type { RetryOptions } from './retry.js'
import { nextBoundary } from './schedule.js'

/** How often idle files are checked for a passed time boundary. */
const TICK_MS = 30_000
/** How often retention runs when nothing rotates (maxAge must expire files of a quiet logger too). */
const RETENTION_EVERY_MS = 3_600_000
const REPORT_EVERY_MS = 60_000

interface CategoryState {
  /** inode of the active file periodEnd was computed for */
  ino: number
  periodEnd: number | undefined
  /** when the current active file was started by a rotation (its first write follows at once) */
  startedAt: number | undefined
  last: { stamp: string; seq: number } | undefined
  backoff: Backoff
  reportedAt: number
}

type Reason = 'size' | 'time' | 'manual'

function errCode(err: unknown): string {
  return (err as NodeJS.ErrnoException)?.code ?? (err instanceof Error ? err.name : String(err))
}

async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to)
  } catch (err) {
    if (errCode(err) !== 'EXDEV') throw err
    await copyFile(from, to) // archiveDir on another volume
    await unlink(from)
  }
}

export class FileRotation implements Rotation {
  readonly #opts: NormalizedRotateOptions
  readonly #host: RotationHost
  readonly #ctx: SinkContext
  readonly #state = new Map<string, CategoryState>()
  readonly #policies = new Map<string, RotationPolicy>()
  readonly #abort = new AbortController()
  #tail: Promise<void> = Promise.resolve()
  #retentionQueued = false
  #lastRetention = 0
  #timer: NodeJS.Timeout | undefined
  #closed = false

  constructor(options: NormalizedRotateOptions & { tickMs?: number }, host: RotationHost) {
    this.#opts = options
    this.#host = host
    this.#ctx = host.ctx
    host.ctx.signal.addEventListener('abort', () => this.#abort.abort(), { once: true })
  }

  async start(): Promise<void> {
    const scan = await scanDir(this.#host.dir)
    for (const e of scan.rotated) this.#stateOf(e.category).last = { stamp: rotationStamp(e.time), seq: e.seq } // oldest first: the newest wins
    this.#enqueue(() => this.#recover(scan))
    const tickMs = (this.#opts as { tickMs?: number }).tickMs ?? TICK_MS
    this.#timer = setInterval(() => this.#tick(), tickMs)
    this.#timer.unref()
  }

  beforeWrite(file: ActiveFile, bytes: number): void {
    const p = this.#policy(file.category)
    if (p.maxSize === 0 && !p.interval) return
    const st = this.#stateOf(file.category)
    const now = this.#host.now()
    let reason: Reason | undefined
    if (p.interval) {
      if (st.ino !== file.ino || st.periodEnd === undefined) {
        // a file we started belongs to the period of its rotation; one found with lines in it, to
        // the period it was last written in (it may be from before a restart)
        st.ino = file.ino
        st.periodEnd = nextBoundary(st.startedAt ?? (file.size > 0 ? file.openedMtimeMs : now), p.interval, p.timezone)
        st.startedAt = undefined
      }
      if (file.size > 0 && now >= st.periodEnd) reason = 'time'
    }
    if (!reason && p.maxSize > 0 && file.size > 0 && file.size + bytes > p.maxSize) reason = 'size'
    if (!reason || !st.backoff.ready(now)) return
    this.#rotate(file.category, reason === 'time' ? st.periodEnd! : now, reason, now)
  }

  rotateNow(category?: string): void {
    const now = this.#host.now()
    for (const file of this.#host.activeFiles()) {
      if (file.size > 0 && (category === undefined || file.category === category)) this.#rotate(file.category, now, 'manual', now)
    }
  }

  async idle(): Promise<void> {
    let tail: Promise<void>
    do {
      tail = this.#tail
      await tail
    } while (tail !== this.#tail)
  }

  async close(): Promise<void> {
    this.#closed = true
    clearInterval(this.#timer)
    this.#abort.abort() // an interrupted compression leaves X.log, redone at the next start
    await this.idle()
  }

  #policy(category: string): RotationPolicy {
    let p = this.#policies.get(category)
    if (!p) {
      p = policyFor(this.#opts, category)
      this.#policies.set(category, p)
    }
    return p
  }

  #stateOf(category: string): CategoryState {
    let st = this.#state.get(category)
    if (!st) {
      st = { ino: -1, periodEnd: undefined, startedAt: undefined, last: undefined, backoff: new Backoff(), reportedAt: 0 }
      this.#state.set(category, st)
    }
    return st
  }

  #rotate(category: string, stampTime: number, reason: Reason, now: number): void {
    const st = this.#stateOf(category)
    let stamp = rotationStamp(stampTime)
    if (st.last && stamp < st.last.stamp) stamp = st.last.stamp // the clock went back: keep names in order
    const seq = st.last?.stamp === stamp ? st.last.seq + 1 : 1
    const name = rotatedFileName(category, stamp, seq)
    try {
      this.#host.rotateActive(category, name)
    } catch (err) {
      const code = errCode(err)
      if (code === 'ENOENT') {
        st.ino = -1 // the active file is gone (deleted by hand): nothing to rotate
        return
      }
      const delay = st.backoff.fail(now)
      this.#ctx.count('rotate_retry')
      if (st.backoff.failures === 1 || now - st.reportedAt >= REPORT_EVERY_MS) {
        st.reportedAt = now
        this.#host.notice(
          'warn',
          `rotate: cannot rename ${activeFileName(category)} to ${name} (${code}); writing on to the active file, next try in ${delay}ms`,
          { event: 'log_rotation_failed', file: activeFileName(category), target: name, code, attempts: st.backoff.failures },
        )
      }
      return
    }
    if (st.backoff.failures > 0) {
      this.#host.notice('info', `rotate: rotated ${activeFileName(category)} after ${st.backoff.failures} failed attempt(s)`, {
        event: 'log_rotation_recovered',
        file: name,
        attempts: st.backoff.failures,
      })
    }
    st.backoff.reset()
    st.last = { stamp, seq }
    st.ino = -1
    st.periodEnd = undefined
    st.startedAt = now
    this.#ctx.count('rotated')
    this.#host.notice('debug', `rotate: ${activeFileName(category)} rotated to ${name} (${reason})`, { event: 'log_file_rotated', file: name, reason })
    const p = this.#policy(category)
    if (p.compress === 'gzip') this.#enqueue(() => this.#compress(name, p.compressLevel))
    this.#queueRetention()
  }

  #tick(): void {
    if (this.#closed) return
    for (const file of this.#host.activeFiles()) {
      if (file.open && file.size > 0 && this.#policy(file.category).interval) this.beforeWrite(file, 0)
    }
    if (this.#host.now() - this.#lastRetention >= RETENTION_EVERY_MS) this.#queueRetention()
  }

  /** One background job at a time; a job never rejects the chain. */
  #enqueue(job: () => Promise<void>): void {
    if (this.#closed) return
    this.#tail = this.#tail.then(async () => {
      if (this.#abort.signal.aborted) return
      try {
        await job()
      } catch (err) {
        if (this.#abort.signal.aborted) return
        this.#ctx.count('rotate_error')
        this.#ctx.log('error', 'error', `rotate: background job failed in ${this.#host.dir}: ${errCode(err)} ${(err as Error)?.message ?? ''}`, {
          dir: this.#host.dir,
          code: errCode(err),
        })
      }
    })
  }

  #queueRetention(): void {
    if (this.#retentionQueued) return
    this.#retentionQueued = true
    this.#enqueue(async () => {
      this.#retentionQueued = false
      await this.#retention()
    })
  }

  #retry(what: string): RetryOptions {
    return {
      signal: this.#abort.signal,
      onRetry: (err, attempt, delayMs) => {
        this.#ctx.count('fs_retry')
        if (attempt === 1) {
          this.#host.notice('warn', `rotate: ${what} failed (${errCode(err)}); retrying with backoff`, { code: errCode(err), delay_ms: delayMs })
        }
      },
    }
  }

  /** After a crash or a restart: finish what the previous run left half done. */
  async #recover(scan: DirScan): Promise<void> {
    const dir = this.#host.dir
    for (const name of scan.partial) {
      await withRetry(() => unlink(join(dir, name)), this.#retry(`deleting ${name}`)).catch(ignoreMissing)
    }
    for (const entry of scan.rotated) {
      if (entry.names.length > 1) {
        // X.log.gz is complete (renamed only after fsync): the X.log beside it is the leftover
        await withRetry(() => unlink(join(dir, entry.names[0]!)), this.#retry(`deleting ${entry.names[0]}`)).catch(ignoreMissing)
        entry.names = entry.names.slice(1)
      } else if (entry.uncompressed) {
        const p = this.#policy(entry.category)
        if (p.compress === 'gzip') this.#enqueue(() => this.#compress(entry.names[0]!, p.compressLevel))
      }
    }
    this.#queueRetention()
  }

  async #compress(name: string, level: number): Promise<void> {
    const source = join(this.#host.dir, name)
    try {
      const { bytesIn, bytesOut } = await gzipFile(source, level, this.#host.fileMode, this.#retry(`compressing ${name}`))
      this.#ctx.count('compressed')
      this.#host.notice('debug', `rotate: compressed ${name}`, { event: 'log_file_compressed', file: `${name}.gz`, bytes_in: bytesIn, bytes_out: bytesOut })
    } catch (err) {
      if (errCode(err) === 'ENOENT') return // retention removed it first, or it was compressed already
      if (this.#abort.signal.aborted) return
      this.#ctx.count('compress_failed')
      this.#ctx.log('error', 'error', `rotate: could not compress ${name} (${errCode(err)}); it stays uncompressed and is retried at the next start`, {
        file: name,
        code: errCode(err),
      })
    }
  }

  async #retention(): Promise<void> {
    const dir = this.#host.dir
    this.#lastRetention = this.#host.now()
    const scan = await scanDir(dir, this.#opts.maxTotalSize > 0 || this.#opts.minFreeDisk > 0)
    let freeBytes: number | undefined
    if (this.#opts.minFreeDisk > 0) {
      const fs = await statfs(dir)
      freeBytes = fs.bavail * fs.bsize
    }
    const plan = planRetention(scan.rotated, {
      now: this.#host.now(),
      policy: (category) => this.#policy(category),
      maxTotalSize: this.#opts.maxTotalSize,
      activeBytes: scan.activeBytes,
      minFreeDisk: this.#opts.minFreeDisk,
      ...(freeBytes !== undefined ? { freeBytes } : {}),
      archiving: this.#opts.archiveDir !== undefined,
    })
    for (const item of plan) {
      if (this.#abort.signal.aborted) return
      await this.#remove(item)
    }
  }

  /** Every deletion or archival is written as a `system` record. */
  async #remove({ entry, reason }: RetentionPlanItem): Promise<void> {
    const dir = this.#host.dir
    // the free-space floor needs space freed, which a move to a folder on the same disk would not do
    const archiveDir = reason === 'minFreeDisk' ? undefined : this.#opts.archiveDir
    const action = archiveDir ? 'archived' : 'deleted'
    let bytes = entry.size
    try {
      if (bytes === 0) for (const name of entry.names) bytes += (await stat(join(dir, name)).catch(() => undefined))?.size ?? 0
      if (archiveDir) await mkdir(archiveDir, { recursive: true, mode: this.#host.dirMode })
      // before, not after: a crash between the two then leaves a file nothing refers to (deleted at
      // the next run), never seals of a file gone. Archived files keep their seals: still verifiable
      else this.#host.deleting?.(entry.category, entry.names)
      for (const name of entry.names) {
        const op = archiveDir ? () => moveFile(join(dir, name), join(archiveDir, name)) : () => unlink(join(dir, name))
        await withRetry(op, this.#retry(`${action === 'archived' ? 'archiving' : 'deleting'} ${name}`)).catch(ignoreMissing)
      }
    } catch (err) {
      if (this.#abort.signal.aborted) return
      this.#host.notice('warn', `rotate: could not remove ${entry.names.join(', ')} (${reason}): ${errCode(err)}; tried again at the next retention run`, {
        files: entry.names,
        reason,
        code: errCode(err),
      })
      return
    }
    this.#ctx.count(action)
    const file = entry.names[entry.names.length - 1]!
    this.#host.notice('info', `rotate: ${action} ${file} (${reason})`, {
      event: action === 'archived' ? 'log_file_archived' : 'log_file_deleted',
      action,
      file,
      dir,
      reason,
      bytes,
      rotated_at: new Date(entry.time).toISOString(),
      ...(archiveDir ? { archive_dir: archiveDir } : {}),
    })
  }
}

function ignoreMissing(err: unknown): void {
  if (errCode(err) !== 'ENOENT') throw err
}

export function createRotation(options: unknown, host: RotationHost): Rotation {
  const raw = options as RotateOptions & { tickMs?: number }
  const normalized = normalizeOptions(raw)
  return new FileRotation({ ...normalized, ...(raw.tickMs !== undefined ? { tickMs: raw.tickMs } : {}) }, host)
}
