/**
 * `logwarden query` as the real binary over real files: newest-N from the end (an unreadable old
 * archive is never opened), files and stdin, a closed pipe stops the scan, level numbers, --where
 * operators, message grep/regex with smart case, relative days, an inverted range, the views.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { BIN, readJsonLines, run } from './helpers.js'

// each case runs the CLI several times; a loaded machine takes seconds per start
vi.setConfig({ testTimeout: 120_000 })
let dir: string
let logs: string
const rec = (timestamp: string, message: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ timestamp, level: 'info', category: 'system', message, ...extra })

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-cli-query-'))
  logs = join(dir, 'logs')
  mkdirSync(logs)
  // the oldest archive is not gzip at all: a query that opens it says "skipped"
  writeFileSync(join(logs, 'system.2026-11-19T00-00-00Z.1.log.gz'), 'this is not gzip')
  writeFileSync(
    join(logs, 'system.2026-11-20T12-00-00Z.1.log.gz'),
    gzipSync(
      `${rec('2026-11-20T10:00:00.000Z', 'Position closed MNQ', { qty: 2, account_id: 'A1' })}\n${rec('2026-11-20T11:00:00.000Z', 'fill ES', { qty: 10, level: 'warn' })}\n`,
    ),
  )
  writeFileSync(join(logs, 'system.2026-11-21T12-00-00Z.1.log'), `${rec('2026-11-21T10:00:00.000Z', 'position REDUCED', { qty: 3, stop: 1 })}\n`)
  writeFileSync(
    join(logs, 'system.log'),
    `${rec('2026-11-22T10:00:00.000Z', 'active-1', { level: 'error', error: { type: 'TypeError', message: 'boom', stack: 'TypeError: boom\n    at f (a.js:1:1)\n    at \u001b[2Jg (b.js:2:2)' } })}\n${rec('2026-11-22T11:00:00.000Z', 'active-2', { correlation_id: '0123456789abcdef', event_id: 'fedcba9876543210' })}\n`,
  )
  writeFileSync(join(logs, 'enforcement.log'), `${rec('2026-11-22T10:30:00.000Z', 'locked', { category: 'enforcement', level: 'critical' })}\n`)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const messages = async (args: string[], input?: string) => {
  const res = await run(['query', '--json', ...args], { input })
  return { ...res, messages: readJsonLines(res.stdout).map((r) => r.message) }
}

describe('query -n (newest N)', () => {
  it('reads from the newest file backwards and never opens the old archives', async () => {
    const res = await messages(['--dir', logs, '-n', '3'])
    expect(res.messages).toEqual(['active-1', 'locked', 'active-2'])
    expect(res.stderr).not.toContain('skipped')
    const reverse = await messages(['--dir', logs, '-n', '2', '-r', '-c', 'system'])
    expect(reverse.messages).toEqual(['active-2', 'active-1'])
    // reaching past the readable archives opens the broken one, and says so
    const all = await messages(['--dir', logs, '-n', '100', '-c', 'system'])
    expect(all.messages).toEqual(['Position closed MNQ', 'fill ES', 'position REDUCED', 'active-1', 'active-2'])
    expect(all.stderr).toContain('skipped')
  })
})

describe('query filters', () => {
  it('levels by name or number', async () => {
    expect((await messages(['--dir', logs, '-c', 'system', '--level', '40'])).messages).toEqual(['fill ES', 'active-1'])
    expect((await messages(['--dir', logs, '-c', 'system', '--level', 'error'])).messages).toEqual(['active-1'])
  })

  it('--where operators and message grep/regex with smart case', async () => {
    const q = async (...args: string[]) => (await messages(['--dir', logs, '-c', 'system', ...args])).messages
    expect(await q('--where', 'qty>2')).toEqual(['fill ES', 'position REDUCED'])
    expect(await q('--where', 'qty<=2')).toEqual(['Position closed MNQ'])
    expect(await q('--where', 'stop')).toEqual(['position REDUCED'])
    expect(await q('--where', '!qty')).toEqual(['active-1', 'active-2'])
    expect(await q('--where', 'account_id!=A1', '--where', 'qty')).toEqual(['fill ES', 'position REDUCED'])
    expect(await q('--grep', 'position')).toEqual(['Position closed MNQ', 'position REDUCED'])
    expect(await q('--grep', 'Position')).toEqual(['Position closed MNQ'])
    expect(await q('--grep', 'account')).toEqual([]) // a key name is not the message
    expect(await q('--regex', 'position (closed|reduced)')).toEqual(['Position closed MNQ', 'position REDUCED'])
  })

  it('relative times and an inverted range', async () => {
    const now = Date.now()
    const fresh = join(dir, 'fresh')
    mkdirSync(fresh)
    const today = new Date(now)
    today.setHours(0, 0, 0, 0)
    const lines = [
      rec(new Date(today.getTime() - 3_600_000).toISOString(), 'yesterday-late'),
      // a second past midnight at least: `--until today` ends at midnight, inclusive
      rec(new Date(Math.max(today.getTime() + 1000, now - 1_800_000)).toISOString(), 'recent'),
    ]
    writeFileSync(join(fresh, 'system.log'), `${lines.join('\n')}\n`)
    expect((await messages(['--dir', fresh, '--since', 'today'])).messages).toEqual(['recent'])
    expect((await messages(['--dir', fresh, '--since', 'yesterday', '--until', 'today'])).messages).toEqual(['yesterday-late'])
    expect((await messages(['--dir', fresh, '--since', '-2h'])).messages).toContain('recent')
    const inverted = await run(['query', '--dir', fresh, '--since', 'today', '--until', 'yesterday'])
    expect(inverted.code).toBe(2)
    expect(inverted.stderr).toContain('the time range is inverted')
    expect(inverted.stderr).not.toContain('no matching records')
  })
})

describe('query files and stdin', () => {
  it('reads the files given, plain or gzipped (by content), and stdin', async () => {
    const res = await messages([join(logs, 'system.2026-11-20T12-00-00Z.1.log.gz'), join(logs, 'system.log')])
    expect(res.messages).toEqual(['Position closed MNQ', 'fill ES', 'active-1', 'active-2'])
    const stdin = await messages(['-', '--grep', 'active'], `${rec('2026-11-22T10:00:00.000Z', 'active-x')}\n${rec('2026-11-22T10:00:01.000Z', 'other')}\n`)
    expect(stdin.messages).toEqual(['active-x'])
    const last = await messages([join(logs, 'system.2026-11-20T12-00-00Z.1.log.gz'), '-n', '1'])
    expect(last.messages).toEqual(['fill ES'])
    const both = await run(['query', '--dir', logs, join(logs, 'system.log')])
    expect(both.code).toBe(2)
  })

  it('gzipped stdin', async () => {
    const child = spawn(process.execPath, [BIN, 'query', '-', '--json'], { env: { ...process.env, NO_COLOR: '1' } })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stdin.end(gzipSync(`${rec('2026-11-22T10:00:00.000Z', 'zipped')}\n`))
    const code = await new Promise((r) => child.on('close', r))
    expect(code).toBe(0)
    expect(readJsonLines(out).map((r) => r.message)).toEqual(['zipped'])
  })
})

describe('query output', () => {
  it('short ids, multi-line escaped stacks, --fields/--hide, -o cat/json-pretty, --utc', async () => {
    const human = (await run(['query', '--dir', logs, '-c', 'system', '--since', '2026-11-22', '--utc'])).stdout.split('\n')
    expect(human[0]).toBe('[2026-11-22 10:00:00.000Z] ERROR | system | active-1  error="TypeError: boom"')
    expect(human[1]).toBe('    at f (a.js:1:1)')
    expect(human[2]).toBe('    at \\u001b[2Jg (b.js:2:2)') // escaped: a stack cannot drive the terminal
    expect(human[3]).toBe('[2026-11-22 11:00:00.000Z] INFO  | system | active-2  corr=01234567 evt=fedcba98')
    const picked = await run(['query', '--dir', logs, '-c', 'system', '--where', 'qty', '--fields', 'qty', '--utc'])
    expect(picked.stdout.split('\n')[0]).toBe('[2026-11-20 10:00:00.000Z] INFO  | system | Position closed MNQ  qty=2')
    const hidden = await run(['query', '--dir', logs, '-c', 'system', '--where', 'account_id=A1', '--hide', 'qty', '--utc'])
    expect(hidden.stdout).toBe('[2026-11-20 10:00:00.000Z] INFO  | system | Position closed MNQ  account_id=A1\n')
    const cat = await run(['query', '--dir', logs, '-c', 'system', '-o', 'cat', '--since', '2026-11-22'])
    expect(cat.stdout).toBe('active-1\nactive-2\n')
    const pretty = await run(['query', '--dir', logs, '-c', 'enforcement', '-o', 'json-pretty'])
    expect(JSON.parse(pretty.stdout)).toMatchObject({ message: 'locked' })
    expect(pretty.stdout).toContain('\n  "message": "locked"')
  })
})

describe('query | head', () => {
  it('stops reading as soon as the reader goes away', async () => {
    const big = join(dir, 'big.log')
    const line = rec('2026-11-22T10:00:00.000Z', 'x'.repeat(200))
    writeFileSync(big, `${`${line}\n`.repeat(200_000)}`) // ~50 MB
    const child = spawn('sh', ['-c', `"${process.execPath}" "${BIN}" query "${big}" --progress | head -1`], { env: { ...process.env, NO_COLOR: '1' } })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    const code = await new Promise((r) => child.on('close', r))
    expect(code).toBe(0)
    expect(out.split('\n').filter(Boolean)).toHaveLength(1)
    // the progress line's last words: bytes read of the total
    const m = /scanned: ([\d.]+)(B|KB|MB|GB) \/ ([\d.]+)(B|KB|MB|GB)/.exec(err)
    expect(m, err).not.toBeNull()
    const bytes = (n: string, unit: string) => Number(n) * ({ B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 } as Record<string, number>)[unit]!
    expect(bytes(m![1]!, m![2]!)).toBeLessThan(bytes(m![3]!, m![4]!) / 4)
    expect(err).not.toContain('EPIPE')
  })
})
