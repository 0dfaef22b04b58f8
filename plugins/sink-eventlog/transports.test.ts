/**
 * Delivery behaviour against node:net / node:tls servers on loopback that behave like a syslog
 * server (they read RFC 6587 octet-counted frames): framing, TLS, reconnect with backoff, the
 * bounded buffer, undelivered counts and their rate-limited `system` reports, start-up errors.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import tls from 'node:tls'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { Sink } from '../../core/sink-contract.js'
import { DeliveryReport } from './report.js'
import { BOM } from './rfc5424.js'
import { loggerArgs } from './transports/local.js'
import { RefusedPort } from './test-support/refused-port.js'
import { makeBatch, makeContext, record, workerOptions } from './test-support/sink-harness.js'
import { createSink } from './worker.js'

/** A syslog-like TCP (or TLS) server that splits octet-counted frames. */
class FrameServer {
  frames: string[] = []
  connections = 0
  sockets = new Set<net.Socket>()
  server: net.Server

  constructor(tlsOptions?: tls.TlsOptions) {
    const onSocket = (socket: net.Socket) => {
      this.connections++
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
      socket.on('error', () => {})
      let buf = Buffer.alloc(0)
      socket.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d])
        for (;;) {
          const sp = buf.indexOf(0x20)
          if (sp === -1) break
          const len = Number(buf.subarray(0, sp).toString('ascii'))
          if (!Number.isInteger(len)) throw new Error(`bad frame header ${buf.subarray(0, sp).toString()}`)
          if (buf.length < sp + 1 + len) break
          this.frames.push(buf.subarray(sp + 1, sp + 1 + len).toString('utf8'))
          buf = buf.subarray(sp + 1 + len)
        }
      })
    }
    this.server = tlsOptions ? tls.createServer(tlsOptions, onSocket) : net.createServer(onSocket)
  }

  /** Listens on a new port, or takes over a port whose server was down until now. */
  async listen(down?: RefusedPort): Promise<number> {
    if (down) await down.listenOn(this.server)
    else {
      await new Promise<void>((resolve, reject) => {
        this.server.once('error', reject)
        this.server.listen(0, '127.0.0.1', resolve)
      })
    }
    return (this.server.address() as net.AddressInfo).port
  }

  /**
   * Resets every connection (RST), as a restarted host answers, but keeps listening (the port stays
   * ours). After a reset the client's next write fails, so nothing can vanish into the dead
   * connection, whenever the client's event loop gets to notice.
   */
  dropConnections(): void {
    for (const s of this.sockets) s.resetAndDestroy()
  }

  /** Stops listening and drops every connection. */
  async kill(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    await new Promise((resolve) => this.server.close(resolve))
  }

  async waitFrames(n: number, timeoutMs = 3000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs
    while (this.frames.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
    return this.frames
  }
}

const servers: FrameServer[] = []
const sinks: Sink[] = []
const downPorts: RefusedPort[] = []
afterEach(async () => {
  for (const s of sinks.splice(0)) await s.close?.()
  for (const s of servers.splice(0)) await s.kill().catch(() => {})
  for (const p of downPorts.splice(0)) p.close()
})

async function startServer(tlsOptions?: tls.TlsOptions, down?: RefusedPort) {
  const server = new FrameServer(tlsOptions)
  servers.push(server)
  return { server, port: await server.listen(down) }
}

/** A port whose syslog server is down: connections are refused, and the port stays ours. */
function downPort(): RefusedPort {
  const down = new RefusedPort()
  downPorts.push(down)
  return down
}

/** Polls until `done()` or the deadline, then returns whether it got there. */
async function until(done: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
  return done()
}

async function sinkWith(overrides: Parameters<typeof workerOptions>[0]) {
  const h = makeContext()
  const sink = (await createSink(workerOptions(overrides), h.ctx)) as Sink
  sinks.push(sink)
  return { ...h, sink }
}

