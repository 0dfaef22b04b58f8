/**
 * Which alerts were delivered, beside the spool: one `channel<TAB>event id` line per delivery,
 * appended before the alert's spool file is deleted. It answers two questions after a SIGKILL:
 * a spooled alert whose delivery was confirmed just before the kill is not sent again, and a
 * record replayed from the host's durable journal (core/durable/) that was already delivered is
 * skipped. Bounded: the oldest ids are forgotten when the file is compacted at open.
 */
import { appendFileSync } from 'node:fs'
import { readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

const FILE = 'delivered.ids'
/** replays cover what was unconfirmed at a kill: far fewer alerts than this */
const KEEP = 50_000

export class DeliveredLedger {
  readonly #ids = new Set<string>()

  private constructor(readonly path: string) {}

  static async open(dir: string): Promise<DeliveredLedger> {
    const ledger = new DeliveredLedger(join(dir, FILE))
    let text = ''
    try {
      text = await readFile(ledger.path, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    }
    const lines = text.split('\n')
    // a last line cut by a kill is not a confirmed delivery
    lines.pop()
    const kept = lines.slice(-KEEP)
    for (const line of kept) ledger.#ids.add(line)
    if (lines.length > 2 * KEEP) {
      const tmp = `${ledger.path}.${process.pid}.tmp`
      await writeFile(tmp, kept.map((l) => `${l}\n`).join(''), { mode: 0o600 })
      await rename(tmp, ledger.path)
    }
    return ledger
  }

  static key(channel: string, id: string): string {
    return `${channel}\t${id}`
  }

  has(channel: string, id: string): boolean {
    return this.#ids.has(DeliveredLedger.key(channel, id))
  }

  /**
   * Appends the deliveries at once, synchronously (on the notifier's worker thread, a few bytes):
   * the window between the API's 2xx and the ledger, where a kill means a second delivery, is
   * then as short as it can be.
   */
  add(events: Array<{ channel: string; id: string }>): void {
    const keys = events.map((e) => DeliveredLedger.key(e.channel, e.id))
    for (const k of keys) this.#ids.add(k)
    if (this.#ids.size > 2 * KEEP) {
      for (const k of [...this.#ids].slice(0, this.#ids.size - KEEP)) this.#ids.delete(k)
    }
    appendFileSync(this.path, keys.map((k) => `${k}\n`).join(''), { mode: 0o600 })
  }
}
