/**
 * `logwarden tail --dir`: follows the active `<category>.log` files of a log directory like
 * `tail -F`. A file renamed away by rotation (its inode changes under the name) is read to its
 * end through the descriptor still open on it, then the new file is read from its start; a file
 * that shrinks was truncated and is read again from 0. Unlike tail -F, files rotated in and out
 * between two looks (a burst of rotations) are read too, from their rotated names or archives.
 * fs.watch wakes the loop early; a short poll covers file systems where watching is unreliable.
 */
import { watch, type FSWatcher } from 'node:fs'
import { open, readdir, stat, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { compareRotated, parseLogFileName, type LogFileName } from '../log-layout/index.js'
import { readFileLines } from './read-logs.js'

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
  category: string
  fh: FileHandle
  ino: number
  pos: number
  partial: string
  /** rotated files (by base name) that existed when this file was opened */
  seen: Set<string>
}

const RETIRE_GRACE_MS = 2000
const CHUNK = 64 * 1024

/** Rotated files of a category by base name: `<category>.<stamp>.<n>.log` and whether it is still uncompressed. */
async function rotatedFiles(dir: string, category: string): Promise<Map<string, LogFileName & { log: boolean }>> {
  const out = new Map<string, LogFileName & { log: boolean }>()
  let names: string[] = []
  try {
    names = await readdir(dir)
  } catch {
    return out
  }
  for (const name of names) {
    const p = parseLogFileName(name)
    if (!p || p.category !== category || (p.kind !== 'rotated' && p.kind !== 'compressed')) continue
    const prev = out.get(p.base!)
    out.set(p.base!, { ...p, log: p.kind === 'rotated' || prev?.log === true })
  }
  return out
}

async function openAt(dir: string, name: string, fromEnd: boolean, seen?: Set<string>): Promise<Tracked | undefined> {
  const category = parseLogFileName(name)?.category
  if (category === undefined) return undefined
  seen ??= new Set((await rotatedFiles(dir, category)).keys())
  let fh: FileHandle
  try {
    fh = await open(join(dir, name), 'r')
  } catch {
    return undefined
  }
  const st = await fh.stat()
  return { path: join(dir, name), category, fh, ino: st.ino, pos: fromEnd ? st.size : 0, partial: '', seen }
}

/**
 * Files of `category` rotated since `seen` was taken came and went between two looks: their lines
 * are emitted, oldest file first. `heldIno` is the file just drained through its descriptor (the
 * oldest new one, normally), which is not read twice. Returns the rotated files present now.
 */
async function readRotatedSince(
  dir: string,
  category: string,
  seen: Set<string>,
  heldIno: number | undefined,
  emit: (line: string) => void,
): Promise<Set<string>> {
  const all = await rotatedFiles(dir, category)
  const fresh = [...all.values()].filter((f) => !seen.has(f.base!)).sort(compareRotated)
  let first = 0
  if (heldIno !== undefined && fresh.length > 0) {
    first = 1
    if (fresh[0]!.log) {
      try {
        if ((await stat(join(dir, fresh[0]!.base!))).ino !== heldIno) first = 0
      } catch {
        // compressed meanwhile: it is the one we held
      }
    }
  }
  for (const f of fresh.slice(first)) await readRotated(dir, f.base!, emit)
  return new Set(all.keys())
}

/** A rotated file's lines, from its `.log` or, when compressed meanwhile, its archive. */
async function readRotated(dir: string, base: string, emit: (line: string) => void): Promise<void> {
  for (const [path, gzip] of [
    [join(dir, base), false],
    [join(dir, `${base}.gz`), true],
  ] as const) {
    try {
      for await (const lines of readFileLines(path, gzip)) for (const line of lines) if (line !== '') emit(line)
      return
    } catch {
      // the .log was compressed away while we looked: read its archive
    }
  }
}

/**
 * `t` was opened after its `seen` listing: files rotated in between are older than `t` and are
 * read first. `t` itself, if already rotated away too, and anything newer are left to the rotation
 * check. (If `t` was also compressed before this look, its inode cannot be matched and it is read twice.)
 */
async function catchUp(dir: string, t: Tracked, emit: (line: string) => void): Promise<void> {
  const missed = [...(await rotatedFiles(dir, t.category)).values()].filter((f) => !t.seen.has(f.base!)).sort(compareRotated)
  for (const f of missed) {
    if (f.log && (await stat(join(dir, f.base!)).catch(() => undefined))?.ino === t.ino) break
    await readRotated(dir, f.base!, emit)
    t.seen.add(f.base!)
  }
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
  /** categories whose active file was rotated away and not yet recreated: what had been seen then */
  const gone = new Map<string, Set<string>>()
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
    const t = await openAt(o.dir, name, true)
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
          const seen = await readRotatedSince(o.dir, t.category, t.seen, t.ino, o.onLine)
          const fresh = ino === undefined ? undefined : await openAt(o.dir, name, false, seen)
          if (!fresh) gone.set(t.category, seen)
          if (fresh) {
            await catchUp(o.dir, fresh, o.onLine)
            tracked.set(name, fresh)
            await drain(fresh, o.onLine)
          }
        }
      }
      // files that appeared since (a new category, or the active file recreated after rotation)
      for (const name of await activeFiles()) {
        if (tracked.has(name)) continue
        const category = parseLogFileName(name)!.category
        const before = gone.get(category)
        gone.delete(category)
        const seen = before ? await readRotatedSince(o.dir, category, before, undefined, o.onLine) : undefined
        const t = await openAt(o.dir, name, false, seen)
        if (!t) {
          // rotated away again before we opened it: what was read so far still counts
          if (seen) gone.set(category, seen)
          continue
        }
        if (seen) await catchUp(o.dir, t, o.onLine)
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