describe('TCP transport', () => {
  it('writes RFC 6587 octet-counted RFC 5424 frames', async () => {
    const { server, port } = await startServer()
    const { sink, counters } = await sinkWith({ transport: 'tcp', port, hostname: 'web-1', appName: 'svc' })
    const r = record({ message: 'päid ✓\n2', event: 'position_closed', timestamp: '2024-05-01T10:00:00.123Z', event_id: 'e1' })
    await sink.write(makeBatch([r]))
    await sink.flush!()
    expect(await server.waitFrames(1)).toEqual([
      `<10>1 2024-05-01T10:00:00.123Z web-1 svc ${process.pid} position_closed [logwarden@32473 category="enforcement" event_id="e1"] ${BOM}päid ✓\n2`,
    ])
    expect(counters.delivered).toBe(1)
  })

  it('write() returns at once while the server is down; flush gives up after flushTimeoutMs', async () => {
    const { port } = downPort()
    const { sink, counters } = await sinkWith({ transport: 'tcp', port, flushTimeoutMs: 150 })
    const t0 = performance.now()
    const result = sink.write(makeBatch(Array.from({ length: 50 }, (_, i) => record({ message: `m${i}` }))))
    // synchronous, so no await can hide a wait for the server; the bound only catches a pathological one
    expect(result).toBeUndefined()
    expect(performance.now() - t0).toBeLessThan(2500)
    const t1 = performance.now()
    await sink.flush!()
    expect(performance.now() - t1).toBeGreaterThanOrEqual(140)
    expect(performance.now() - t1).toBeLessThan(1500)
    expect(counters.delivered).toBeUndefined()
  })

  it('buffers while the server is down (drop-oldest beyond maxBuffered, counted and reported), then reconnects', async () => {
    const down = downPort()
    const { port } = down
    const { sink, counters, logs } = await sinkWith({
      transport: 'tcp',
      port,
      maxBuffered: 3,
      flushTimeoutMs: 100,
      reconnect: { initialDelayMs: 20, maxDelayMs: 50 },
    })
    await sink.write(makeBatch([1, 2, 3, 4, 5].map((i) => record({ message: `m${i}` }))))
    expect(counters.undelivered).toBe(2)
    // the first drop is reported at once; the next one waits for reportIntervalMs (or close)
    expect(logs).toHaveLength(1)
    expect(logs[0]).toMatchObject({
      level: 'warn',
      category: 'system',
      fields: { code: 'LW_ERR_SINK_UNDELIVERED', undelivered: 1, undelivered_total: 1, sink: 'sink-eventlog', transport: `tcp://127.0.0.1:${port}` },
    })
    expect(logs[0].message).toContain('sink "sink-eventlog" could not write 1 record(s): buffer full (maxBuffered 3)')
    await sink.flush!() // times out: nobody listens yet, a few reconnects are refused meanwhile
    expect(counters.delivered).toBeUndefined()

    const { server } = await startServer(undefined, down) // the server is back, on the same port
    const frames = await server.waitFrames(3)
    expect(frames.map((f) => f.slice(f.indexOf(BOM) + 1))).toEqual(['m3', 'm4', 'm5'])
    expect(counters.delivered).toBe(3)
    sinks.pop()
    await sink.close!()
    expect(logs.map((l) => [l.fields?.undelivered, l.fields?.undelivered_total])).toEqual([
      [1, 1],
      [1, 2],
    ])
  })

  it('survives the server resetting its connection between batches: later records arrive on a new connection', async () => {
    const { server, port } = await startServer()
    const { sink, counters } = await sinkWith({ transport: 'tcp', port, flushTimeoutMs: 3000, reconnect: { initialDelayMs: 20, maxDelayMs: 50 } })
    await sink.write(makeBatch([record({ message: 'before' })]))
    await sink.flush!()
    expect(await server.waitFrames(1)).toHaveLength(1)
    expect(server.connections).toBe(1)
    // the server resets the connection (a restart gap of refused connects is the test above); it
    // keeps its port, so nobody else can answer in its place
    server.dropConnections()

    await sink.write(makeBatch([record({ message: 'during 1' }), record({ message: 'during 2' })]))
    await sink.flush!()
    const frames = await server.waitFrames(3)
    expect(frames.map((f) => f.slice(f.indexOf(BOM) + 1))).toEqual(['before', 'during 1', 'during 2'])
    expect(server.connections).toBe(2)
    expect(counters.delivered).toBe(3)
    expect(counters.undelivered).toBeUndefined()
  })

  it('close() counts what could not be delivered and reports it', async () => {
    const { port } = downPort()
    const { sink, counters, logs } = await sinkWith({ transport: 'tcp', port, flushTimeoutMs: 50 })
    await sink.write(makeBatch([record({ message: 'a' }), record({ message: 'b' })]))
    sinks.pop()
    await sink.close!()
    expect(counters.undelivered).toBe(2)
    expect(logs).toHaveLength(1)
    expect(logs[0].fields).toMatchObject({ undelivered: 2, code: 'LW_ERR_SINK_UNDELIVERED' })
    expect(String(logs[0].fields?.reason)).toMatch(/closed before delivery to tcp:\/\/127\.0\.0\.1:\d+ \(.*ECONNREFUSED/)
  })

  it('test command: ok when delivered, an error when the server is down', async () => {
    const { server, port } = await startServer()
    const up = await sinkWith({ transport: 'tcp', port })
    expect(await up.sink.command!('test', {})).toEqual({ ok: true, transport: `tcp://127.0.0.1:${port}` })
    expect((await server.waitFrames(1))[0]).toContain('logwarden test event from sink "sink-eventlog"')

    const down = await sinkWith({ transport: 'tcp', port: downPort().port, flushTimeoutMs: 100 })
    expect(await down.sink.command!('test', {})).toMatchObject({ ok: false, error: 'not delivered within flushTimeoutMs' })
  })
})

describe('TLS transport', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lw-eventlog-tls-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const made = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { encoding: 'utf8' },
  )
  const serverTls = () => {
    if (made.status !== 0) throw new Error(`openssl failed (run .ci/install-rsyslog.sh): ${made.stderr}`)
    return { key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) }
  }

  it('frames over TLS, verifying the server against caFile', async () => {
    const { server, port } = await startServer(serverTls())
    const { sink, counters } = await sinkWith({
      transport: 'tls',
      host: 'localhost',
      port,
      tls: { caFile: path.join(dir, 'cert.pem'), rejectUnauthorized: true },
    })
    await sink.write(makeBatch([record({ message: 'over tls' })]))
    await sink.flush!()
    const frames = await server.waitFrames(1)
    expect(frames).toHaveLength(1)
    expect(frames[0].endsWith(`${BOM}over tls`)).toBe(true)
    expect(counters.delivered).toBe(1)
  })

  it('refuses a server it cannot verify: nothing is sent, the records stay buffered and close counts them', async () => {
    const { server, port } = await startServer(serverTls())
    const { sink, counters, logs } = await sinkWith({ transport: 'tls', host: 'localhost', port, flushTimeoutMs: 200 })
    await sink.write(makeBatch([record({ message: 'secret' })]))
    await sink.flush!()
    expect(server.frames).toEqual([])
    sinks.pop()
    await sink.close!()
    expect(counters.undelivered).toBe(1)
    expect(String(logs[0].fields?.reason)).toMatch(/self[- ]signed certificate/)
  })

  it('a missing caFile fails createSink with a coded error', async () => {
    const { ctx } = makeContext()
    await expect(
      createSink(workerOptions({ transport: 'tls', tls: { caFile: path.join(dir, 'nope.pem'), rejectUnauthorized: true } }), ctx),
    ).rejects.toMatchObject({ code: 'LW_ERR_EVENTLOG_TLS_FILE', message: expect.stringContaining('nope.pem": ENOENT') })
  })
})

