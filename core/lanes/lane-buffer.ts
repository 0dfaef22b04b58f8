/**
 * A lane's queue on the main thread: lines are UTF-8 encoded as they arrive into shared-memory
 * groups (one per category, one for error copies), sealed into numbered batches, and bounded by
 * the overflow policy. Posting, acks and restarts are the delivery side's (sink-lane.ts).
 */
import type { OverflowPolicy } from '../sink-contract.js'
import type { BatchGroup } from '../sink-contract.js'

/** A batch group being filled: `buf[start, len)` holds `count` lines, each ending with '\n'. */
export interface GroupBuffer {
  category: string
  errorCopy: boolean
  replay: boolean
  buf: Buffer
  start: number
  len: number
  count: number
  /** lines appended but not yet encoded into `buf` (each ending with '\n'): encoded a few hundred at a time */
  pending: string
  pendingCount: number
}

export type Pending =
  /** minJ: the lowest journal index of a durable record in the batch, -1 when it holds none */
  | { seq: number; kind: 'batch'; groups: GroupBuffer[]; count: number; minJ: number; sentAt?: number }
  | { seq: number; kind: 'flush' | 'close' }
  | { seq: number; kind: 'command'; name: string; args: unknown }

export interface BufferLimits {
  maxRecords: number
  maxBytes: number
  queueMax: number
  overflow: OverflowPolicy
}

/** acknowledged group buffers kept for reuse; in-flight batches are at most a few */
const MAX_FREE_BUFFERS = 8
/** a batch is sealed at maxBytes, so a group rarely outgrows this; beyond it, a group doubles */
const SLACK_BYTES = 64 * 1024
const MAX_STANDARD_BYTES = 1024 * 1024 + SLACK_BYTES
/**
 * Lines are encoded into shared memory this many at a time (or sooner past PENDING_CHARS): one
 * call into the runtime and one flattening copy for all of them, instead of one per line — the
 * largest cost per record after serializing it. Few enough that they die young in the heap.
 */
const ENCODE_EVERY = 256
const PENDING_CHARS = 32 * 1024

export class LaneBuffer {
  /** batches and control messages not yet posted, in sequence order */
  sealed: Pending[] = []
  /** records accepted and not yet acknowledged (open, sealed or in flight) */
  queued = 0
  accepted = 0
  dropped = 0
  #seq = 0
  #open = new Map<string, GroupBuffer>()
  #openCount = 0
  #openBytes = 0
  /** the lowest journal index appended to the open batch; -1: none */
  openMinJ = -1
  /**
   * Every group starts at one standard size, so any acknowledged buffer fits the next group; pages
   * a group never writes are never touched, so a mostly empty group costs address space, not RSS.
   */
  readonly #groupBytes: number
  /**
   * Shared memory is freed only when both threads' garbage collectors let go of it, long after the
   * batch was written: without reuse, a busy lane held tens of MB of written batches.
   */
  #free: Buffer[] = []

  constructor(private readonly limits: BufferLimits) {
    this.#groupBytes = Math.min(limits.maxBytes + SLACK_BYTES, MAX_STANDARD_BYTES)
  }

  /** The last sequence number handed out (batches and control messages share one sequence). */
  get seq(): number {
    return this.#seq
  }

  get openCount(): number {
    return this.#openCount
  }

  get full(): boolean {
    return this.queued >= this.limits.queueMax
  }

  /**
   * Appends one line; true when the open batch reached maxRecords or maxBytes and should be sealed.
   * `jidx`: the line's index in the durable journal (-1: not journaled); `replay`: from a killed
   * process's journal (its own group, so the sink knows to deduplicate).
   */
  append(category: string, errorCopy: boolean, line: string, jidx = -1, replay = false): boolean {
    const key = replay ? (errorCopy ? '\0replay\0error' : `\0replay${category}`) : errorCopy ? '\0error' : category
    let group = this.#open.get(key)
    if (group === undefined) {
      group = { category, errorCopy, replay, buf: this.#take(0), start: 0, len: 0, count: 0, pending: '', pendingCount: 0 }
      this.#open.set(key, group)
    }
    group.pending += line + '\n'
    group.count++
    if (++group.pendingCount >= ENCODE_EVERY || group.pending.length >= PENDING_CHARS) this.#encode(group)
    if (jidx >= 0 && this.openMinJ < 0) this.openMinJ = jidx
    this.queued++
    this.accepted++
    // characters, not bytes (those are known once encoded): the batch limit bounds memory
    this.#openBytes += line.length + 1
    return ++this.#openCount >= this.limits.maxRecords || this.#openBytes >= this.limits.maxBytes
  }

  /** The group's pending lines into its buffer, which grows if they do not fit. */
  #encode(group: GroupBuffer): void {
    const text = group.pending
    if (text === '') return
    // a UTF-16 unit is at most 3 bytes; the exact count only when the cheap bound does not fit
    const room = group.buf.length - group.len
    const need = text.length * 3 <= room ? 0 : Buffer.byteLength(text)
    if (need > room) {
      const bigger = this.#take(Math.max(group.buf.length * 2, group.len + need))
      group.buf.copy(bigger, 0, 0, group.len)
      this.#give(group.buf)
      group.buf = bigger
    }
    group.len += group.buf.write(text, group.len)
    group.pending = ''
    group.pendingCount = 0
  }

