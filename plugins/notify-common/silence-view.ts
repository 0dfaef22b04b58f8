/**
 * A notifier worker's view of the daemon's silences (`.logwarden/silences.json`): read at start,
 * again when the daemon says it changed (the `silences` command), and whenever the file changed
 * (checked at most every CHECK_MS, when records arrive), so a silence holds even if the command
 * was lost. A damaged file keeps the last good list.
 */
import { stat } from 'node:fs/promises'
import { readSilences, silencing, type AlertView, type Silence } from '../../lib/silences/index.js'

const CHECK_MS = 500

export class SilenceView {
  #list: Silence[] = []
  #checkedAt = -Infinity
  #stamp = ''
  #failing = false

  constructor(
    private readonly file: string | undefined,
    private readonly onError: (err: unknown) => void,
  ) {}

  async refresh(force = false): Promise<void> {
    if (!this.file) return
    const now = Date.now()
    if (!force && now - this.#checkedAt < CHECK_MS) return
    this.#checkedAt = now
    try {
      const s = await stat(this.file).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return undefined
        throw err
      })
      // the daemon replaces the file (rename): a new inode each time
      const stamp = s ? `${s.ino}:${s.mtimeMs}:${s.size}` : 'none'
      if (stamp === this.#stamp && !force) return
      this.#list = s ? await readSilences(this.file) : []
      this.#stamp = stamp
      this.#failing = false
    } catch (err) {
      if (!this.#failing) this.onError(err)
      this.#failing = true
    }
  }

  match(alert: AlertView, now: number): Silence | undefined {
    return this.#list.length ? silencing(this.#list, alert, now) : undefined
  }
}