describe('local transport', () => {
  it('a missing socket is counted and reported, never thrown', async () => {
    const { sink, counters, logs } = await sinkWith({ transport: 'local', socketPath: path.join(os.tmpdir(), `lw-no-such-${process.pid}.sock`) })
    await sink.write(makeBatch([record({ message: 'lost' })]))
    await sink.flush!()
    expect(counters.undelivered).toBe(1)
    expect(logs).toHaveLength(1)
    expect(logs[0]).toMatchObject({ category: 'system', fields: { code: 'LW_ERR_SINK_UNDELIVERED', undelivered: 1 } })
  })

  it('logger command line: name priorities, -- before the message, NUL replaced', () => {
    const m = {
      facility: 17,
      severity: 2,
      timestamp: '2024-01-01T00:00:00.000Z',
      hostname: 'h',
      appName: 'app',
      procid: '9',
      msgid: 'ev',
      structuredData: [
        {
          id: 'logwarden@32473',
          params: [
            ['category', 'x'],
            ['event_id', 'e"1'],
          ] as Array<[string, string]>,
        },
      ],
      msg: '-n evil\0',
    }
    expect(loggerArgs(m, { socket: '/dev/log', format: 'rfc3164', maxMessageBytes: 8192, utilLinux: true })).toEqual([
      '--socket',
      '/dev/log',
      '--socket-errors=on',
      '--size',
      '8192',
      '--priority',
      'local1.crit',
      '--tag',
      'app',
      '--id=9',
      '--',
      '[logwarden@32473 category="x" event="ev" event_id="e\\"1"] -n evil\uFFFD',
    ])
    expect(loggerArgs(m, { socket: '/dev/log', format: 'rfc5424', maxMessageBytes: 8192, utilLinux: true })).toEqual([
      '--socket',
      '/dev/log',
      '--socket-errors=on',
      '--size',
      '8192',
      '--priority',
      'local1.crit',
      '--tag',
      'app',
      '--id=9',
      '--rfc5424=notq',
      '--msgid',
      'ev',
      '--sd-id',
      'logwarden@32473',
      '--sd-param',
      'category="x"',
      '--sd-param',
      'event_id="e\\"1"',
      '--',
      `${BOM}-n evil\uFFFD`,
    ])
    expect(loggerArgs(m, { format: 'rfc3164', maxMessageBytes: 8192, utilLinux: false })).toEqual([
      '-p',
      'local1.crit',
      '-t',
      'app',
      '--',
      '[logwarden@32473 category="x" event="ev" event_id="e\\"1"] -n evil\uFFFD',
    ])
  })
})

