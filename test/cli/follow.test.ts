/** `tail --dir`'s follower: files rotated in and out between two looks are still read, in order. */
import { describe, expect, it, afterEach } from 'vitest'
import { appendFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { writeFileSync, unlinkSync, readFileSync } from 'node:fs'
import { follow } from '../../lib/log-dir/index.js'
import { tempDir } from '../helpers/sinks.js'

let cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

const line = (i: number) =>
  JSON.stringify({ timestamp: new Date(1_800_000_000_000 + i).toISOString(), level: 'info', category: 'system', message: 'r', i }) + '\n'
const write = (file: string, from: number, to: number) => {
  for (let i = from; i < to; i++) appendFileSync(file, line(i))
}

async function until(check: () => boolean, ms = 5000) {
  const end = Date.now() + ms
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 10))
}

describe('follow', () => {
  it('reads every record once, in order, through a burst of rotations it could not watch happen', async () => {
    const t = tempDir('lw-follow-')
    cleanup.push(t.cleanup)
    const active = join(t.dir, 'system.log')
    write(active, 0, 10)
    const seen: number[] = []
    const ac = new AbortController()
    const done = follow({ dir: t.dir, backlog: 10, pollMs: 50, signal: ac.signal, onLine: (l) => seen.push(JSON.parse(l).i) })
    cleanup.push(async () => {
      ac.abort()
      await done
    })
    await until(() => seen.length === 10)

    // three rotations in one synchronous burst: the follower cannot look in between
    renameSync(active, join(t.dir, 'system.2026-11-23T10-00-00Z.1.log'))
    write(active, 10, 20)
    renameSync(active, join(t.dir, 'system.2026-11-23T10-00-00Z.2.log'))
    write(active, 20, 30)
    // the middle one is even compressed already, as rotate does in the background
    const middle = join(t.dir, 'system.2026-11-23T10-00-00Z.2.log')
    writeFileSync(`${middle}.gz`, gzipSync(readFileSync(middle)))
    unlinkSync(middle)
    renameSync(active, join(t.dir, 'system.2026-11-23T10-00-01Z.1.log'))
    write(active, 30, 40)

    await until(() => seen.length >= 40)
    await new Promise((r) => setTimeout(r, 200)) // nothing more arrives twice
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => i))
  })
})
