/**
 * The journal's file names: one journal per logger runtime, `<pid>-<random>`, written as segments
 * `<id>.<first index>.wal`, with its lanes' confirmed watermarks in `<id>.acks` and, while a later
 * process replays it, `<id>.claim`. The pid says whether the writer can still be alive.
 */
import { randomBytes } from 'node:crypto'

export const SEGMENT_SUFFIX = '.wal'
export const ACKS_SUFFIX = '.acks'
export const CLAIM_SUFFIX = '.claim'

export function newJournalId(): string {
  return `${process.pid}-${randomBytes(4).toString('hex')}`
}

export function segmentName(id: string, first: number): string {
  return `${id}.${String(first).padStart(12, '0')}${SEGMENT_SUFFIX}`
}

/** `{ id, first }` of a segment's file name, or undefined for any other file. */
export function parseSegment(name: string): { id: string; pid: number; first: number } | undefined {
  if (!name.endsWith(SEGMENT_SUFFIX)) return undefined
  const m = /^((\d+)-[0-9a-f]+)\.(\d{12})\.wal$/.exec(name)
  if (!m) return undefined
  return { id: m[1]!, pid: Number(m[2]), first: Number(m[3]) }
}

/** Journals of this process that are still written (their runtime is open), or being replayed. */
export const activeJournals = new Set<string>()