describe('start-up and reporting', () => {
  it('target windows off win32 fails createSink with a coded error', async () => {
    const { ctx } = makeContext()
    const attempt = createSink(workerOptions({ target: 'windows' }), ctx)
    if (process.platform === 'win32') await expect(attempt).resolves.toBeTruthy()
    else await expect(attempt).rejects.toMatchObject({ code: 'LW_ERR_EVENTLOG_PLATFORM' })
  })

  it('reports undelivered records at most once per interval, summing the rest', async () => {
    const { ctx, logs, counters } = makeContext()
    let now = 1000
    const report = new DeliveryReport(
      ctx,
      () => 'udp://x:1',
      200,
      () => now,
    )
    report.undelivered(1, 'first')
    report.undelivered(2, 'second')
    now += 50
    report.undelivered(3, 'third')
    expect(logs.map((l) => l.fields?.undelivered)).toEqual([1])
    // the other two wait out the rest of the interval: a real timer (150 ms), so poll for its report
    expect(await until(() => logs.length === 2)).toBe(true)
    expect(logs.map((l) => [l.fields?.undelivered, l.fields?.undelivered_total, l.fields?.reason])).toEqual([
      [1, 1, 'first'],
      [5, 6, 'third'],
    ])
    expect(counters.undelivered).toBe(6)
    report.close()
    expect(logs).toHaveLength(2)
  })
})
