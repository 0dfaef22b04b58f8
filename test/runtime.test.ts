import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { readFileSync, existsSync } from 'node:fs'
import { createLogger, type LogwardenPlugin } from 'logwarden'
import { appendSink, readLines, tempDir } from './helpers/sinks.js'

let cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

function dir() {
  const t = tempDir()
  cleanup.push(t.cleanup)
  return t.dir
}

async function logger(config: Record<string, unknown>) {
  const log = await createLogger({ config })
  cleanup.push(() => log.close())
  return log
}

describe('sink lanes', () => {
  it('preserve per-sink order across many batches, and flush() waits for every record', async () => {
    const d = dir()
    const file = join(d, 'out.log')
    const log = await logger({ batch: { maxRecords: 50 }, plugins: [appendSink('slow', { file, delayMs: 2 })] })
    for (let i = 0; i < 5000; i++) log.info('n', { i })
    await log.flush()
    const seq = readLines(file).map((r) => r.i)
    expect(seq).toEqual(Array.from({ length: 5000 }, (_, i) => i))
  })

  it('restart a throwing sink and retry its batch; other sinks are unaffected', async () => {
    const d = dir()
    const flaky = join(d, 'flaky.log')
    const healthy = join(d, 'healthy.log')
    const log = await logger({
      plugins: [
        appendSink('flaky', { file: flaky, failTimes: 2, counterFile: join(d, 'count') }, { categories: ['system'] }),
        appendSink('healthy', { file: healthy }),
      ],
    })
    for (let i = 0; i < 100; i++) log.info('r', { i })
    await log.flush()
    // the failure report is a record logged during that flush; the second one covers it
    await log.flush()
    expect(readLines(flaky).map((r) => r.i)).toEqual(Array.from({ length: 100 }, (_, i) => i))
    expect(readLines(healthy).filter((r) => r.message === 'r')).toHaveLength(100)
    const reports = readLines(healthy).filter((r) => r.category === 'error' && String(r.message).includes('"flaky"'))
    expect(reports.length).toBeGreaterThanOrEqual(1)
    expect(reports[0]).toMatchObject({ code: 'LW_ERR_SINK_FAILED', sink: 'flaky' })
    expect(log.stats().lanes.find((l) => l.name === 'flaky')!.counters.retried).toBe(2)
  })

  it('restart a sink whose worker thread dies and resend what it had not acknowledged', async () => {
    const d = dir()
    const file = join(d, 'out.log')
    const other = join(d, 'other.log')
    const log = await logger({
      plugins: [
        appendSink('crashy', { file, crashTimes: 1, counterFile: join(d, 'count') }, { categories: ['system'] }),
        appendSink('other', { file: other }, { categories: ['system'] }),
      ],
    })
    for (let i = 0; i < 300; i++) log.info('r', { i })
    await log.flush()
    const seen = readLines(file)
      .filter((r) => r.message === 'r')
      .map((r) => r.i)
    expect(seen).toEqual(Array.from({ length: 300 }, (_, i) => i))
    expect(readLines(other).filter((r) => r.message === 'r')).toHaveLength(300)
    expect(log.stats().lanes.find((l) => l.name === 'crashy')!.restarts).toBeGreaterThanOrEqual(1)
  })

  it('hand a batch that fails every retry to the crash file, counted, without hurting the host', async () => {
    const d = dir()
    const crashFile = join(d, 'crash.log')
    const log = await logger({
      exit: { crashFile },
      plugins: [appendSink('broken', { file: join(d, 'x.log'), failTimes: 1000, counterFile: join(d, 'count') })],
    })
    log.info('must survive', { k: 1 })
    await log.flush()
    const text = readFileSync(crashFile, 'utf8')
    expect(text).toMatch(/sink "broken": 1 record\(s\) Error: planned failure 3/)
    expect(text).toContain('"message":"must survive"')
    expect(log.stats().lanes[0].failed).toBe(1)
  })

  it('drop-newest counts what it drops and reports it as a system record', async () => {
    const d = dir()
    const slow = join(d, 'slow.log')
    const watch = join(d, 'watch.log')
    const log = await logger({
      batch: { maxRecords: 10 },
      plugins: [
        appendSink('slow', { file: slow, delayMs: 300 }, { queue: { maxRecords: 50, overflow: 'drop-newest' }, categories: ['audit'] }),
        appendSink('watch', { file: watch }, { categories: ['system'] }),
      ],
    })
    for (let i = 0; i < 1000; i++) log.category('audit').info('a', { i })
    await log.flush()
    const written = readLines(slow).map((r) => r.i as number)
    const stats = log.stats().lanes.find((l) => l.name === 'slow')!
    expect(stats.dropped).toBeGreaterThan(0)
    expect(written.length + stats.dropped).toBe(1000)
    expect(written[0]).toBe(0) // the oldest survive
    const report = readLines(watch).find((r) => r.code === 'LW_ERR_QUEUE_OVERFLOW')
    expect(report).toMatchObject({ category: 'system', level: 'warn', sink: 'slow', policy: 'drop-newest' })
    expect(report!.dropped).toBe(stats.dropped)
  })

  it('drop-oldest keeps the newest records', async () => {
    const d = dir()
    const slow = join(d, 'slow.log')
    const log = await logger({
      batch: { maxRecords: 10 },
      plugins: [appendSink('slow', { file: slow, delayMs: 300 }, { queue: { maxRecords: 50, overflow: 'drop-oldest' } })],
    })
    for (let i = 0; i < 1000; i++) log.info('a', { i })
    await log.flush()
    const written = readLines(slow)
      .filter((r) => r.message === 'a')
      .map((r) => r.i as number)
    const stats = log.stats().lanes[0]
    expect(stats.dropped).toBeGreaterThan(0)
    expect(written.length + stats.dropped).toBe(1000)
    expect(written[written.length - 1]).toBe(999)
  })

  it('block makes the caller wait for room: nothing is dropped', async () => {
    const d = dir()
    const slow = join(d, 'slow.log')
    const log = await logger({
      batch: { maxRecords: 10 },
      plugins: [appendSink('slow', { file: slow, delayMs: 5 }, { queue: { maxRecords: 30, overflow: 'block' } })],
    })
    const t0 = Date.now()
    for (let i = 0; i < 300; i++) log.info('b', { i })
    const blockedMs = Date.now() - t0
    await log.flush()
    expect(readLines(slow).map((r) => r.i)).toEqual(Array.from({ length: 300 }, (_, i) => i))
    expect(log.stats().lanes[0].dropped).toBe(0)
    expect(blockedMs).toBeGreaterThan(20) // the synchronous calls really waited for the slow sink
  })
})

