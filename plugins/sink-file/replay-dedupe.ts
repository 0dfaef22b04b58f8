/**
 * Exactly once after a SIGKILL: records replayed from a killed process's journal may already be in
 * the file (written, but not yet confirmed when the process died). Before appending a replayed
 * group, the end of the file is scanned backwards for their event ids. The scan stops early: event
 * ids are a per-process prefix and a counter that grows in file order, so once a line of the same
 * process with a smaller counter than every replayed one is behind us, nothing older can match.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import type { BatchGroup } from '../../core/sink-contract.js'

/** the record's own event_id is always in its head, before the caller's fields (core/serialize.ts) */
const ID_KEY = '"event_id":"'
/** the random per-process prefix of an event id (6 bytes, base64url) */
const PREFIX_LENGTH = 8
const CHUNK = 1024 * 1024
/** replayed records were unconfirmed at the kill: far less than this behind the file's end */
const MAX_SCAN_BYTES = 256 * 1024 * 1024

export function eventIdOf(line: string): string | undefined {
  const at = line.indexOf(ID_KEY)
  if (at < 0) return undefined
  const end = line.indexOf('"', at + ID_KEY.length)
  return end < 0 ? undefined : line.slice(at + ID_KEY.length, end)
}

function counterOf(id: string): number {
  return parseInt(id.slice(PREFIX_LENGTH), 36)
}

/** The event ids among `ids` that a whole, parseable line of the file at `path` already carries. */
export function presentIds(path: string, ids: ReadonlySet<string>): Set<string> {
  const found = new Set<string>()
  if (ids.size === 0) return found
  // per process prefix: the smallest counter we look for
  const lowest = new Map<string, number>()
  for (const id of ids) {
    const prefix = id.slice(0, PREFIX_LENGTH)
    const n = counterOf(id)
    if (!(n >= (lowest.get(prefix) ?? Infinity))) lowest.set(prefix, n)
  }
  const passed = new Set<string>()
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch {
    return found
  }
  try {
    let pos = fstatSync(fd).size
    const stopAt = Math.max(0, pos - MAX_SCAN_BYTES)
    let carry = ''
    const buf = Buffer.allocUnsafe(CHUNK)
    while (pos > stopAt) {
      const len = Math.min(CHUNK, pos - stopAt)
      pos -= len
      readSync(fd, buf, 0, len, pos)
      const text = buf.toString('utf8', 0, len) + carry
      const lines = text.split('\n')
      // the first piece may be the end of a line that starts in the previous chunk
      carry = pos > stopAt ? lines.shift()! : ''
      for (let i = lines.length - 1; i >= 0; i--) {
        const line = lines[i]!
        const id = eventIdOf(line)
        if (id === undefined) continue
        if (ids.has(id) && wholeLine(line)) found.add(id)
        const prefix = id.slice(0, PREFIX_LENGTH)
        const low = lowest.get(prefix)
        if (low !== undefined && counterOf(id) < low) passed.add(prefix)
        if (found.size === ids.size || passed.size === lowest.size) return found
      }
    }
    return found
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

/** The group without the lines the file already holds; `skipped` says how many were dropped. */
export function withoutPresent(path: string, group: BatchGroup): { group: BatchGroup; skipped: number } {
  const text = Buffer.from(group.data.buffer, group.data.byteOffset, group.data.byteLength).toString('utf8')
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  const ids = new Set<string>()
  for (const line of lines) {
    const id = eventIdOf(line)
    if (id !== undefined) ids.add(id)
  }
  const present = presentIds(path, ids)
  if (present.size === 0) return { group, skipped: 0 }
  const kept = lines.filter((line) => {
    const id = eventIdOf(line)
    return id === undefined || !present.has(id)
  })
  const data = Buffer.from(kept.length > 0 ? `${kept.join('\n')}\n` : '')
  return { group: { ...group, data, count: kept.length }, skipped: lines.length - kept.length }
}
