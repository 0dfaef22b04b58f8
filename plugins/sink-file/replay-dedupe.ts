/**
 * Exactly once after a SIGKILL: records replayed from a killed process's journal may already be in
 * the file (written, but not yet confirmed when the process died). Before appending a replayed
 * group, the end of the file is scanned backwards for their event ids. The scan stops early: event
 * ids are a per-process prefix and a counter that grows in file order, so once a line of the same
 * process with a smaller counter than every replayed one is behind us, nothing older can match.
 * The scan goes on from the start of the active file into the category's rotated files, newest
 * first (gunzipped when compressed): a record rotated out of the active file just before the kill
 * is found there, and is not written (and sealed) a second time.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync, readdirSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import type { BatchGroup } from '../../core/sink-contract.js'
import { compareRotated, parseLogFileName } from '../../lib/log-layout/index.js'
import type { LogFileName } from '../../lib/log-layout/index.js'

/** the record's own event_id is always in its head, before the caller's fields (core/serialize.ts) */
const ID_KEY = '"event_id":"'
/** the random per-process prefix of an event id (6 bytes, base64url) */
const PREFIX_LENGTH = 8
const CHUNK = 1024 * 1024
/** replayed records were unconfirmed at the kill: far less than this behind the file's end */
const MAX_SCAN_BYTES = 256 * 1024 * 1024
/**
 * A rotated file's name holds when it was rotated, after every line in it was written: a file
 * rotated before a record was logged cannot hold it, and is not read (with this much leeway for a
 * clock stepped back). A process killed before its first watermark then costs a scan of the files
 * rotated since, not of the whole history.
 */
const CLOCK_SLACK_MS = 5 * 60_000
const TIMESTAMP_RE = /^\{"timestamp":"([^"]{10,40})"/

export function eventIdOf(line: string): string | undefined {
  const at = line.indexOf(ID_KEY)
  if (at < 0) return undefined
  const end = line.indexOf('"', at + ID_KEY.length)
  return end < 0 ? undefined : line.slice(at + ID_KEY.length, end)
}

/** The oldest `timestamp` of the lines (records start with it); -Infinity when one has none: scan everything. */
function oldestTime(lines: readonly string[]): number {
  let oldest = Infinity
  for (const line of lines) {
    const t = Date.parse(TIMESTAMP_RE.exec(line)?.[1] ?? '')
    if (Number.isNaN(t)) return -Infinity
    if (t < oldest) oldest = t
  }
  return oldest
}

function counterOf(id: string): number {
  return parseInt(id.slice(PREFIX_LENGTH), 36)
}

/**
 * What the file's tail holds of one killed process's records, by event id, from some counter on.
 * Built by one backward scan when the first replayed group arrives, and kept up to date with what
 * this sink writes: the replay comes in order, so later groups need no new scan.
 */
interface TailIndex {
  /** every id of this prefix with a counter ≥ `from` that a whole line of the file carries */
  ids: Set<string>
  from: number
}

export class ReplayIndex {
  readonly #files = new Map<string, Map<string, TailIndex>>()

  /** The group without the lines the file already holds; `skipped` says how many were dropped. */
  filter(path: string, group: BatchGroup): { group: BatchGroup; skipped: number } {
    const text = Buffer.from(group.data.buffer, group.data.byteOffset, group.data.byteLength).toString('utf8')
    const lines = text.split('\n')
    if (lines[lines.length - 1] === '') lines.pop()
    const ids = lines.map(eventIdOf)
    const indexes = this.#files.get(path) ?? new Map<string, TailIndex>()
    this.#files.set(path, indexes)
    // per process prefix: the smallest counter of this group
    const lowest = new Map<string, number>()
    for (const id of ids) {
      if (id === undefined) continue
      const prefix = id.slice(0, PREFIX_LENGTH)
      const n = counterOf(id)
      if (n < (lowest.get(prefix) ?? Infinity)) lowest.set(prefix, n)
    }
    const stale = new Map([...lowest].filter(([prefix, n]) => !(n >= (indexes.get(prefix)?.from ?? Infinity))))
    if (stale.size > 0) {
      for (const [prefix, index] of scanTail(path, stale, oldestTime(lines) - CLOCK_SLACK_MS)) indexes.set(prefix, index)
    }
    const kept: string[] = []
    for (let i = 0; i < lines.length; i++) {
      const id = ids[i]
      const index = id === undefined ? undefined : indexes.get(id.slice(0, PREFIX_LENGTH))
      if (id !== undefined && index?.ids.has(id)) continue
      kept.push(lines[i]!)
      // about to be written: a duplicate later in the replay is skipped too
      index?.ids.add(id!)
    }
    if (kept.length === lines.length) return { group, skipped: 0 }
    const data = Buffer.from(kept.length > 0 ? `${kept.join('\n')}\n` : '')
    return { group: { ...group, data, count: kept.length }, skipped: lines.length - kept.length }
  }
}