  seal(): void {
    if (this.#openCount === 0) return
    const groups = [...this.#open.values()]
    for (const g of groups) this.#encode(g)
    this.sealed.push({ seq: ++this.#seq, kind: 'batch', groups, count: this.#openCount, minJ: this.openMinJ })
    this.openMinJ = -1
    this.#open = new Map()
    this.#openCount = 0
    this.#openBytes = 0
  }

  /**
   * The worker acknowledged these groups: it is done with their memory (the sink contract: a
   * batch's data is valid until its write resolves), so the next batches reuse it.
   */
  recycle(groups: GroupBuffer[]): void {
    for (const g of groups) this.#give(g.buf)
  }

  #take(need: number): Buffer {
    if (need <= this.#groupBytes) return this.#free.pop() ?? Buffer.from(new SharedArrayBuffer(this.#groupBytes))
    return Buffer.from(new SharedArrayBuffer(need))
  }

  #give(buf: Buffer): void {
    if (buf.length === this.#groupBytes && this.#free.length < MAX_FREE_BUFFERS) this.#free.push(buf)
  }

  /** Seals what is open, then queues a control message after it; returns its sequence number. */
  control(p: { kind: 'flush' | 'close' } | { kind: 'command'; name: string; args: unknown }): number {
    this.seal()
    const seq = ++this.#seq
    this.sealed.push({ ...p, seq } as Pending)
    return seq
  }

  /**
   * The overflow policy, when the queue is full: true if the line may be appended. `block` is the
   * delivery side's (it waits for acks); here a dropped line is counted.
   */
  makeRoom(block: () => boolean): boolean {
    switch (this.limits.overflow) {
      case 'drop-newest':
        this.dropped++
        return false
      case 'drop-oldest':
        if (this.#dropOldestRecord()) return true
        this.dropped++
        return false
      case 'block':
        if (block()) return true
        this.dropped++
        return false
    }
  }

  /** Drops the oldest record not yet handed to the worker (what is in flight cannot be taken back). */
  #dropOldestRecord(): boolean {
    const batch = this.sealed.find((p): p is Extract<Pending, { kind: 'batch' }> => p.kind === 'batch' && p.count > 0)
    const groups = batch ? batch.groups : [...this.#open.values()]
    const group = groups.find((g) => g.count > 0)
    if (!group) return false
    this.#encode(group)
    const end = group.buf.indexOf(10, group.start)
    group.start = end + 1
    group.count--
    if (batch) {
      batch.count--
      if (batch.count === 0) this.sealed.splice(this.sealed.indexOf(batch), 1)
    } else {
      this.#openCount--
    }
    this.queued--
    this.dropped++
    return true
  }
}

/** What crosses to the worker: shared memory without a copy; it stays here for a resend if the owner dies. */
export function toBatchGroups(groups: GroupBuffer[]): BatchGroup[] {
  return groups
    .filter((g) => g.count > 0)
    .map((g) => ({
      category: g.category,
      errorCopy: g.errorCopy,
      ...(g.replay ? { replay: true } : {}),
      data: new Uint8Array(g.buf.buffer, g.start, g.len - g.start),
      count: g.count,
    }))
}

export function groupsToLines(groups: GroupBuffer[]): string[] {
  return groups.flatMap((g) => {
    const lines = g.buf.toString('utf8', g.start, g.len).split('\n')
    if (lines[lines.length - 1] === '') lines.pop()
    return lines
  })
}
