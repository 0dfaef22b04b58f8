/**
 * Retention: which rotated files go, found by their names in the directory (no side index, so a
 * config change or a restart never orphans a file). `planRetention` is pure; rotation.ts runs it.
 */
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { compareRotated, parseLogFileName } from '../../lib/log-layout/index.js'

/** One rotated file: its .log, its .gz, or both (a compression finished but not cleaned up). */
export interface RotatedEntry {
  base: string
  category: string
  time: number
  seq: number
  /** names present in the directory, .log first */
  names: string[]
  /** bytes of all its names (0 unless scanned with sizes) */
  size: number
  /** a .log without its .gz: not compressed yet */
  uncompressed: boolean
}

export interface DirScan {
  /** oldest first */
  rotated: RotatedEntry[]
  /** leftover `.gz.tmp` from an interrupted compression */
  partial: string[]
  /** bytes in active files (0 unless scanned with sizes) */
  activeBytes: number
}

export type RetentionReason = 'maxFiles' | 'maxAge' | 'maxTotalSize' | 'minFreeDisk'

export interface RetentionPlanItem {
  entry: RotatedEntry
  reason: RetentionReason
}

export interface RetentionInput {
  now: number
  policy(category: string): { maxFiles: number; maxAge: number }
  maxTotalSize: number
  activeBytes: number
  minFreeDisk: number
  /** free bytes on the volume, when minFreeDisk is set */
  freeBytes?: number
  /** files leaving for archiveDir may stay on the same volume: they do not count as freed space */
  archiving?: boolean
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size
  } catch {
    return undefined // deleted meanwhile
  }
}

/** Sizes cost a stat per file; only the size budgets need them (`withSizes`). */
export async function scanDir(dir: string, withSizes = false): Promise<DirScan> {
  const byBase = new Map<string, RotatedEntry>()
  const partial: string[] = []
  let activeBytes = 0
  for (const name of await readdir(dir)) {
    const parsed = parseLogFileName(name)
    if (!parsed) continue
    if (parsed.kind === 'partial') {
      partial.push(name)
      continue
    }
    const size = withSizes ? await sizeOf(join(dir, name)) : 0
    if (size === undefined) continue
    if (parsed.kind === 'active') {
      activeBytes += size
      continue
    }
    let entry = byBase.get(parsed.base!)
    if (!entry) {
      entry = { base: parsed.base!, category: parsed.category, time: parsed.time!, seq: parsed.seq!, names: [], size: 0, uncompressed: false }
      byBase.set(parsed.base!, entry)
    }
    entry.names.push(name)
    entry.size += size
  }
  const rotated = [...byBase.values()]
  for (const e of rotated) {
    e.names.sort((a, b) => a.length - b.length) // X.log before X.log.gz
    e.uncompressed = e.names.length === 1 && !e.names[0]!.endsWith('.gz')
  }
  rotated.sort(compareRotated)
  return { rotated, partial, activeBytes }
}

/** Decides what goes, oldest first: count and age per category, then the directory's budgets. */
export function planRetention(rotated: readonly RotatedEntry[], input: RetentionInput): RetentionPlanItem[] {
  const plan: RetentionPlanItem[] = []
  const going = new Set<RotatedEntry>()
  const byCategory = new Map<string, RotatedEntry[]>()
  for (const e of rotated) {
    const list = byCategory.get(e.category) ?? []
    list.push(e)
    byCategory.set(e.category, list)
  }
  for (const [category, list] of byCategory) {
    const { maxFiles, maxAge } = input.policy(category)
    list.forEach((entry, i) => {
      const newerCount = list.length - 1 - i
      let reason: RetentionReason | undefined
      if (maxAge > 0 && entry.time < input.now - maxAge) reason = 'maxAge'
      else if (newerCount >= maxFiles) reason = 'maxFiles'
      if (reason) {
        plan.push({ entry, reason })
        going.add(entry)
      }
    })
  }
  const remaining = rotated.filter((e) => !going.has(e)) // still oldest first
  if (input.maxTotalSize > 0) {
    let total = input.activeBytes + remaining.reduce((sum, e) => sum + e.size, 0)
    while (total > input.maxTotalSize && remaining.length > 0) {
      const entry = remaining.shift()!
      plan.push({ entry, reason: 'maxTotalSize' })
      total -= entry.size
    }
  }
  if (input.minFreeDisk > 0 && input.freeBytes !== undefined) {
    let missing = input.minFreeDisk - input.freeBytes
    if (!input.archiving) for (const { entry } of plan) missing -= entry.size
    while (missing > 0 && remaining.length > 0) {
      const entry = remaining.shift()!
      plan.push({ entry, reason: 'minFreeDisk' })
      missing -= entry.size
    }
  }
  plan.sort((a, b) => compareRotated(a.entry, b.entry))
  return plan
}
