/**
 * Durable categories (issue 10, item 1): a child logs audit and enforcement records and SIGKILLs
 * itself at once; after a restart every record is in the files exactly once, also when the
 * restart itself is killed in the middle of its replay. Real child processes, real files.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readLines, tempDir } from './helpers/sinks.js'
import { runChild } from './helpers/durable.js'

const t = tempDir('lw-durable-')
afterAll(() => t.cleanup())

/** The `i` of every record of the category, sorted, from its file. */
function indexes(dir: string, category: string): number[] {
  return readLines(join(dir, `${category}.log`))
    .filter((r) => r.category === category && typeof r.i === 'number')
    .map((r) => r.i as number)
    .sort((a, b) => a - b)
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i)

function segments(dir: string): string[] {
  const journal = join(dir, '.journal')
  return existsSync(journal) ? readdirSync(journal).filter((f) => f.endsWith('.wal')) : []
}

describe('durable categories survive SIGKILL', () => {
  it.each([1, 2000])(
    '%i record(s) of each durable category, SIGKILL right after: all there exactly once after a restart',
    async (n) => {
      const dir = join(t.dir, `kill-${n}`)
      const killed = await runChild({ mode: 'kill', dir, n })
      expect(killed.signal).toBe('SIGKILL')
      expect(segments(dir).length).toBeGreaterThan(0)
      const restarted = await runChild({ mode: 'restart', dir })
      expect(restarted.code, restarted.stderr).toBe(0)
      expect(indexes(dir, 'audit')).toEqual(range(n))
      expect(indexes(dir, 'enforcement')).toEqual(range(n))
      expect(segments(dir)).toEqual([])
      // the replay is said in the logs, where an auditor looks
      expect(readLines(join(dir, 'system.log')).some((r) => r.event === 'journal_replay')).toBe(true)
    },
    30_000,
  )

  it('a restart killed in the middle of its replay, then another restart: still exactly once', async () => {
    const dir = join(t.dir, 'replay-kill')
    // a slow second sink: its part of the replay takes ~2 s, and the second run is killed inside it
    const slow = join(t.dir, 'replay-kill-slow.log')
    const n = 2000
    expect((await runChild({ mode: 'kill', dir, n, batch: 50, slow })).signal).toBe('SIGKILL')
    const second = await runChild({ mode: 'replay-kill', dir, batch: 50, slow })
    expect(second.signal, second.stderr).toBe('SIGKILL')
    // killed before the replay was confirmed: the journal is still there
    expect(segments(dir).length).toBeGreaterThan(0)
    const third = await runChild({ mode: 'restart', dir, batch: 50, slow })
    expect(third.code, third.stderr).toBe(0)
    expect(indexes(dir, 'audit')).toEqual(range(n))
    expect(indexes(dir, 'enforcement')).toEqual(range(n))
    expect(segments(dir)).toEqual([])
    // sink-file skipped what it already held, twice over
    const skipped = (JSON.parse(third.stdout) as { stats: Array<{ name: string; counters: Record<string, number> }> }).stats.find(
      (l) => l.name === 'sink-file',
    )!.counters.replay_skipped
    expect(skipped).toBeGreaterThan(0)
  }, 60_000)

  it('a clean exit leaves no journal behind', async () => {
    const dir = join(t.dir, 'clean')
    const r = await runChild({ mode: 'restart', dir })
    expect(r.code, r.stderr).toBe(0)
    expect(segments(dir)).toEqual([])
  })
})
