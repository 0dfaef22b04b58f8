/**
 * A progress indicator on stderr: a spinner redrawn in place on a terminal, two plain lines
 * (start, end) otherwise, so a log of the run still says what was scanned.
 */
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']

export class Progress {
  readonly #tty = process.stderr.isTTY === true
  #count = 0
  #frame = 0
  #timer: NodeJS.Timeout | undefined

  constructor(private readonly label: string) {
    if (this.#tty) {
      this.#timer = setInterval(() => this.#draw(), 100)
      this.#timer.unref()
      this.#draw()
    } else {
      process.stderr.write(`${label}…\n`)
    }
  }

  update(count: number): void {
    this.#count = count
  }

  #draw(): void {
    this.#frame = (this.#frame + 1) % FRAMES.length
    process.stderr.write(`\r\x1b[2K${FRAMES[this.#frame]} ${this.label} — ${this.#count} match(es)`)
  }

  done(count: number): void {
    clearInterval(this.#timer)
    if (this.#tty) process.stderr.write('\r\x1b[2K')
    else process.stderr.write(`scanned: ${count} match(es)\n`)
  }
}
