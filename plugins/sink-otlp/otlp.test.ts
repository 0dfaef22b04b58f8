/**
 * sink-otlp through createLogger (worker lane, durable buffer) against a strict OTLP/HTTP stand-in
 * that decodes with the official definitions, and against @elastic/mockotlpserver. Needs `npm run build`.
 */
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger, type Logger } from 'logwarden'
import { tempDir } from '../../test/helpers/sinks.js'
import { waitFor } from '../notify-common/testing/harness.js'
import { attrs, OtlpStandIn, plain, type LogRecord } from './test-support/otlp-standin.js'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function standIn(): Promise<OtlpStandIn> {
  const s = await new OtlpStandIn().listen()
  cleanups.push(() => s.close())
  return s
}

function bufferDir(): string {
  const t = tempDir('lw-otlp-')
  cleanups.push(t.cleanup)
  return join(t.dir, 'buffer')
}

async function logger(endpoint: string, extra: Record<string, unknown> = {}, dir = bufferDir()): Promise<Logger> {
  const log = await createLogger({
    config: {
      level: 'trace',
      plugins: [
        {
          'sink-otlp': {
            endpoint,
            resource: { 'service.name': 'risk-manager', 'deployment.environment': 'test' },
            batch: { maxRecords: 100, maxDelayMs: 20 },
            buffer: { dir },
            retry: { baseDelayMs: 50, maxDelayMs: 2000 },
            flushTimeoutMs: 10_000,
            ...extra,
          },
        },
      ],
    },
  })
  cleanups.push(() => log.close())
  return log
}

function lane(log: Logger) {
  return log.stats().lanes.find((l) => l.name === 'sink-otlp')!
}

const body = (r: LogRecord) => plain(r.body)
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c'
const SPAN_ID = 'b7ad6b7169203331'

describe('sink-otlp: the log data model, field by field', () => {
  for (const encoding of ['json', 'protobuf'] as const) {
    it(`${encoding}${encoding === 'protobuf' ? ' + gzip' : ''}: times, severities, body, attributes, uid, event name, trace context, resource`, async () => {
      const s = await standIn()
      const log = await logger(s.url, { encoding, gzip: encoding === 'protobuf', headers: { 'x-api-key': 'k-123456' } })
      const before = Date.now()
      for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'critical'] as const) log[level](`at ${level}`)
      log.category('enforcement').warn('closed MNQ', {
        event: 'close_position',
        account_id: 'ABC123',
        details: { position: { symbol: 'MNQ', quantity: 2 }, tags: ['a', 'b'], ok: true, pnl: -210.5 },
        trace_id: TRACE_ID,
        span_id: SPAN_ID,
        trace_flags: '01',
      })
      await log.flush()
      expect(s.invalid).toEqual([])
      const got = s.accepted
      expect(got).toHaveLength(7)
      expect(s.received.every((r) => r.encoding === encoding && r.gzip === (encoding === 'protobuf'))).toBe(true)
      expect(s.received[0].headers['x-api-key']).toBe('k-123456')

      expect(got.slice(0, 6).map((r) => [r.severityNumber, r.severityText, body(r)])).toEqual([
        [1, 'trace', 'at trace'],
        [5, 'debug', 'at debug'],
        [9, 'info', 'at info'],
        [13, 'warn', 'at warn'],
        [17, 'error', 'at error'],
        [21, 'critical', 'at critical'],
      ])
      const r = got[6]
      // nanoseconds as decimal strings; the record's time, and when the sink received it
      expect(r.timeUnixNano).toMatch(/^\d{19}$/)
      expect(r.observedTimeUnixNano).toMatch(/^\d{19}$/)
      const timeMs = Number(BigInt(r.timeUnixNano) / 1_000_000n)
      const observedMs = Number(BigInt(r.observedTimeUnixNano) / 1_000_000n)
      expect(timeMs).toBeGreaterThanOrEqual(before - 1)
      expect(observedMs).toBeGreaterThanOrEqual(timeMs)
      expect(r.eventName).toBe('close_position')
      expect(r.traceId).toBe(TRACE_ID)
      expect(r.spanId).toBe(SPAN_ID)
      expect(r.flags).toBe(1)
      const a = attrs(r.attributes)
      expect(a).toMatchObject({
        category: 'enforcement',
        account_id: 'ABC123',
        details: { position: { symbol: 'MNQ', quantity: 2 }, tags: ['a', 'b'], ok: true, pnl: -210.5 },
      })
      expect(a['log.record.uid']).toMatch(/\S/)
      // placed in their own fields, not repeated as attributes
      for (const k of ['timestamp', 'level', 'message', 'event', 'event_id', 'trace_id', 'span_id']) expect(a).not.toHaveProperty(k)
      // nested objects are kvlists, arrays arrayValues
      const details = r.attributes!.find((kv) => kv.key === 'details')!.value
      expect(details.kvlistValue).toBeDefined()
      expect(details.kvlistValue!.values.find((kv) => kv.key === 'tags')!.value.arrayValue).toBeDefined()

      const resource = attrs(s.received[0].request.resourceLogs[0].resource.attributes)
      expect(resource).toMatchObject({ 'service.name': 'risk-manager', 'deployment.environment': 'test', 'host.name': hostname() })
      expect(resource['service.instance.id']).toMatch(/^[0-9a-f-]{36}$/)
      expect(s.received[0].request.resourceLogs[0].scopeLogs[0].scope?.name).toBe('logwarden')
      expect(lane(log).counters.exported).toBe(7)
    })
  }

  it('refuses a config without service.name, naming the option', async () => {
    const err = await createLogger({
      config: { plugins: [{ 'sink-otlp': { endpoint: 'http://127.0.0.1:4318', resource: {}, buffer: { enabled: false } } }] },
    }).then(
      () => undefined,
      (e: Error) => e,
    )
    expect(err?.message).toMatch(/resource/)
    expect(err?.message).toMatch(/service\.name/)
  })
})

