/**
 * core/write-all.ts, the writer behind every last-resort output, against a real non-blocking pipe:
 * a slow reader gets every byte; a reader that stops costs at most stallMs, and the caller learns
 * exactly how much was not written.
 */
import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'

const CHILD = new URL('./fixtures/write-all-child.mjs', import.meta.url).pathname

function run(lines: number, stallMs: number, reader: 'slow' | 'none') {
  const child = spawn(process.execPath, [CHILD, String(lines), String(stallMs)], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  const parts: Buffer[] = []
  child.stderr.pause()
  if (reader === 'slow') {
    setTimeout(() => child.stderr.resume(), 200)
    child.stderr.on('data', (d: Buffer) => {
      parts.push(d)
      child.stderr.pause()
      setTimeout(() => child.stderr.resume(), 10)
    })
  }
  return new Promise<{ result: { unwritten: number; code?: string; lost: number; ms: number }; stderr: string }>((resolve) => {
    child.on('exit', () => {
      if (reader === 'slow') return
      // what sat in the pipe unread is still readable now
      child.stderr.on('data', (d: Buffer) => parts.push(d))
      child.stderr.resume()
    })
    // 'close': the child exited and its stdio ended
    child.on('close', () => resolve({ result: JSON.parse(out), stderr: Buffer.concat(parts).toString('utf8') }))
  })
}

describe('writeAllSync on a non-blocking pipe', () => {
  it('a slow reader gets every line, in order', async () => {
    const { result, stderr } = await run(20_000, 2000, 'slow')
    expect(result).toMatchObject({ unwritten: 0, lost: 0 })
    expect(
      stderr
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { i: number }).i),
    ).toEqual(Array.from({ length: 20_000 }, (_, i) => i))
  })

  it('a reader that never reads: gives up after stallMs, and says exactly what was not written', async () => {
    const { result, stderr } = await run(20_000, 300, 'none')
    expect(result.code).toBe('EAGAIN')
    expect(result.ms).toBeGreaterThanOrEqual(290)
    expect(result.ms).toBeLessThan(2000)
    const written = stderr.split('\n')
    const whole = written.slice(0, -1).length // the last piece is a cut line (or empty)
    let total = 0
    for (let i = 0; i < 20_000; i++) total += Buffer.byteLength(`${JSON.stringify({ i, pad: 'x'.repeat(100) })}\n`)
    expect(result.unwritten).toBeGreaterThan(0)
    expect(Buffer.byteLength(stderr) + result.unwritten).toBe(total)
    expect(result.lost).toBe(20_000 - whole)
  })
})
