/**
 * The layout of a log directory, shared by sink-file (writes), rotate (rotates, retains) and
 * readLogs (reads back). Everything is found by name: there is no side index to get out of sync.
 *
 *   <category>.log                                  active file, appended to
 *   <category>.<YYYY-MM-DDTHH-mm-ssZ>.<n>.log       rotated, not yet compressed
 *   <category>.<YYYY-MM-DDTHH-mm-ssZ>.<n>.log.gz    rotated and compressed
 *   <category>.<YYYY-MM-DDTHH-mm-ssZ>.<n>.log.gz.tmp  compression in progress (deleted at start)
 *   .logwarden.lock                                 pid of the process that owns the directory
 *
 * The stamp is the UTC time the file was rotated (for a time trigger, the boundary it was rotated
 * at), so it bounds the newest record inside; `n` counts rotations within the same second.
 * Sorting by (stamp, n) is sorting by time.
 */

export const LOCK_FILE = '.logwarden.lock'

const ROTATED_RE = /^([^.]+)\.(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})Z\.(\d+)\.log(\.gz|\.gz\.tmp)?$/
const ACTIVE_RE = /^([^.]+)\.log$/

export type LogFileKind = 'active' | 'rotated' | 'compressed' | 'partial'

export interface LogFileName {
  name: string
  kind: LogFileKind
  category: string
  /** rotation time in epoch ms (whole seconds); absent for the active file */
  time?: number
  /** rotation counter within the same second, from 1 */
  seq?: number
  /** `<category>.<stamp>.<n>.log`: the same for a rotated file, its .gz and its .gz.tmp */
  base?: string
}

/** Categories are config-validated (`^[a-z][a-z0-9_-]*$`); anything else is made file-safe, never a path. */
export function fileCategory(category: string): string {
  const safe = category.replace(/[^A-Za-z0-9_-]/g, '_')
  return safe === '' ? '_' : safe
}

export function activeFileName(category: string): string {
  return `${fileCategory(category)}.log`
}

/** `2026-11-23T10-00-00Z`: ISO 8601 in UTC without ':' (not allowed in Windows file names). */
export function rotationStamp(timeMs: number): string {
  return new Date(Math.floor(timeMs / 1000) * 1000)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-')
}

export function rotatedFileName(category: string, stamp: string, seq: number): string {
  return `${fileCategory(category)}.${stamp}.${seq}.log`
}

export function parseLogFileName(name: string): LogFileName | undefined {
  const r = ROTATED_RE.exec(name)
  if (r) {
    const [, category, y, mo, d, h, mi, s, seq, ext] = r
    const time = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!)
    if (Number.isNaN(time)) return undefined
    const kind: LogFileKind = ext === '.gz' ? 'compressed' : ext === '.gz.tmp' ? 'partial' : 'rotated'
    const base = ext ? name.slice(0, -ext.length) : name
    return { name, kind, category: category!, time, seq: Number(seq), base }
  }
  const a = ACTIVE_RE.exec(name)
  if (a) return { name, kind: 'active', category: a[1]! }
  return undefined
}

/** Orders rotated files oldest first: by stamp, then by the counter (numerically). */
export function compareRotated(a: { time?: number; seq?: number }, b: { time?: number; seq?: number }): number {
  return (a.time ?? 0) - (b.time ?? 0) || (a.seq ?? 0) - (b.seq ?? 0)
}
