/**
 * The fallbacks that write to stderr, with stderr a pipe whose reader lags (systemd, docker,
 * `2>&1 | tee`): Node leaves such a pipe non-blocking, so one writeSync writes part of the data
 * or fails with EAGAIN. Real child processes, a real pipe read slowly, a real full filesystem.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn, execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { tempDir } from './helpers/sinks.js'

const CHILD = new URL('./fixtures/pipe-child.mjs', import.meta.url).pathname
const t = tempDir('lw-pipe-')
afterAll(() => t.cleanup())

/** Reads a pipe late and then one chunk at a time with a pause after each: the writer meets a full pipe often. */
function readSlowly(stream: Readable, pauseMs = 20): Promise<string> {
  const parts: Buffer[] = []
  stream.pause()
  setTimeout(() => stream.resume(), 300)
  stream.on('data', (part: Buffer) => {
    parts.push(part)
    stream.pause()
    setTimeout(() => stream.resume(), pauseMs)
  })
  return new Promise((resolve) => stream.once('end', () => resolve(Buffer.concat(parts).toString('utf8'))))
}

/** `fileLimitKb`: run under a file-size limit (RLIMIT_FSIZE; Node ignores SIGXFSZ, so writes past it fail with EFBIG) */
function run(args: string[], fileLimitKb?: number) {
  const argv = [CHILD, ...args]
  const child =
    fileLimitKb === undefined
      ? spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] })
      : // ulimit -f counts 512-byte blocks in POSIX sh (dash)
        spawn('/bin/sh', ['-c', `ulimit -f ${fileLimitKb * 2} && exec "$0" "$@"`, process.execPath, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  child.stdout.on('data', (d) => (stdout += d))
  const stderr = readSlowly(child.stderr)
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return Promise.all([exited, stderr]).then(([code, err]) => ({ code, stderr: err, stats: JSON.parse(stdout.trim().split('\n').at(-1) || '{}') }))
}

/** The `i` of every record line ("rec") in some text of JSON lines; other lines are skipped. */
function recordsIn(text: string): number[] {
  const out: number[] = []
  for (const line of text.split('\n')) {
    if (!line.includes('"rec"')) continue
    try {
      const r = JSON.parse(line.replace(/^logwarden \(closed\): /, '')) as { message?: string; i?: number }
      if (r.message === 'rec') out.push(r.i!)
    } catch {
      // a line torn by the full disk; its record is repeated whole on stderr
    }
  }
  return out
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i)

describe('a stuck sink at process.exit(), stderr a slowly read pipe', () => {
  it('every unconfirmed record reaches stderr, counted (20,000 records)', async () => {
    const N = 20_000
    const result = await run(['stuck-exit', String(N), t.dir])
    expect(result.code).toBe(0)
    const m = /sink "stuck": (\d+) record\(s\) not written within the exit deadline/.exec(result.stderr)
    expect(m).not.toBeNull()
    expect(Number(m![1])).toBe(N)
    const seen = recordsIn(result.stderr)
    expect(seen.length).toBe(N)
    expect(new Set(seen).size).toBe(N)
  }, 60_000)
})

describe('records logged after close(), then process.exit(), stderr a slowly read pipe', () => {
  it('every one reaches stderr (20,000 records)', async () => {
    const N = 20_000
    const result = await run(['after-close', String(N), join(t.dir, 'closed')])
    expect(result.code).toBe(0)
    const seen = recordsIn(result.stderr)
    expect(seen.length).toBe(N)
    expect(new Set(seen).size).toBe(N)
    expect(result.stats.emergencyLost).toBe(0)
  }, 60_000)
})

describe('disk full, stderr a slowly read pipe', () => {
  const mnt = join(t.dir, 'mnt')
  // root: a real full filesystem (a 1 MiB tmpfs); otherwise a 1 MiB file-size limit on the child.
  // LW_TEST_FILE_LIMIT=1 forces the second as root too.
  const useTmpfs = process.getuid?.() === 0 && process.env.LW_TEST_FILE_LIMIT !== '1'
  beforeAll(() => {
    mkdirSync(mnt)
    if (useTmpfs) execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt])
  })
  afterAll(() => {
    if (useTmpfs) execFileSync('umount', [mnt])
  })

  it('no record is lost, and log_write_failed reaches the other sink and stderr', async () => {
    const N = 20_000
    const spare = join(t.dir, 'spare')
    const result = await run(['disk-full', String(N), join(mnt, 'logs'), spare], useTmpfs ? undefined : 1024)
    expect(result.code).toBe(0)
    const inFile = recordsIn(readFileSync(join(mnt, 'logs', 'system.log'), 'utf8'))
    const onStderr = recordsIn(result.stderr)
    expect(onStderr.length).toBeGreaterThan(0)
    expect([...new Set([...inFile, ...onStderr])].sort((a, b) => a - b)).toEqual(range(N))
    const lane = result.stats.lanes.find((l: { name: string }) => l.name === 'sink-file')
    expect(lane.counters.fallback_lost ?? 0).toBe(0)
    expect(lane.counters.fallback).toBe(onStderr.length)
    // the report: on stderr, and in the other sink's error file
    expect(result.stderr).toMatch(/^logwarden: sink "sink-file" cannot write .*system\.log \((ENOSPC|EFBIG)\)/m)
    expect(readdirSync(spare)).toContain('error.log')
    expect(readFileSync(join(spare, 'error.log'), 'utf8')).toContain('"event":"log_write_failed"')
  }, 60_000)
})
