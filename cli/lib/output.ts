/**
 * stdout for commands that print many records: writes are batched (one syscall per ~64 KB, not
 * per record), wait when the reader is slower, and a closed pipe (`| head -1`: EPIPE) is noticed
 * at once, so the command stops reading instead of scanning on for nobody.
 */
import type { Writable } from 'node:stream'

const BATCH = 64 * 1024

export class RecordOutput {
  #buffer = ''
  #closed = false
  readonly #interactive: boolean

  constructor(private readonly stream: Writable & { isTTY?: boolean } = process.stdout) {
    this.#interactive = stream.isTTY === true
    stream.on('error', () => {
      // EPIPE and the like: nobody reads any more
      this.#closed = true
    })
    stream.on('close', () => (this.#closed = true))
  }

  /** true once the reader has gone: stop producing */
  get closed(): boolean {
    return this.#closed
  }

  /** Adds a line; resolves at once unless a batch went out and the reader is behind. */
  async line(text: string): Promise<void> {
    if (this.#closed) return
    this.#buffer += `${text}\n`
    // a terminal shows each record as it is found
    if (this.#interactive || this.#buffer.length >= BATCH) await this.flush()
  }

  async flush(): Promise<void> {
    if (this.#closed || this.#buffer === '') return
    const text = this.#buffer
    this.#buffer = ''
    if (this.stream.write(text)) return
    await new Promise<void>((resolve) => {
      const done = () => {
        this.stream.off('drain', done)
        this.stream.off('error', done)
        this.stream.off('close', done)
        resolve()
      }
      this.stream.once('drain', done)
      this.stream.once('error', done)
      this.stream.once('close', done)
    })
  }
}