describe('sink-otlp: retries exactly as the OTLP spec says, no loss, no duplicate', () => {
  it('503 + Retry-After and 429 are retried (the wait honoured); 400 is not; a partial success is counted', async () => {
    const s = await standIn()
    const log = await logger(s.url)
    s.reply({ status: 503, retryAfter: '1' }, { status: 429 })
    for (let i = 0; i < 5; i++) log.info(`a${i}`)
    await log.flush()
    expect(s.received.map((r) => r.status)).toEqual([503, 429, 200])
    // Retry-After: 1 s honoured; the 429 without one waits the short backoff instead
    expect(s.received[1].at - s.received[0].at).toBeGreaterThanOrEqual(950)
    expect(s.received[2].at - s.received[1].at).toBeLessThan(950)
    expect(s.accepted.map(body)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4'])

    s.reply({ status: 400 })
    log.info('b0')
    log.info('b1')
    await log.flush()
    await new Promise((r) => setTimeout(r, 300))
    expect(s.received.map((r) => r.status)).toEqual([503, 429, 200, 400])

    s.reply({ status: 200, partial: { rejectedLogRecords: 1, errorMessage: 'c1 too old' } })
    log.info('c0')
    log.info('c1')
    await log.flush()
    for (const code of [502, 504]) {
      s.reply({ status: code })
      log.info(`d${code}`)
      await log.flush()
    }
    // every record accepted exactly once, except the two the collector refused with 400
    expect(s.accepted.map(body)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'c0', 'c1', 'd502', 'd502', 'd504', 'd504'].filter((_, i) => i !== 8 && i !== 10))
    expect(s.received.map((r) => r.status)).toEqual([503, 429, 200, 400, 200, 502, 200, 504, 200])
    const c = lane(log).counters
    expect(c.retried).toBe(4)
    expect(c.rejected).toBe(3)
    expect(c.exported).toBe(5 + 1 + 2)
    expect(s.invalid).toEqual([])
  })

  it('a collector outage loses nothing: records wait in the buffer across a restart and go out once', async () => {
    const dir = bufferDir()
    const s = await standIn()
    const down = await logger('http://127.0.0.1:9', { flushTimeoutMs: 200 }, dir)
    for (let i = 0; i < 50; i++) down.info(`r${i}`)
    await down.flush()
    await down.close()

    const up = await logger(s.url, {}, dir)
    await waitFor(() => s.accepted.length >= 50, 10_000, 'the buffered records')
    up.info('after')
    await up.flush()
    expect(s.accepted.map(body)).toEqual([...Array.from({ length: 50 }, (_, i) => `r${i}`), 'after'])
    await up.close()

    // the cursor moved past them: a third start sends nothing again
    const again = await logger(s.url, {}, dir)
    await again.flush()
    await new Promise((r) => setTimeout(r, 200))
    expect(s.accepted).toHaveLength(51)
  })
})

describe('sink-otlp: SIGKILL', () => {
  it('records buffered by a process killed during an outage go out once, after the restart', async () => {
    const dir = bufferDir()
    const writer = new URL('../../dist/plugins/sink-otlp/testing/writer.js', import.meta.url).pathname
    const child = spawn(process.execPath, [writer, 'http://127.0.0.1:9', dir, '200'], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()))
    await waitFor(() => out.includes('buffered'), 20_000, 'the child to buffer its records')
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGKILL')
    await exited

    const s = await standIn()
    const log = await logger(s.url, {}, dir)
    await waitFor(() => s.accepted.length >= 200, 15_000, "the killed process's records")
    await log.flush()
    await new Promise((r) => setTimeout(r, 200))
    expect(s.accepted.map(body)).toEqual(Array.from({ length: 200 }, (_, i) => `k${i}`))
  })
})

describe('sink-otlp against @elastic/mockotlpserver', () => {
  for (const encoding of ['json', 'protobuf'] as const) {
    it(`${encoding}: an independent receiver decodes the same records`, async () => {
      const require = createRequire(import.meta.url)
      const { MockOtlpServer } = require('@elastic/mockotlpserver') as {
        MockOtlpServer: new (o: Record<string, unknown>) => { start(): Promise<void>; close(): Promise<void>; httpUrl: URL | string }
      }
      const received: Array<{
        resourceLogs: Array<{ resource: { attributes: unknown[] }; scopeLogs: Array<{ logRecords: Array<Record<string, unknown>> }> }>
      }> = []
      const server = new MockOtlpServer({
        services: ['http'],
        httpHostname: '127.0.0.1',
        httpPort: 0,
        logLevel: 'warn',
        onLogs: (l: (typeof received)[0]) => received.push(l),
      })
      await server.start()
      cleanups.push(() => server.close())
      const log = await logger(String(server.httpUrl).replace(/\/$/, ''), { encoding })
      log.category('enforcement').error('lockout', { event: 'lockout', account_id: 'X1' })
      log.info('second')
      await log.flush()
      await waitFor(
        () => received.flatMap((r) => r.resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords))).length === 2,
        5000,
        'two records',
      )
      const records = received.flatMap((r) => r.resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords)))
      expect(records.map((r) => (r.body as { stringValue: string }).stringValue)).toEqual(['lockout', 'second'])
      expect(records.map((r) => r.severityNumber)).toEqual([17, 9])
      expect(JSON.stringify(received[0].resourceLogs[0].resource.attributes)).toContain('risk-manager')
    })
  }
})