describe('a sink that cannot come back', () => {
  it('restarts with backoff (no storm), and close() ends within exit.timeoutMs with its records in the crash file', async () => {
    const d = dir()
    const crashFile = join(d, 'crash.log')
    const log = await createLogger({
      config: {
        exit: { timeoutMs: 800, crashFile },
        flushTimeoutMs: 500,
        plugins: [appendSink('doomed', { file: join(d, 'x.log'), crashTimes: 1, brokenAfterCrash: true, counterFile: join(d, 'count') })],
      },
    })
    log.info('first')
    await new Promise((r) => setTimeout(r, 1500))
    log.info('second')
    const restarts = log.stats().lanes[0].restarts
    expect(restarts).toBeGreaterThanOrEqual(1)
    expect(restarts).toBeLessThan(6)
    await expect(log.flush()).rejects.toThrow(/not confirmed within/)
    const t0 = Date.now()
    await log.close()
    // bounded by exit.timeoutMs (≈1.3 s here), far from the 30 s default flush timeout it guards
    expect(Date.now() - t0).toBeLessThan(10_000)
    console.log('closed in', Date.now() - t0)
    const text = readFileSync(crashFile, 'utf8')
    expect(text).toContain('"message":"first"')
    expect(text).toContain('"message":"second"')
  })
})

