/**
 * A progress line on stderr while a query scans: bytes read of the total, the rate, an ETA and
 * the matches so far, redrawn in place on a terminal; two plain lines (start, end) otherwise, so
 * a log of the run still says what was scanned.
 */
import { formatSize } from '../../lib/util/index.js'

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']

export class Progress {
  readonly #tty = process.stderr.isTTY === true
  readonly #started = Date.now()
  #count = 0
  #bytes = 0
  #frame = 0
  #timer: NodeJS.Timeout | undefined

  constructor(
    private readonly label: string,
    /** bytes to read in all, when known (file sizes on disk) */
    private readonly totalBytes?: number,
  ) {
    if (this.#tty) {
      this.#timer = setInterval(() => this.#draw(), 200)
      this.#timer.unref()
      this.#draw()
    } else {
      process.stderr.write(`${label}…\n`)
    }
  }

  update(count: number): void {
    this.#count = count
  }

  addBytes(bytes: number): void {
    this.#bytes += bytes
  }

  /** `412 MB / 1.2 GB, 95 MB/s, ETA 9 s` — the ETA from the rate so far. */
  text(): string {
    const seconds = (Date.now() - this.#started) / 1000
    const rate = seconds > 0.2 ? this.#bytes / seconds : 0
    let out = formatSize(this.#bytes)
    if (this.totalBytes) out += ` / ${formatSize(this.totalBytes)}`
    if (rate > 0) out += `, ${formatSize(Math.round(rate))}/s`
    if (this.totalBytes && rate > 0) out += `, ETA ${Math.max(0, Math.ceil((this.totalBytes - this.#bytes) / rate))} s`
    return `${out} — ${this.#count} match(es)`
  }

  #draw(): void {
    this.#frame = (this.#frame + 1) % FRAMES.length
    process.stderr.write(`\r\x1b[2K${FRAMES[this.#frame]} ${this.label}: ${this.text()}`)
  }

  done(count: number): void {
    clearInterval(this.#timer)
    this.#count = count
    if (this.#tty) process.stderr.write('\r\x1b[2K')
    else process.stderr.write(`scanned: ${this.text()}\n`)
  }
}
