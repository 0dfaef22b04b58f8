/**
 * Durable spool: one JSON file per pending alert, named by (channel, event id), written to a temp
 * file, fsync'd and renamed, so a SIGKILL at any point leaves either the whole alert or nothing.
 * Loaded on start; a file is deleted only after the API confirmed delivery (2xx) or the alert was
 * counted as dropped. Bounded: the oldest files go first, and the caller counts them.
 */
import { createHash } from 'node:crypto'
import { mkdir, open, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isAlive } from '../../lib/util/index.js'
import type { AlertEvent } from './types.js'

const SUFFIX = '.alert.json'

export interface SpoolLoad {
  events: AlertEvent[]
  /** files that could not be read (half-written by an older version, corrupted): removed */
  corrupt: number
}

export class Spool {
  readonly #files = new Map<string, { event: AlertEvent; written: Promise<void> }>()
  #closed = false

  private constructor(readonly dir: string) {}

  /** Creates the directory and claims it; `heldBy` (and no spool) when another live process owns it. */
  static async open(dir: string): Promise<{ spool?: Spool; heldBy?: number }> {
    await mkdir(dir, { recursive: true, mode: 0o700 })
    const lock = join(dir, 'owner.pid')
    try {
      const handle = await open(lock, 'wx', 0o600)
      await handle.writeFile(String(process.pid))
      await handle.close()
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const pid = Number((await readFile(lock, 'utf8').catch(() => '')).trim())
      // our own pid means a worker of this process that died; a dead pid means a killed process
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) return { heldBy: pid }
      await writeFile(lock, String(process.pid), { mode: 0o600 })
    }
    return { spool: new Spool(dir) }
  }

  static fileName(channel: string, id: string): string {
    return createHash('sha256').update(`${channel}\u0000${id}`).digest('hex').slice(0, 32) + SUFFIX
  }

  async load(): Promise<SpoolLoad> {
    const events: AlertEvent[] = []
    let corrupt = 0
    for (const name of await readdir(this.dir)) {
      const path = join(this.dir, name)
      if (name.endsWith('.tmp')) {
        await rm(path, { force: true })
        continue
      }
      if (!name.endsWith(SUFFIX)) continue
      try {
        const event = JSON.parse(await readFile(path, 'utf8')) as AlertEvent
        if (typeof event.id !== 'string' || typeof event.channel !== 'string' || !event.notification) throw new Error('shape')
        events.push(event)
        this.#files.set(name, { event, written: Promise.resolve() })
      } catch {
        corrupt++
        await rm(path, { force: true })
      }
    }
    events.sort((a, b) => a.created - b.created || a.seq - b.seq)
    return { events, corrupt }
  }

  get count(): number {
    return this.#files.size
  }

  has(channel: string, id: string): boolean {
    return this.#files.has(Spool.fileName(channel, id))
  }

  /** Writes the alerts durably (temp + fsync + rename, then one directory fsync). */
  async putMany(events: AlertEvent[]): Promise<void> {
    if (this.#closed || events.length === 0) return
    const writes = events.map((event) => {
      const name = Spool.fileName(event.channel, event.id)
      const written = this.#write(name, event)
      this.#files.set(name, { event, written })
      return written
    })
    await Promise.all(writes)
    await this.#syncDir()
  }

  /** temp file, fsync, rename: a crash leaves the old content or the new, never half of it */
  async #write(name: string, value: unknown): Promise<void> {
    const tmp = join(this.dir, `${name}.${process.pid}.tmp`)
    const handle = await open(tmp, 'w', 0o600)
    try {
      await handle.writeFile(JSON.stringify(value))
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(tmp, join(this.dir, name))
  }

  async #syncDir(): Promise<void> {
    // the rename is durable only once the directory entry is on disk
    const handle = await open(this.dir, 'r')
    try {
      await handle.sync()
    } catch {
      // some filesystems refuse fsync on a directory; the file data itself is synced
    } finally {
      await handle.close()
    }
  }

  /** Deletes an alert's file once it was delivered or counted as dropped (after its write finished). */
  async remove(event: AlertEvent): Promise<void> {
    const name = Spool.fileName(event.channel, event.id)
    const entry = this.#files.get(name)
    if (!entry) return
    this.#files.delete(name)
    await entry.written.catch(() => undefined)
    await unlink(join(this.dir, name)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err
    })
  }

  /** oldest spooled alerts first, for drop-oldest */
  oldest(): AlertEvent[] {
    return [...this.#files.values()].map((f) => f.event).sort((a, b) => a.created - b.created || a.seq - b.seq)
  }

  /** Small JSON state beside the alerts (a Telegram chat migration survives restarts). */
  async readState(): Promise<Record<string, unknown>> {
    try {
      return JSON.parse(await readFile(join(this.dir, 'state.json'), 'utf8')) as Record<string, unknown>
    } catch {
      return {}
    }
  }

  async writeState(state: Record<string, unknown>): Promise<void> {
    await this.#write('state.json', state)
  }

  /** Waits for writes in progress and releases the directory. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await Promise.all([...this.#files.values()].map((f) => f.written.catch(() => undefined)))
    const lock = join(this.dir, 'owner.pid')
    const pid = Number((await readFile(lock, 'utf8').catch(() => '')).trim())
    if (pid === process.pid) await rm(lock, { force: true })
  }
}