describe('commands', () => {
  it('uncloneable arguments are refused before anything is queued; an uncloneable result does not kill the thread', async () => {
    const d = dir()
    const file = join(d, 'out.log')
    const other = join(d, 'other.log')
    const log = await logger({ plugins: [appendSink('a', { file }), appendSink('b', { file: other })] })
    log.info('r1')
    await expect(log.command('a', 'test', { fn() {} })).rejects.toMatchObject({ code: 'LW_ERR_SINK_FAILED' })
    const result = (await log.command('a', 'uncloneable')) as Record<string, unknown>
    expect(result.self).toBe('[Circular]')
    log.info('r2')
    await log.flush()
    expect(readLines(file).map((r) => r.message)).toEqual(['r1', 'r2'])
    expect(log.stats().lanes.map((l) => l.restarts)).toEqual([0, 0])
  })
})

describe('hooks and pool', () => {
  it('a format tap replaces the JSON line; flush taps run after the sinks confirmed', async () => {
    const d = dir()
    const file = join(d, 'out.log')
    const seen: string[] = []
    const logfmt: LogwardenPlugin = {
      name: 'logfmt',
      apply(p) {
        p.hooks.format.tap('logfmt', (r) => JSON.stringify({ fmt: `${r.category}:${r.message}` }))
        p.hooks.flush.tapPromise('logfmt', async () => {
          seen.push(readFileSync(file, 'utf8'))
        })
      },
    }
    const log = await logger({ plugins: [logfmt, appendSink('mem', { file })] })
    log.info('hello')
    await log.flush()
    expect(readLines(file)).toEqual([{ fmt: 'system:hello' }])
    expect(seen[0]).toContain('system:hello')
  })

  it('ctx.runTask runs a one-off job on the pool, off the sink’s own thread', async () => {
    const d = dir()
    const log = await logger({ plugins: [appendSink('mem', { file: join(d, 'x.log') })] })
    const result = (await log.command('mem', 'task', 21)) as { value: number; threadId: number }
    expect(result.value).toBe(42)
    expect(result.threadId).toBeGreaterThan(0) // not the main thread
  })

  it('block gives up after exit.timeoutMs when the sink cannot keep up: drops and counts', async () => {
    const d = dir()
    const log = await logger({
      batch: { maxRecords: 5 },
      exit: { timeoutMs: 100 },
      plugins: [appendSink('stuck', { file: join(d, 'x.log'), delayMs: 5000 }, { queue: { maxRecords: 10, overflow: 'block' } })],
    })
    const t0 = Date.now()
    for (let i = 0; i < 40; i++) log.info('b', { i })
    const waited = Date.now() - t0
    const stats = log.stats().lanes[0]
    expect(stats.dropped).toBeGreaterThan(0)
    expect(stats.accepted + stats.dropped).toBe(40)
    expect(waited).toBeGreaterThanOrEqual(90) // it did wait once...
    expect(waited).toBeLessThan(1000) // ...but not again per call while the sink makes no progress (30 × 100 ms)
  })

  it('readLogs is exported from the package root', async () => {
    const { readLogs } = await import('logwarden')
    expect(typeof readLogs).toBe('function')
  })
})

describe('the error hook', () => {
  it('a throwing error-hook tap never crashes the host', async () => {
    const d = dir()
    const crashFile = join(d, 'crash.log')
    const metrics: LogwardenPlugin = {
      name: 'metrics',
      apply(p) {
        p.hooks.error.tap('metrics', () => {
          throw new Error('metrics backend down')
        })
      },
    }
    const log = await logger({
      exit: { crashFile },
      plugins: [metrics, appendSink('flaky', { file: join(d, 'f.log'), failTimes: 1, counterFile: join(d, 'count') })],
    })
    log.info('survives')
    await log.flush()
    expect(readLines(join(d, 'f.log')).some((r) => r.message === 'survives')).toBe(true)
  })
})

