/**
 * Real web servers on loopback: a Fastify 5 app given the logger as `loggerInstance`, and an
 * Express 5 app and a plain node:http server with `logwarden/http`'s middleware.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Fastify from 'fastify'
import type { RequestListener } from 'node:http'
import { createLogger, createLoggerSync } from 'logwarden'
import { httpLogger, type LoggedRequest } from 'logwarden/http'
import { appendSink, readLines, tempDir } from './helpers/sinks.js'

let cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

function files() {
  const t = tempDir()
  const file = join(t.dir, 'out.log')
  cleanup.push(t.cleanup)
  return { file, config: { level: 'info', plugins: [appendSink('mem', { file })] } }
}

/** the little of Express 5 used here (the package ships no types, and @types/express is not installed) */
interface ExpressApp extends RequestListener {
  use(handler: unknown): void
  get(path: string, handler: (req: LoggedRequest & { params: Record<string, string> }, res: ExpressResponse) => void): void
}
interface ExpressResponse {
  json(body: unknown): void
  status(code: number): { end(): void }
}
const express = ((await import('express' as string)) as { default: () => ExpressApp }).default

const byteLength = (r: Record<string, unknown>) => Buffer.byteLength(JSON.stringify(r))

describe('Fastify 5 with loggerInstance', () => {
  it('writes every Fastify line with its message, small req/res records, the request id as correlation id, errors with stacks', async () => {
    const { file, config } = files()
    // a logger made synchronously, as Fastify's constructor needs one
    const log = createLoggerSync({ config })
    cleanup.push(() => log.close())
    const app = Fastify({ loggerInstance: log })
    app.get('/hello', async (req) => {
      req.log.info({ user: 'u1' }, 'handler says hi')
      return { ok: true }
    })
    app.get('/boom', async () => {
      throw new Error('kaboom')
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    cleanup.push(() => app.close())
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    expect((await fetch(`${base}/hello`)).status).toBe(200)
    expect((await fetch(`${base}/boom`)).status).toBe(500)
    await app.close()
    await log.flush()
    const records = readLines(file).filter((r) => r.category === 'system')
    const messages = records.map((r) => r.message)
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Server listening at http:\/\/127\.0\.0\.1:\d+$/),
        'incoming request',
        'handler says hi',
        'request completed',
        'kaboom',
      ]),
    )
    expect(messages).not.toContain('')
    const hi = records.find((r) => r.message === 'handler says hi')!
    expect(hi).toMatchObject({ user: 'u1', correlation_id: expect.stringMatching(/^req-/) as unknown })
    const incoming = records.filter((r) => r.message === 'incoming request')
    expect(incoming).toHaveLength(2)
    expect(incoming[0]).toMatchObject({ req: { method: 'GET', url: '/hello', remoteAddress: '127.0.0.1' }, correlation_id: hi.correlation_id })
    const completed = records.filter((r) => r.message === 'request completed')
    expect(completed.map((r) => (r.res as Record<string, unknown>).statusCode)).toEqual([200, 500])
    for (const r of completed) expect(typeof r.responseTime).toBe('number')
    const failed = records.find((r) => r.message === 'kaboom')!
    expect(failed.level).toBe('error')
    expect((failed.err as Record<string, unknown>).stack).toMatch(/Error: kaboom\n\s+at /)
    // every request record is small: no raw request or reply dumped
    for (const r of [...incoming, ...completed]) expect(byteLength(r)).toBeLessThan(1024)
    expect(byteLength(failed)).toBeLessThan(4096)
  })
})

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanup.push(() => new Promise((resolve) => server.close(resolve)))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('logwarden/http middleware', () => {
  it('Express 5: one small record per request, x-request-id as correlation id for every record of the request', async () => {
    const { file, config } = files()
    const log = await createLogger({ config })
    cleanup.push(() => log.close())
    const app = express()
    app.use(httpLogger(log))
    app.get('/orders/:id', (req, res) => {
      req.log.info({ order_id: req.params.id }, 'looked up')
      // a logger that is not the request's: the correlation scope still applies
      log.info('elsewhere in the handler')
      res.json({ ok: true })
    })
    app.get('/missing', (_req, res) => {
      res.status(404).end()
    })
    const base = await listen(createServer(app))
    const ok = await fetch(`${base}/orders/o-7?x=1`, { headers: { 'x-request-id': 'rid-123' } })
    expect(ok.headers.get('x-request-id')).toBe('rid-123')
    await fetch(`${base}/missing`, { headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } })
    await new Promise((r) => setTimeout(r, 50))
    await log.flush()
    const records = readLines(file)
    const mine = records.filter((r) => r.correlation_id === 'rid-123')
    expect(mine.map((r) => r.message)).toEqual(['looked up', 'elsewhere in the handler', 'request completed'])
    const done = mine[2]!
    expect(done).toMatchObject({ level: 'info', req: { method: 'GET', url: '/orders/o-7?x=1', remoteAddress: '127.0.0.1' }, res: { statusCode: 200 } })
    expect(typeof done.responseTime).toBe('number')
    expect(byteLength(done)).toBeLessThan(1024)
    const missing = records.find((r) => (r.res as { statusCode?: number } | undefined)?.statusCode === 404)!
    expect(missing).toMatchObject({ level: 'warn', correlation_id: '4bf92f3577b34da6a3ce929d0e0e4736' })
  })

  it('node:http: the same record; an untrusted x-request-id is replaced by a fresh id', async () => {
    const { file, config } = files()
    const log = await createLogger({ config })
    cleanup.push(() => log.close())
    const handle = httpLogger(log)
    const base = await listen(
      createServer((req, res) =>
        handle(req, res, () => {
          res.statusCode = 503
          res.end('busy')
        }),
      ),
    )
    const res = await fetch(`${base}/x`, { headers: { 'x-request-id': 'bad id\twith "quotes"' } })
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    await new Promise((r) => setTimeout(r, 50))
    await log.flush()
    const [r] = readLines(file).filter((x) => x.message === 'request completed')
    expect(r).toMatchObject({ level: 'error', res: { statusCode: 503 }, correlation_id: res.headers.get('x-request-id') })
  })
})
