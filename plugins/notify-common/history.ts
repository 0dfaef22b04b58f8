/**
 * The alert history: one NDJSON line per outcome (sent, failed, retried, rate-limited, silenced,
 * dropped, rejected), appended in the spool directory and read back by `logwarden alerts`.
 * Bounded: `history.ndjson` is renamed to `history.1.ndjson` (replacing it) once it holds half of
 * maxBytes, so the two files never hold more than maxBytes. Without a spool directory the
 * history is kept in memory (the newest MEMORY_ENTRIES). Errors are scrubbed before they come here.
 */
import { appendFile, readFile, rename, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { HISTORY_FILE, HISTORY_OLD_FILE, parseHistory, selectHistory, type AlertHistoryEntry, type AlertHistoryQuery } from '../../lib/control-api/index.js'

const MEMORY_ENTRIES = 1000
/** a line is at most a few hundred bytes (titles and errors are cut): a file holds several */
const MIN_FILE_BYTES = 4096

export class AlertHistory {
  readonly #file: string | undefined
  readonly #old: string | undefined
  readonly #perFile: number
  #size = -1
  #pending: string[] = []
  #writing: Promise<void> = Promise.resolve()
  readonly #memory: AlertHistoryEntry[] = []
  #failed = false

  constructor(
    dir: string | undefined,
    maxBytes: number,
    private readonly onError: (err: unknown) => void,
  ) {
    this.#file = dir === undefined ? undefined : join(dir, HISTORY_FILE)
    this.#old = dir === undefined ? undefined : join(dir, HISTORY_OLD_FILE)
    this.#perFile = Math.max(MIN_FILE_BYTES, Math.floor(maxBytes / 2))
  }

  append(entry: AlertHistoryEntry): void {
    if (!this.#file) {
      this.#memory.push(entry)
      if (this.#memory.length > MEMORY_ENTRIES) this.#memory.shift()
      return
    }
    this.#pending.push(`${JSON.stringify(entry)}\n`)
    // one write at a time, each taking every line queued meanwhile
    if (this.#pending.length === 1) this.#writing = this.#writing.then(() => this.#drain())
  }

  /** Resolves once every appended entry is in the file. */
  settled(): Promise<void> {
    return this.#writing
  }

  async #drain(): Promise<void> {
    const lines = this.#pending.splice(0)
    if (!lines.length) return
    try {
      if (this.#size < 0)
        this.#size = await stat(this.#file!).then(
          (s) => s.size,
          () => 0,
        )
      // line by line against the bound, written in as few appends as the bound allows
      let chunk = ''
      let chunkBytes = 0
      for (const line of lines) {
        const bytes = Buffer.byteLength(line)
        if (this.#size + chunkBytes > 0 && this.#size + chunkBytes + bytes > this.#perFile) {
          if (chunk) await appendFile(this.#file!, chunk, { mode: 0o600 })
          await rename(this.#file!, this.#old!)
          this.#size = 0
          chunk = ''
          chunkBytes = 0
        }
        chunk += line
        chunkBytes += bytes
      }
      await appendFile(this.#file!, chunk, { mode: 0o600 })
      this.#size += chunkBytes
      this.#failed = false
    } catch (err) {
      this.#size = -1
      // reported once per failing spell: the history is a convenience, delivery goes on
      if (!this.#failed) this.onError(err)
      this.#failed = true
    }
  }

  /** Entries newest first, filtered. */
  async read(q: AlertHistoryQuery): Promise<AlertHistoryEntry[]> {
    if (!this.#file) return selectHistory(this.#memory, q)
    await this.#writing
    const texts = await Promise.all([this.#old!, this.#file].map((f) => readFile(f, 'utf8').catch(() => '')))
    return selectHistory(parseHistory(texts), q)
  }
}

export { HISTORY_FILE, HISTORY_OLD_FILE }