/**
 * One backward scan for the given prefixes, each down to just below its counter: the active file,
 * then the rotated files of its category, newest first, within MAX_SCAN_BYTES in all.
 */
function scanTail(path: string, wanted: Map<string, number>, notBefore: number): Map<string, TailIndex> {
  const out = new Map<string, TailIndex>()
  for (const [prefix, from] of wanted) out.set(prefix, { ids: new Set(), from })
  const passed = new Set<string>()
  const budget = { bytes: MAX_SCAN_BYTES }
  for (const file of [path, ...rotatedNewestFirst(path, notBefore)]) {
    for (const line of linesBackward(file, budget)) {
      const id = eventIdOf(line)
      if (id === undefined) continue
      const prefix = id.slice(0, PREFIX_LENGTH)
      const index = out.get(prefix)
      if (index === undefined) continue
      if (counterOf(id) < index.from) passed.add(prefix)
      else if (wholeLine(line)) index.ids.add(id)
      if (passed.size === wanted.size) return out
    }
    if (budget.bytes <= 0) break
  }
  return out
}

/**
 * The rotated files of the active file's category, newest first, each once (its .log when both it
 * and its .gz exist: a compression finished but not cleaned up). Files moved to an archive
 * directory are not looked at: retention only moves files far older than a crash's replay.
 */
function rotatedNewestFirst(activePath: string, notBefore: number): string[] {
  const dir = dirname(activePath)
  const active = parseLogFileName(basename(activePath))
  if (active === undefined) return []
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  const byBase = new Map<string, LogFileName>()
  for (const name of names) {
    const f = parseLogFileName(name)
    if (f === undefined || f.category !== active.category || (f.kind !== 'rotated' && f.kind !== 'compressed')) continue
    const seen = byBase.get(f.base!)
    if (seen === undefined || f.kind === 'rotated') byBase.set(f.base!, f)
  }
  return [...byBase.values()]
    .filter((f) => f.time! >= notBefore)
    .sort((a, b) => compareRotated(b, a))
    .map((f) => join(dir, f.name))
}

/** A file's lines, last first; `budget.bytes` is what may still be read (shared across files). */
function* linesBackward(file: string, budget: { bytes: number }): Generator<string> {
  if (file.endsWith('.gz')) {
    let text: string
    try {
      text = gunzipSync(readFileSync(file)).toString('utf8')
    } catch {
      // gone meanwhile (retention), or still being written by an interrupted compression
      return
    }
    budget.bytes -= text.length
    const lines = text.split('\n')
    for (let i = lines.length - 1; i >= 0; i--) yield lines[i]!
    return
  }
  let fd: number
  try {
    fd = openSync(file, 'r')
  } catch {
    // not created yet; or a rotated file compressed (and removed) since the directory was listed
    yield* linesBackward(`${file}.gz`, budget)
    return
  }
  try {
    let pos = fstatSync(fd).size
    const stopAt = Math.max(0, pos - budget.bytes)
    budget.bytes -= pos - stopAt
    let carry = ''
    const buf = Buffer.allocUnsafe(CHUNK)
    while (pos > stopAt) {
      const len = Math.min(CHUNK, pos - stopAt)
      pos -= len
      readSync(fd, buf, 0, len, pos)
      const lines = (buf.toString('utf8', 0, len) + carry).split('\n')
      // the first piece may be the end of a line that starts in the previous chunk
      carry = pos > stopAt ? lines.shift()! : ''
      for (let i = lines.length - 1; i >= 0; i--) yield lines[i]!
    }
  } finally {
    closeSync(fd)
  }
}

function wholeLine(line: string): boolean {
  // a line a kill tore is closed with a newline on reopen: it holds the id but not the record
  try {
    JSON.parse(line)
    return true
  } catch {
    return false
  }
}
