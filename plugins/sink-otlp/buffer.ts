/**
 * The durable buffer between the host and the collector: records are appended to segment files
 * (fdatasync'd before write() resolves) and a cursor file says how far the collector has accepted.
 * A restart, or a kill at any point, resumes from the cursor: nothing accepted by this sink is lost,
 * and only a kill between the collector's answer and the cursor write can send one request again
 * (each record carries `log.record.uid` for a backend to drop that copy).
 * Without a directory the same queue lives in memory only.
 */
import { closeSync, fdatasync, fsyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, write, writeFileSync } from 'node:fs'
import { promisify } from 'node:util'
import { open, rename, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { isAlive } from '../../lib/util/index.js'

export interface Entry {
  /** the record's JSON */
  line: string
  /** epoch ms when this sink received it */
  observed: number
  seg: number
  /** byte offset in the segment just after this entry */
  end: number
  bytes: number
}

const writeAsync = promisify(write)
const fdatasyncAsync = promisify(fdatasync)

const SEGMENT_BYTES = 8 * 1024 * 1024
const SEG = /^seg-(\d{12})\.log$/

function segName(n: number): string {
  return `seg-${String(n).padStart(12, '0')}.log`
}

export class RecordBuffer {
  #entries: Entry[] = []
  #head = 0
  #bytes = 0
  #seg = 0
  #segSize = 0
  #fd: number | undefined
  #cursorWrites: Promise<void> = Promise.resolve()
  /** records appended / committed since start (flush waits on these) */
  appended = 0
  committed = 0

  private constructor(
    readonly dir: string | undefined,
    readonly maxBytes: number,
  ) {}

  /** In memory only (buffer.enabled false). */
  static memory(maxBytes: number): RecordBuffer {
    return new RecordBuffer(undefined, maxBytes)
  }

  /** Opens (or creates) the directory, claims it for this process and reloads what was not accepted. */
  static open(dir: string, maxBytes: number): RecordBuffer {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    const lock = join(dir, 'owner.pid')
    let owner = NaN
    try {
      owner = Number(readFileSync(lock, 'utf8').trim())
    } catch {
      // no owner yet
    }
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
      throw new Error(`in use by process ${owner}`)
    }
    writeFileSync(lock, String(process.pid), { mode: 0o600 })
    const b = new RecordBuffer(dir, maxBytes)
    b.#load()
    return b
  }

  get length(): number {
    return this.#entries.length - this.#head
  }

  get bytes(): number {
    return this.#bytes
  }

  /** the oldest waiting entry's receive time */
  get oldest(): number | undefined {
    return this.#entries[this.#head]?.observed
  }

  #load(): void {
    const dir = this.dir!
    let cursor = { seg: 0, offset: 0 }
    try {
      cursor = JSON.parse(readFileSync(join(dir, 'cursor.json'), 'utf8')) as typeof cursor
    } catch {
      // fresh buffer
    }
    const segs = readdirSync(dir)
      .map((n) => SEG.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b)
    for (const name of readdirSync(dir)) if (name.endsWith('.tmp')) rmSync(join(dir, name), { force: true })
    for (const seg of segs) {
      const path = join(dir, segName(seg))
      if (seg < cursor.seg) {
        rmSync(path, { force: true })
        continue
      }
      let text = readFileSync(path, 'utf8')
      // a kill mid-append leaves a torn last line: it was never acknowledged, so it goes
      const lastNl = text.lastIndexOf('\n')
      if (lastNl + 1 < text.length) {
        const keep = Buffer.byteLength(text.slice(0, lastNl + 1))
        const fd = openSync(path, 'r+')
        ftruncateSync(fd, keep)
        closeSync(fd)
        text = text.slice(0, lastNl + 1)
      }
      let offset = 0
      for (const raw of text.split('\n')) {
        if (raw === '') continue
        const size = Buffer.byteLength(raw) + 1
        offset += size
        if (seg === cursor.seg && offset <= cursor.offset) continue
        const tab = raw.indexOf('\t')
        const observed = Number(raw.slice(0, tab))
        this.#entries.push({ line: raw.slice(tab + 1), observed: Number.isFinite(observed) ? observed : Date.now(), seg, end: offset, bytes: size })
        this.#bytes += size
      }
      this.#seg = seg
      this.#segSize = offset
    }
    // reloaded records count as appended, so flush() waits for them as for new ones
    this.appended = this.#entries.length
    // appends go to a new segment: the loaded ones are only read and deleted
    this.#seg = Math.max(this.#seg, cursor.seg) + 1
    this.#segSize = 0
  }

  /**
   * Appends records durably (one write and one fdatasync, off the worker's event loop so exports go
   * on meanwhile); resolves with how many of the oldest were dropped to stay under maxBytes.
   */
  async append(lines: string[], observed: number): Promise<number> {
    if (lines.length === 0) return 0
    if (this.dir) {
      if (this.#fd === undefined || this.#segSize >= SEGMENT_BYTES) this.#roll()
      const buf = Buffer.from(lines.map((l) => `${observed}\t${l}\n`).join(''))
      const fd = this.#fd!
      let off = 0
      while (off < buf.length) off += (await writeAsync(fd, buf, off, buf.length - off)).bytesWritten
      await fdatasyncAsync(fd)
    }
    for (const l of lines) {
      const bytes = Buffer.byteLength(l) + String(observed).length + 2
      this.#segSize += bytes
      this.#entries.push({ line: l, observed, seg: this.#seg, end: this.#segSize, bytes })
      this.#bytes += bytes
    }
    this.appended += lines.length
    let dropped = 0
    while (this.#bytes > this.maxBytes && this.length > 1) {
      this.#bytes -= this.#entries[this.#head++].bytes
      dropped++
    }
    if (dropped) void this.#advance()
    return dropped
  }

  #roll(): void {
    if (this.#fd !== undefined) {
      closeSync(this.#fd)
      this.#seg++
    }
    this.#fd = openSync(join(this.dir!, segName(this.#seg)), 'a', 0o600)
    this.#segSize = statSync(join(this.dir!, segName(this.#seg))).size
    // the new file's directory entry must survive a power loss too
    const d = openSync(this.dir!, 'r')
    try {
      fsyncSync(d)
    } catch {
      // some filesystems refuse fsync on a directory
    } finally {
      closeSync(d)
    }
  }

  /** the next `n` entries, oldest first, without removing them */
  peek(n: number): Entry[] {
    return this.#entries.slice(this.#head, this.#head + n)
  }

  /** The first `n` entries are done (accepted, or rejected for good): move the cursor past them. */
  commit(n: number): Promise<void> {
    if (n <= 0) return this.#cursorWrites
    for (let i = 0; i < n; i++) this.#bytes -= this.#entries[this.#head + i].bytes
    this.#head += n
    this.committed += n
    return this.#advance()
  }

  #advance(): Promise<void> {
    const last = this.#entries[this.#head - 1]
    // compact now and then so the array does not grow without end
    if (this.#head > 4096 && this.#head * 2 > this.#entries.length) {
      this.#entries = this.#entries.slice(this.#head)
      this.#head = 0
    }
    if (!this.dir || !last) return this.#cursorWrites
    const cursor = { seg: last.seg, offset: last.end }
    const dir = this.dir
    const current = this.#seg
    this.#cursorWrites = this.#cursorWrites
      .then(async () => {
        const tmp = join(dir, `cursor.json.${process.pid}.tmp`)
        const h = await open(tmp, 'w', 0o600)
        try {
          await h.writeFile(JSON.stringify(cursor))
          await h.sync()
        } finally {
          await h.close()
        }
        await rename(tmp, join(dir, 'cursor.json'))
        // segments wholly behind the cursor are done
        for (const name of readdirSync(dir)) {
          const m = SEG.exec(name)
          if (m && Number(m[1]) < cursor.seg && Number(m[1]) !== current) await unlink(join(dir, name)).catch(() => undefined)
        }
      })
      .catch(() => undefined)
    return this.#cursorWrites
  }

  async close(): Promise<void> {
    await this.#cursorWrites
    if (this.#fd !== undefined) closeSync(this.#fd)
    this.#fd = undefined
    if (this.dir) {
      const lock = join(this.dir, 'owner.pid')
      try {
        if (Number(readFileSync(lock, 'utf8').trim()) === process.pid) rmSync(lock, { force: true })
      } catch {
        // already gone
      }
    }
  }
}
