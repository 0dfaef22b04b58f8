/**
 * One category's hash chain as the writer keeps it: the running SHA-256 of the bytes since the last
 * seal (whole lines only; a line still without its newline waits in `carry`), one locator per line,
 * and where the next seal starts (segment, line). Pure bookkeeping, no I/O.
 */
import { createHash } from 'node:crypto'
import type { Hash } from 'node:crypto'
import { DIGEST_TAG, FNV_OFFSET, fnv1a, lineTime } from '../../lib/seal/index.js'

const HEAD_BYTES = 200

export class Chain {
  seq = 0
  prev: Buffer = Buffer.alloc(0)
  seg = 0
  line = 0
  /** the oldest record time (ms) of lines written since the last seal that were logged earlier (a crash's tail, a replay) */
  oldest = Infinity
  #hash: Hash
  /** one locator per line since the last seal; grown by doubling (no per-line allocation) */
  #loc = new Uint32Array(1024)
  #n = 0
  #fnv = FNV_OFFSET
  #carry: Uint8Array[] = []
  /** the start of the range's first bytes (latin1), for its first record's time: one read per seal, not per line */
  #head: string | undefined

  constructor(readonly category: string) {
    this.#hash = createHash('sha256').update(DIGEST_TAG).update(this.prev)
  }

  /** lines appended since the last seal */
  get pending(): number {
    return this.#n
  }

  feed(data: Uint8Array): void {
    // Buffer's indexOf is memchr; a plain Uint8Array's is a JS-level scan, several times slower
    const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength)
    if (this.#head === undefined && this.#n === 0 && this.#carry.length === 0) this.#head = bytes.toString('latin1', 0, Math.min(HEAD_BYTES, bytes.byteLength))
    let start = 0
    let h = this.#fnv
    for (let nl = bytes.indexOf(0x0a); nl !== -1; nl = bytes.indexOf(0x0a, nl + 1)) {
      if (this.#n === this.#loc.length) {
        const grown = new Uint32Array(this.#loc.length * 2)
        grown.set(this.#loc)
        this.#loc = grown
      }
      this.#loc[this.#n++] = fnv1a(bytes, start, nl, h)
      h = FNV_OFFSET
      start = nl + 1
    }
    if (start > 0) {
      for (const c of this.#carry) this.#hash.update(c)
      this.#carry.length = 0
      this.#hash.update(bytes.subarray(0, start))
    }
    if (start < bytes.byteLength) {
      // the caller reuses its buffer (a lane's shared memory): keep a copy
      this.#carry.push(bytes.slice(start))
      h = fnv1a(bytes, start, bytes.byteLength, h)
    }
    this.#fnv = h
  }

  /** The time of the range's first record (ms), when its line starts with one; records come in time order */
  firstTime(): number | undefined {
    return this.#head === undefined ? undefined : lineTime(this.#head)
  }

  /** Ends the range: its digest and locators; the chain then continues from `mac`. */
  take(): { digest: Buffer; loc: Buffer; n: number } {
    const n = this.#n
    const loc = Buffer.allocUnsafe(n * 4)
    for (let i = 0; i < n; i++) loc.writeUInt32BE(this.#loc[i]!, i * 4)
    this.#n = 0
    return { digest: this.#hash.digest(), loc, n }
  }

  /** Continues after `last`, a seal an earlier run wrote. */
  resume(last: { seq: number; mac: string; seg: number; line: number; n: number; rot?: string }): void {
    this.advance(Buffer.from(last.mac, 'base64'), last.n, last.rot !== undefined)
    this.seq = last.seq + 1
    this.seg = last.rot !== undefined ? last.seg + 1 : last.seg
    this.line = last.rot !== undefined ? 0 : last.line + last.n
  }

  /** Starts where a prune checkpoint says the kept chain starts (no seal left after it). */
  startAt(at: { seq: number; prev: string; seg: number; line: number }): void {
    this.seq = at.seq
    this.prev = Buffer.from(at.prev, 'base64')
    this.seg = at.seg
    this.line = at.line
    this.#hash = createHash('sha256').update(DIGEST_TAG).update(this.prev)
  }

  /** After a seal: the next range is chained to it. `rotated`: a new file starts at line 0. */
  advance(mac: Buffer, n: number, rotated: boolean): void {
    this.seq++
    this.prev = mac
    this.oldest = Infinity
    this.#head = undefined
    if (rotated) {
      this.seg++
      this.line = 0
      // a torn line left in the renamed file stays there, unsealed; the new file starts clean
      this.#carry.length = 0
      this.#fnv = FNV_OFFSET
    } else {
      this.line += n
    }
    this.#hash = createHash('sha256').update(DIGEST_TAG).update(mac)
  }
}