describe('the audit trail', () => {
  it('is written whatever the level: log.audit, category views and plugin records', async () => {
    const d = dir()
    const file = join(d, 'out.log')
    let pipeline: import('logwarden').Pipeline | undefined
    const grab: LogwardenPlugin = {
      name: 'grab',
      apply(p) {
        pipeline = p
      },
    }
    const log = await logger({ level: 'error', plugins: [grab, appendSink('mem', { file })] })
    log.audit({ action: 'level_changed', actor: 'admin' })
    log.category('audit').info('manual audit entry')
    pipeline!.log(30, 'audit', 'from a plugin', { who: 'token-1' })
    log.info('ordinary info is still filtered')
    log.category('system').warn('so is a warning')
    await log.flush()
    expect(readLines(file).map((r) => [r.category, r.message])).toEqual([
      ['audit', 'level_changed by admin'],
      ['audit', 'manual audit entry'],
      ['audit', 'from a plugin'],
    ])
  })
})

describe('plugin failures', () => {
  it('a throwing hook is reported with the plugin and hook names, and never reaches the caller', async () => {
    const d = dir()
    const file = join(d, 'out.log')
    const bad: LogwardenPlugin = {
      name: 'bad-observer',
      apply(p) {
        p.hooks.aggregate.tap('bad-observer', (_line, record) => {
          if (record.message === 'trigger') throw new Error('observer broke')
        })
      },
    }
    const log = await logger({ plugins: [bad, appendSink('mem', { file })] })
    expect(() => log.info('trigger')).not.toThrow()
    await log.flush()
    const lines = readLines(file)
    expect(lines.find((r) => r.message === 'trigger')).toBeDefined()
    const report = lines.find((r) => r.code === 'LW_ERR_PLUGIN_FAILED')
    expect(report).toMatchObject({ category: 'error', level: 'error' })
    expect(report!.message).toBe('plugin "bad-observer" failed in hook "aggregate": Error: observer broke')
  })

  it('a throwing redact hook fails closed: the record is kept, its fields are withheld', async () => {
    const d = dir()
    const file = join(d, 'out.log')
    const bad: LogwardenPlugin = {
      name: 'bad-redact',
      apply(p) {
        p.hooks.redact.tap('bad-redact', () => {
          throw new Error('rule bug')
        })
      },
    }
    const log = await logger({ plugins: [bad, appendSink('mem', { file })] })
    log.info('card 4111111111111111', { apiKey: 'sk-live-secret' })
    await log.flush()
    const text = readFileSync(file, 'utf8')
    expect(text).not.toContain('sk-live-secret')
    expect(text).not.toContain('4111111111111111')
    expect(readLines(file).find((r) => r.lw_error === 'LW_ERR_REDACTION_FAILED')).toMatchObject({ message: '[withheld: redaction failed]' })
  })

  it('a plugin whose init hook fails makes createLogger reject with its name; its close hook still runs', async () => {
    let closed = false
    const broken: LogwardenPlugin = {
      name: 'needs-db',
      apply(p) {
        p.hooks.init.tapPromise('needs-db', async () => {
          throw new Error('database unreachable')
        })
        p.hooks.close.tapPromise('needs-db', async () => {
          closed = true
        })
      },
    }
    await expect(createLogger({ config: { plugins: [broken] } })).rejects.toMatchObject({
      code: 'LW_ERR_PLUGIN_FAILED',
      message: 'plugin "needs-db" failed in hook "init": Error: database unreachable',
    })
    expect(closed).toBe(true)
  })

  it('a sink that cannot start makes createLogger reject with its name and reason', async () => {
    const d = dir()
    const missing: LogwardenPlugin = {
      name: 'missing',
      apply(p) {
        p.addSink({ name: 'ghost', kind: 'ghost', module: new URL('./does-not-exist.mjs', import.meta.url).href, options: {} })
      },
    }
    await expect(createLogger({ config: { plugins: [missing, appendSink('mem', { file: join(d, 'x') })] } })).rejects.toMatchObject({
      code: 'LW_ERR_SINK_FAILED',
      message: expect.stringMatching(/sink "ghost" failed: .*does-not-exist/),
    })
    expect(existsSync(join(d, 'x'))).toBe(false)
  })
})
