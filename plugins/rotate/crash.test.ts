import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { parseLogFileName } from '../../lib/log-dir/index.js'
import { exited, readCategoryLines, removeDir, sleep, spawnTs, tempDir, waitForLine } from '../sink-file/test/helpers.js'

const CHILD = fileURLToPath(new URL('./test/rotate-child.ts', import.meta.url))
const cleanups: Array<() => unknown> = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

/** Line numbers in the order a reader meets them (rotated by name, then active). */
function numbers(dir: string): number[] {
  return readCategoryLines(dir, 'system').map((line) => (JSON.parse(line) as { i: number }).i)
}

function expectExactlyOnce(found: number[], atLeast: number): void {
  expect(found.length).toBeGreaterThanOrEqual(atLeast)
  // 0, 1, 2, … without a gap, a repeat or a swap
  const firstBad = found.findIndex((n, k) => n !== k)
  expect(firstBad, `line ${firstBad} is ${found[firstBad]}`).toBe(-1)
}

describe('rotate: crash safety', () => {
  it('loses and duplicates no line when SIGKILLed during rotations, and the next start finishes the compression', async () => {
    const dir = tempDir('lw-crash-')
    cleanups.push(() => removeDir(dir))
    let next = 0
    let leftoversSeen = 0
    for (let cycle = 0; cycle < 5; cycle++) {
      const child = spawnTs(CHILD, [dir, String(next)])
      cleanups.push(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      })
      // let it write (and rotate ~15 times) from where the last run stopped, then kill it at a random moment
      const target = next + 1000
      await waitForLine(child, /^wrote (\d+)$/, 15_000, (m) => Number(m[1]) >= target)
      await sleep(Math.random() * 30)
      child.kill('SIGKILL')
      await exited(child)
      const names = readdirSync(dir)
      // uncompressed rotated files or a partial .gz: the kill interrupted rotation work
      if (names.some((n) => ['rotated', 'partial'].includes(parseLogFileName(n)?.kind ?? ''))) leftoversSeen++
      const found = numbers(dir)
      expectExactlyOnce(found, target)
      next = found.length
    }
    // recovery was exercised, not just clean stops
    expect(leftoversSeen).toBeGreaterThan(0)

    const last = spawnTs(CHILD, [dir, String(next), String(next + 200)])
    await waitForLine(last, /^done$/, 30_000)
    expect(await exited(last)).toBe(0)
    const names = readdirSync(dir).filter((n) => n !== 'system.log' && !n.startsWith('.'))
    expect(names.length).toBeGreaterThan(50)
    for (const n of names) expect(parseLogFileName(n)?.kind, n).toBe('compressed')
    expectExactlyOnce(numbers(dir), next + 200)
    expect(numbers(dir)).toHaveLength(next + 200)
  }, 120_000)
})
