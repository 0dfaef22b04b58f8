/**
 * Counts the benchmark's lines on disk in a case's directory: active files, rotated files and
 * .gz archives (decompressed while streaming). A line is counted by the marker every benchmark
 * line holds once, so notices a logger writes about itself (rotation, start-up) are not counted.
 *
 * Files are read as one stream, in rotation order, because a size-based roller may cut a line in
 * two at a file boundary (pino-roll does: SonicBoom's buffered chunk goes half to the old file,
 * half to the new one); a marker cut that way is still counted, once.
 */
import { createReadStream, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { createGunzip } from 'node:zlib'
import type { Readable } from 'node:stream'

/** Counts occurrences of a marker over consecutive chunks, including ones split between chunks. */
class MarkerCounter {
  count = 0
  #carry = Buffer.alloc(0)
  constructor(private readonly marker: Buffer) {}

  add(chunk: Buffer): void {
    const m = this.marker
    const buf = this.#carry.length ? Buffer.concat([this.#carry, chunk]) : chunk
    let next = 0
    for (let at = buf.indexOf(m); at !== -1; at = buf.indexOf(m, next)) {
      this.count++
      next = at + m.length
    }
    // keep only what could be the start of a marker cut by the chunk (or file) boundary
    this.#carry = Buffer.from(buf.subarray(Math.max(next, buf.length - m.length + 1)))
  }
}

async function feed(stream: Readable, counter: MarkerCounter): Promise<void> {
  for await (const chunk of stream as AsyncIterable<Buffer>) counter.add(chunk)
}

function readFile(path: string, chunkBytes: number): Readable {
  const raw = createReadStream(path, { highWaterMark: chunkBytes })
  if (!path.endsWith('.gz')) return raw
  const gunzip = createGunzip()
  raw.on('error', (err) => gunzip.destroy(err))
  return raw.pipe(gunzip)
}

/**
 * Rotation order: digit runs compare as numbers (`pino.9.log` < `pino.10.log`), other runs as text,
 * and digits sort before letters, so `system.2026-…Z.3.log` (rotated) comes before `system.log` (active).
 */
export function compareNatural(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? []
  const pb = b.match(/\d+|\D+/g) ?? []
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!
    const y = pb[i]!
    if (x === y) continue
    const nx = /^\d/.test(x)
    const ny = /^\d/.test(y)
    if (nx && ny) return Number(x) - Number(y) || x.length - y.length
    return x < y ? -1 : 1
  }
  return pa.length - pb.length
}

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT'
}

/**
 * Lines holding `marker` in every log file of `dir`. A rotated file that is being compressed can
 * exist as both `x.log` and `x.log.gz` for a moment: then only `x.log` is read, and if it is gone
 * by the time it is opened, its finished `x.log.gz` is. Partial archives (`.tmp`) and dot-files
 * (lock files) are never read.
 */
export async function countLines(dir: string, marker: string, chunkBytes = 1 << 20): Promise<number> {
  const names = new Set(
    readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => d.name),
  )
  const files = [...names]
    .filter((name) => !name.endsWith('.tmp') && !name.startsWith('.'))
    .filter((name) => !(name.endsWith('.gz') && names.has(name.slice(0, -3))))
    .sort((a, b) => compareNatural(a.replace(/\.gz$/, ''), b.replace(/\.gz$/, '')))
  const counter = new MarkerCounter(Buffer.from(marker))
  for (const name of files) {
    try {
      await feed(readFile(join(dir, name), chunkBytes), counter)
    } catch (err) {
      // compressed and removed since the listing: its archive holds the same lines
      if (!isMissing(err) || name.endsWith('.gz')) throw err
      await feed(readFile(join(dir, `${name}.gz`), chunkBytes), counter)
    }
  }
  return counter.count
}
