import { spawn, execFileSync } from 'node:child_process'
import { closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Batch, BatchGroup, SinkContext } from '../../core/sink-contract.js'
import { createSink, type ConsoleWorkerOptions } from './worker.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-console-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

/** A SinkContext with the runtime's shape, recording what the sink reports. */
function context() {
  const logs: unknown[][] = []
  const counts: Record<string, number> = {}
  const ctx: SinkContext = {
    name: 'sink-console',
    log: (...args) => void logs.push(args),
    count: (name, n = 1) => void (counts[name] = (counts[name] ?? 0) + n),
    runTask: () => Promise.reject(new Error('not used')),
    signal: new AbortController().signal,
  }
  return { ctx, logs, counts }
}

function group(category: string, records: object[], errorCopy = false): BatchGroup {
  const text = records.map((r) => `${JSON.stringify(r)}\n`).join('')
  return { category, errorCopy, data: new TextEncoder().encode(text), count: records.length }
}

const rec = (category: string, level: string, message: string, extra: object = {}) => ({
  timestamp: '2025-10-15T10:23:45.123Z',
  level,
  category,
  message,
  event_id: 'x',
  ...extra,
})

function options(fd: number, extra: Partial<ConsoleWorkerOptions> = {}): ConsoleWorkerOptions {
  return { fd, colors: 'auto', fields: true, stacks: false, timezone: 'UTC', categories: '*', ...extra }
}

describe('sink-console worker', () => {
  it('writes one human line per record to the fd, without colors on a file', async () => {
    const file = join(dir, 'out.txt')
    const fd = openSync(file, 'w')
    const { ctx, counts } = context()
    const sink = createSink(options(fd), ctx)
    const batch: Batch = {
      seq: 1,
      groups: [
        group('enforcement', [rec('enforcement', 'info', 'Position closed', { account_id: 'ABC123', rule: 'UnrealizedLoss' })]),
        group('system', [rec('system', 'warn', 'Connection lost'), rec('system', 'info', 'Connection restored')]),
      ],
    }
    await sink.write(batch)
    closeSync(fd)
    expect(readFileSync(file, 'utf8')).toBe(
      '[10:23:45.123] INFO  | enforcement | ABC123 | Position closed rule=UnrealizedLoss\n' +
        '[10:23:45.123] WARN  | system | Connection lost\n' +
        '[10:23:45.123] INFO  | system | Connection restored\n',
    )
    expect(counts.written).toBe(3)
  })

  it('skips error copies of records it already shows, keeps copies of other categories', async () => {
    const file = join(dir, 'out.txt')
    const fd = openSync(file, 'w')
    const err = rec('enforcement', 'error', 'close failed')
    const all = createSink(options(fd), context().ctx)
    await all.write({ seq: 1, groups: [group('enforcement', [err]), group('error', [err], true)] })
    const onlyError = createSink(options(fd, { categories: ['error'] }), context().ctx)
    await onlyError.write({ seq: 2, groups: [group('error', [err], true)] })
    closeSync(fd)
    const lines = readFileSync(file, 'utf8').trim().split('\n')
    expect(lines).toEqual(['[10:23:45.123] ERROR | enforcement | close failed', '[10:23:45.123] ERROR | enforcement | close failed'])
  })

  it('colors: true colors even on a file', async () => {
    const file = join(dir, 'out.txt')
    const fd = openSync(file, 'w')
    const sink = createSink(options(fd, { colors: true }), context().ctx)
    await sink.write({ seq: 1, groups: [group('system', [rec('system', 'error', 'boom')])] })
    closeSync(fd)
    expect(readFileSync(file, 'utf8')).toContain('\u001b[31mERROR\u001b[39m')
  })

  it('answers the test command with a line', async () => {
    const file = join(dir, 'out.txt')
    const fd = openSync(file, 'w')
    const sink = createSink(options(fd), context().ctx)
    expect(await sink.command!('test', undefined)).toEqual({ ok: true })
    closeSync(fd)
    expect(readFileSync(file, 'utf8')).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO {2}\| system \| sink-console: test line\n$/)
  })

  it('a closed reader (EPIPE) drops records with one notice instead of failing forever', async () => {
    const fifo = join(dir, 'fifo')
    execFileSync('mkfifo', [fifo])
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK)
    const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK)
    closeSync(reader)
    const { ctx, logs, counts } = context()
    const sink = createSink(options(writer), ctx)
    await sink.write({ seq: 1, groups: [group('system', [rec('system', 'info', 'a')])] })
    await sink.write({ seq: 2, groups: [group('system', [rec('system', 'info', 'b')])] })
    closeSync(writer)
    expect(counts.dropped).toBe(1)
    expect(logs).toHaveLength(1)
    expect(logs[0].slice(0, 2)).toEqual(['warn', 'system'])
  })

  it('waits out a full non-blocking pipe (EAGAIN) and writes everything', async () => {
    const fifo = join(dir, 'fifo')
    const out = join(dir, 'drained.txt')
    execFileSync('mkfifo', [fifo])
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK)
    const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK)
    // a slow consumer: starts reading only after the pipe buffer (64 KiB) is full
    const cat = spawn('sh', ['-c', `sleep 0.3; cat "${fifo}" > "${out}"`], { stdio: 'ignore' })
    const done = new Promise((resolve) => cat.on('exit', resolve))
    const records = Array.from({ length: 2000 }, (_, i) => rec('system', 'info', `line ${i} ${'x'.repeat(60)}`))
    const sink = createSink(options(writer, { fields: false }), context().ctx)
    await sink.write({ seq: 1, groups: [group('system', records)] })
    closeSync(writer)
    closeSync(reader)
    await done
    const lines = readFileSync(out, 'utf8').trim().split('\n')
    expect(lines).toHaveLength(2000)
    expect(lines[1999]).toContain('line 1999')
  })
})
