/**
 * Pruning a category's seal file: once retention deleted a rotated file, the seals of it (and of
 * every older segment: retention deletes oldest first) are dropped, and a signed checkpoint in
 * their place says where the kept chain starts. The seal file then grows with the files kept, not
 * forever. The file is replaced atomically (temp file, fsync, rename, fsync of the directory): a
 * crash leaves either the old or the new one, both valid.
 */
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import { parseCheckpoint, parseSeal } from '../../lib/seal/index.js'
import type { PruneCheckpoint, Seal } from '../../lib/seal/index.js'

export type CheckpointBody = Omit<PruneCheckpoint, 'mac' | 'kid' | 'epoch' | 't' | 'v' | 'kind'>

/**
 * The seal file's new text after `deleted` (file names, `.gz` or not) went, or undefined when no
 * seal covers them. `sign` completes and MACs the checkpoint with the current epoch's key.
 */
export function prunedText(text: string, deleted: readonly string[], sign: (body: CheckpointBody) => PruneCheckpoint): string | undefined {
  const gone = new Set(deleted.map((n) => n.replace(/\.gz$/, '')))
  const lines = text.split('\n')
  if (lines.at(-1) === '') lines.pop()
  const from = lines.length > 0 && parseCheckpoint(lines[0]!) ? 1 : 0
  let last = -1
  let lastSeal: Seal | undefined
  const files: string[] = []
  for (let i = from; i < lines.length; i++) {
    const s = parseSeal(lines[i]!)
    if (s?.rot !== undefined && gone.has(s.rot)) {
      last = i
      lastSeal = s
    }
  }
  if (lastSeal === undefined) return undefined
  for (let i = from; i <= last; i++) {
    const rot = parseSeal(lines[i]!)?.rot
    if (rot !== undefined) files.push(rot)
  }
  const checkpoint = sign({ cat: lastSeal.cat, seq: lastSeal.seq + 1, seg: lastSeal.seg + 1, line: 0, prev: lastSeal.mac, files })
  const kept = lines.slice(last + 1)
  return [JSON.stringify(checkpoint), ...kept].join('\n') + '\n'
}

/** Replaces `path` with `text`, atomically and durably. */
export function replaceFile(path: string, text: string, mode: number): void {
  const tmp = `${path}.tmp`
  const fd = openSync(tmp, 'w', mode)
  try {
    writeSync(fd, text)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(tmp, path)
  try {
    const dfd = openSync(dirname(path), 'r')
    try {
      fsyncSync(dfd)
    } finally {
      closeSync(dfd)
    }
  } catch {
    // not every platform can fsync a directory; the rename is still atomic
  }
}
