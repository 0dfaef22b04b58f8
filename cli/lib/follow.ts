/**
 * `logwarden tail --dir`: follows the active `<category>.log` files of a log directory like
 * `tail -F`. A file renamed away by rotation (its inode changes under the name) is read to its
 * end through the descriptor still open on it, then the new file is read from its start; a file
 * that shrinks was truncated and is read again from 0. fs.watch wakes the loop early; a short
 * poll covers file systems where watching is unreliable.
 */
import { watch, type FSWatcher } from 'node:fs'
import { open, readdir, stat, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { parseLogFileName } from '../../plugins/sink-file/file-names.js'

export interface FollowOptions {
  dir: string
  /** only these categories (their active files); default all, including ones created later */
  categories?: readonly string[]
  /** print the last N lines (across the followed files, by timestamp) before following */
  backlog: number
  pollMs: number
  onLine(line: string): void
  signal: AbortSignal
}

interface Tracked {
  path: string
  fh: FileHandle
  ino: number
  pos: number
  partial: string
}

const RETIRE_GRACE_MS = 2000
const CHUNK = 64 * 1024

async function openAt(path: string, fromEnd: boolean): Promise<Tracked | undefined> {
  let fh: FileHandle
  try {
    fh = await open(path, 'r')
  } catch {
    return undefined
  }
  const st = await fh.stat()
  return { path, fh, ino: st.ino, pos: fromEnd ? st.size : 0, partial: '' }
}

/** Reads what was appended since the last call; emits complete lines. */
async function drain(t: Tracked, emit: (line: string) => void): Promise<void> {
  const st = await t.fh.stat()
  if (st.size < t.pos) {
    t.pos = 0 // truncated in place
    t.partial = ''
  }
  const buf = Buffer.allocUnsafe(CHUNK)
  while (t.pos < st.size) {
    const { bytesRead } = await t.fh.read(buf, 0, Math.min(CHUNK, st.size - t.pos), t.pos)
    if (bytesRead === 0) break
    t.pos += bytesRead
    const lines = (t.partial + buf.toString('utf8', 0, bytesRead)).split('\n')
    t.partial = lines.pop()!
    for (const line of lines) if (line !== '') emit(line)
  }
}

/** The last `n` complete lines of a file, reading backwards from its end in chunks. */
async function lastLines(t: Tracked, n: number): Promise<string[]> {
  if (n <= 0 || t.pos === 0) return []
  let end = t.pos
  let text = ''
  let lines: string[] = []
  while (end > 0) {
    const start = Math.max(0, end - CHUNK)
    const buf = Buffer.alloc(end - start)
    await t.fh.read(buf, 0, buf.length, start)
    text = buf.toString('utf8') + text
    end = start
    lines = text.split('\n').filter(Boolean)
    if (lines.length > n) break
  }
  // an incomplete last line (being written) is followed, not shown twice
  if (!text.endsWith('\n')) lines.pop()
  return lines.slice(-n)
}

function timestampOf(line: string): string {
  const m = /"timestamp":"([^"]+)"/.exec(line)
  return m ? m[1]! : ''
}

export async function follow(o: FollowOptions): Promise<void> {
  const tracked = new Map<string, Tracked>()
  const retired: Array<{ t: Tracked; until: number }> = []
  const wanted = o.categories?.length ? new Set(o.categories) : undefined

  async function activeFiles(): Promise<string[]> {
    let names: string[]
    try {
      names = await readdir(o.dir)
    } catch {
      return []
    }
    return names.filter((n) => {
      const p = parseLogFileName(n)
      return p?.kind === 'active' && (!wanted || wanted.has(p.category))
    })
  }

  // start: existing files from their end (after the backlog)
  const backlog: string[] = []
  for (const name of await activeFiles()) {
    const t = await openAt(join(o.dir, name), true)
    if (!t) continue
    tracked.set(name, t)
    backlog.push(...(await lastLines(t, o.backlog)))
  }
  backlog.sort((a, b) => (timestampOf(a) < timestampOf(b) ? -1 : timestampOf(a) > timestampOf(b) ? 1 : 0))
  for (const line of backlog.slice(-o.backlog)) o.onLine(line)

  let wake: (() => void) | undefined
  let watcher: FSWatcher | undefined
  try {
    watcher = watch(o.dir, { persistent: false }, () => wake?.())
    watcher.on('error', () => undefined)
  } catch {
    // no watching here: polling alone
  }

  try {
    while (!o.signal.aborted) {
      for (const [name, t] of tracked) {
        // stat first, drain second: rotation closes the file before renaming it, so once the
        // name points elsewhere, the old file is complete and is read to its end here, in order
        let ino: number | undefined
        try {
          ino = (await stat(t.path)).ino
        } catch {
          ino = undefined // rotated away, the next write creates it again
        }
        await drain(t, o.onLine)
        if (ino !== t.ino) {
          retired.push({ t, until: Date.now() + RETIRE_GRACE_MS })
          tracked.delete(name)
          const fresh = ino === undefined ? undefined : await openAt(t.path, false)
          if (fresh) {
            tracked.set(name, fresh)
            await drain(fresh, o.onLine)
          }
        }
      }
      // files that appeared since (a new category, or the active file recreated after rotation)
      for (const name of await activeFiles()) {
        if (tracked.has(name)) continue
        const t = await openAt(join(o.dir, name), false)
        if (!t) continue
        tracked.set(name, t)
        await drain(t, o.onLine)
      }
      for (let i = retired.length - 1; i >= 0; i--) {
        const r = retired[i]!
        await drain(r.t, o.onLine)
        if (Date.now() > r.until) {
          await r.t.fh.close().catch(() => undefined)
          retired.splice(i, 1)
        }
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, o.pollMs)
        function done() {
          clearTimeout(timer)
          wake = undefined
          o.signal.removeEventListener('abort', done)
          resolve()
        }
        wake = done
        o.signal.addEventListener('abort', done, { once: true })
      })
    }
  } finally {
    watcher?.close()
    for (const t of tracked.values()) await t.fh.close().catch(() => undefined)
    for (const r of retired) await r.t.fh.close().catch(() => undefined)
  }
}
