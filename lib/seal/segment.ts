/**
 * One sealed segment read for verification: the file's bytes (gunzipped when needed) and the start
 * offset of every line, so that a seal's range is one subarray and one hash.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { fnv1a } from './seal-record.js'

export interface Segment {
  /** the path read */
  file: string
  data: Buffer
  /** starts[k] = offset of line k; starts[lines] = offset just past the last newline */
  starts: number[]
  /** complete lines (ending with a newline) */
  lines: number
  /** bytes after the last newline: a line torn by a crash or a cut */
  torn: boolean
}

/** Finds `name` (or its .gz) in the log directory or one of the archive directories. */
export function findSegmentFile(name: string, dirs: readonly string[]): string | undefined {
  for (const d of dirs) {
    for (const n of [name, `${name}.gz`]) {
      const p = join(d, n)
      if (existsSync(p)) return p
    }
  }
  return undefined
}

export function readSegment(file: string): Segment {
  const raw = readFileSync(file)
  const data = file.endsWith('.gz') ? gunzipSync(raw) : raw
  const starts = [0]
  for (let nl = data.indexOf(0x0a); nl !== -1; nl = data.indexOf(0x0a, nl + 1)) starts.push(nl + 1)
  const lines = starts.length - 1
  return { file, data, starts, lines, torn: starts[lines]! < data.byteLength }
}

/** The locator of line k (the torn remainder counts as line `lines`). */
export function locatorOf(seg: Segment, k: number): number | undefined {
  if (k < seg.lines) return fnv1a(seg.data, seg.starts[k]!, seg.starts[k + 1]! - 1) >>> 0
  if (k === seg.lines && seg.torn) return fnv1a(seg.data, seg.starts[k]!, seg.data.byteLength) >>> 0
  return undefined
}

const TS_PREFIX = Buffer.from('{"timestamp":"')
const ISO_LENGTH = 24

/**
 * Whether line k's `timestamp` is before `bound` (an ISO string from toISOString). Our records start
 * with `{"timestamp":"<24-char ISO, UTC>"`, which compares as bytes: no parse, no allocation.
 */
export function isBefore(seg: Segment, k: number, bound: Buffer): boolean {
  const at = seg.starts[k]!
  const ts = at + TS_PREFIX.length
  const { data } = seg
  if (
    ts + ISO_LENGTH < seg.starts[k + 1]! &&
    data[ts + ISO_LENGTH] === 0x22 &&
    data[ts + ISO_LENGTH - 1] === 0x5a &&
    data.compare(TS_PREFIX, 0, TS_PREFIX.length, at, ts) === 0
  ) {
    return data.compare(bound, 0, ISO_LENGTH, ts, ts + ISO_LENGTH) < 0
  }
  const t = timeOf(seg, k)
  return t !== undefined && t < Date.parse(bound.toString('latin1'))
}

/** The `timestamp` of line k in ms, read in place (records start with it); undefined when absent. */
export function timeOf(seg: Segment, k: number): number | undefined {
  const at = seg.starts[k]!
  const end = seg.starts[k + 1]!
  if (seg.data.compare(TS_PREFIX, 0, TS_PREFIX.length, at, Math.min(end, at + TS_PREFIX.length)) === 0) {
    const close = seg.data.indexOf(0x22, at + TS_PREFIX.length)
    if (close > 0 && close < end) {
      const t = Date.parse(seg.data.toString('latin1', at + TS_PREFIX.length, close))
      return Number.isNaN(t) ? undefined : t
    }
  }
  const m = /"timestamp":"([^"]{10,40})"/.exec(seg.data.toString('utf8', at, Math.min(end, at + 400)))
  if (!m) return undefined
  const t = Date.parse(m[1]!)
  return Number.isNaN(t) ? undefined : t
}
