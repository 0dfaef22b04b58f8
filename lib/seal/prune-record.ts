/**
 * The first line of a seal file whose oldest seals were pruned: a checkpoint, MACed with the key of
 * the epoch it was written in, that says where the chain now starts (the first kept seal's sequence
 * number, segment, line and previous MAC), which files retention deleted, and when. verify starts
 * the chain there and reports the start as "verified from" the first kept file. Its MAC input
 * starts with its own tag, so a checkpoint can never pass for a seal or the other way round.
 */
import { createHmac } from 'node:crypto'

export const PRUNED_KIND = 'pruned' as const

export interface PruneCheckpoint {
  v: 1
  kind: typeof PRUNED_KIND
  kid: string
  cat: string
  /** the epoch whose key made it, and when (ms) */
  epoch: number
  t: number
  /** where the kept chain starts: the next seal's seq, seg, line and prev */
  seq: number
  seg: number
  line: number
  prev: string
  /** the segment files retention deleted whose seals this prune removed, oldest first (earlier prunes: the system log) */
  files: string[]
  mac: string
}

/** What a checkpoint's MAC (or Ed25519 signature) covers. */
export function checkpointInput(c: Omit<PruneCheckpoint, 'mac'>): string {
  return [PRUNED_KIND, c.v, c.kid, c.cat, c.epoch, c.t, c.seq, c.seg, c.line, c.prev, JSON.stringify(c.files)].join('\n')
}

export function computeCheckpointMac(key: Buffer, c: Omit<PruneCheckpoint, 'mac'>): Buffer {
  return createHmac('sha256', key).update(checkpointInput(c)).digest()
}

export function parseCheckpoint(line: string): PruneCheckpoint | undefined {
  try {
    const c = JSON.parse(line) as PruneCheckpoint
    if (c.v !== 1 || c.kind !== PRUNED_KIND || typeof c.mac !== 'string' || !Array.isArray(c.files)) return undefined
    return c
  } catch {
    return undefined
  }
}
