/**
 * Durable categories and sealing together: a real logger (sink-file, rotate with gzip, audit-seal,
 * the default write-ahead journal for audit and enforcement) is SIGKILLed on its first write after
 * a rotation; the restart replays the journal. verify must hold before (an unsealed tail at most)
 * and after (verified, nothing unsealed), and every record must be in the files exactly once —
 * including those rotated (and gzipped) out of the active file before the kill, which the replay
 * must find there instead of writing, and sealing, a second copy.
 */
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { verifyDir } from '../../lib/seal/index.js'
import type { VerificationKey } from '../../lib/seal/index.js'
import { readCategoryLines, removeDir, sleep, tempDir } from '../sink-file/test/helpers.js'
import { initKey } from './test/harness.js'

const CHILD = new URL('./test/durable-child.mjs', import.meta.url).pathname
const cleanups: Array<() => unknown> = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

function runChild(args: object): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CHILD, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] })
    cleanups.push(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

/** The `i` of every record of the category across its active, rotated and gzipped files, in file order. */
function indexes(dir: string, category: string): number[] {
  const out: number[] = []
  for (const line of readCategoryLines(dir, category)) {
    let r: { category?: string; i?: unknown }
    try {
      r = JSON.parse(line) as typeof r
    } catch {
      continue // a line a kill tore: not a record
    }
    if (r.category === category && typeof r.i === 'number') out.push(r.i)
  }
  return out
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const rotated = (dir: string, category: string) => readdirSync(dir).filter((f) => f.startsWith(`${category}.`) && f !== `${category}.log`)

/**
 * Kills the logger on its first write after rotation `killAtRotation`, removes the journal's
 * watermarks (the state of a kill before its first watermark write, 100 ms after the records: every
 * record is replayed, those already rotated out included), waits `pauseMs`, restarts.
 */
async function killAndRestart(key: (dir: string) => VerificationKey, n: number, killAtRotation: number, pauseMs: number) {
  const dir = tempDir('lw-seal-durable-')
  cleanups.push(() => removeDir(dir))
  const vk = key(dir)
  const killed = await runChild({ mode: 'kill', dir, n, killAtRotation })
  expect(killed.signal, killed.stderr).toBe('SIGKILL')
  const beforeRestart = { audit: indexes(dir, 'audit'), enforcement: indexes(dir, 'enforcement') }
  // the kill came while the records were still being written, after some were rotated out
  expect(beforeRestart.audit.length + beforeRestart.enforcement.length).toBeLessThan(2 * n)
  expect(rotated(dir, 'audit').length + rotated(dir, 'enforcement').length).toBeGreaterThanOrEqual(killAtRotation)

  // a crash is never tampering: at most an unsealed tail
  const crashed = verifyDir({ dir, key: vk })
  expect(crashed.status, JSON.stringify(crashed.categories.map((c) => c.break))).toBe('verified')

  const journal = join(dir, '.journal')
  expect(existsSync(journal)).toBe(true)
  for (const f of readdirSync(journal)) if (f.endsWith('.acks')) rmSync(join(journal, f))
  await sleep(pauseMs)

  const restarted = await runChild({ mode: 'restart', dir })
  expect(restarted.code, restarted.stderr).toBe(0)
  const { counters } = JSON.parse(restarted.stdout) as { counters: Record<string, number> }
  // what the files held already (active, rotated, gzipped) was skipped, not written again
  expect(counters.replay_skipped).toBe(beforeRestart.audit.length + beforeRestart.enforcement.length)

  for (const category of ['audit', 'enforcement']) expect(indexes(dir, category).sort((a, b) => a - b)).toEqual(range(n))
  const after = verifyDir({ dir, key: vk })
  expect(after.status, JSON.stringify(after.categories.map((c) => c.break))).toBe('verified')
  for (const c of after.categories) {
    expect(c.break).toBeUndefined()
    expect(c.unsealed).toBeUndefined()
    expect(c.sealedLines).toBe(readCategoryLines(dir, c.category).length)
  }
  return after
}

describe('audit-seal with durable categories', () => {
  it('SIGKILL right after a rotation, every record replayed: verified, each record exactly once, no seal late', async () => {
    const report = await killAndRestart((dir) => initKey(dir), 300, 6, 0)
    expect(report.categories.map((c) => c.category)).toEqual(['audit', 'enforcement'])
    for (const c of report.categories) expect(c.late).toEqual([])
  }, 90_000)

  it('restarted two epochs after the kill: the replayed records are sealed late (reported), never out of epoch', async () => {
    const report = await killAndRestart((dir) => initKey(dir, 1000), 300, 3, 2500)
    expect(report.categories.some((c) => c.late.length > 0)).toBe(true)
  }, 90_000)
})
