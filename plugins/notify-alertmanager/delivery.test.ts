/**
 * notify-alertmanager's worker against loopback servers that answer as Alertmanager's API does:
 * the re-send of active alerts, HA fan-out with retries only to the member that failed, credentials
 * on the wire but nowhere else, labels that refuse a pid.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../../test/helpers/sinks.js'
import { makeBatch, makeContext, makeRecord, waitFor } from '../notify-common/testing/harness.js'
import type { NotifierSink } from '../notify-common/notifier.js'
import type { AmAlert } from './labels.js'
import { createAlertmanagerNotifier } from './worker.js'

interface Post {
  alerts: AmAlert[]
  authorization?: string
  at: number
}

class FakeAlertmanager {
  readonly posts: Post[] = []
  /** status for the next requests (then 200) */
  readonly script: number[] = []
  #server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const status = this.script.shift() ?? 200
      if (req.url === '/api/v2/alerts' && status === 200) {
        this.posts.push({ alerts: JSON.parse(Buffer.concat(chunks).toString('utf8')) as AmAlert[], authorization: req.headers.authorization, at: Date.now() })
      }
      res.writeHead(req.url === '/api/v2/alerts' ? status : 404).end()
    })
  })
  url = ''
  async listen(): Promise<this> {
    await new Promise<void>((r) => this.#server.listen(0, '127.0.0.1', r))
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`
    return this
  }
  close(): Promise<void> {
    this.#server.closeAllConnections()
    return new Promise((r) => this.#server.close(() => r()))
  }
}

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function fake(): Promise<FakeAlertmanager> {
  const f = await new FakeAlertmanager().listen()
  cleanups.push(() => f.close())
  return f
}

async function notifier(options: Record<string, unknown>) {
  const t = tempDir('lw-am-unit-')
  cleanups.push(t.cleanup)
  const tc = makeContext('notify-alertmanager')
  const sink: NotifierSink = await createAlertmanagerNotifier(
    { spool: { dir: join(t.dir, 'spool') }, retry: { tries: 3, baseDelayMs: 20, maxDelayMs: 50 }, ...options },
    tc.ctx,
  )
  cleanups.push(() => sink.close?.())
  return { sink, tc, dir: t.dir }
}

describe('notify-alertmanager delivery', () => {
  it('an active alert is re-sent every resendIntervalMs with endsAt ahead, and stops after its resolution', async () => {
    const am = await fake()
    const { sink, tc } = await notifier({ url: am.url, resendIntervalMs: 1000, resolve: [{ firing: 'feed_down', resolvedBy: 'feed_up' }] })
    await sink.write(makeBatch([makeRecord({ level: 'error', category: 'system', event: 'feed_down', message: 'feed down' })]))
    await waitFor(() => am.posts.length >= 3, 5000, 'the first post and two re-sends')
    const [first, , third] = am.posts
    expect(third.alerts[0].labels).toEqual(first.alerts[0].labels)
    expect(third.alerts[0].startsAt).toBe(first.alerts[0].startsAt)
    // endsAt four intervals past each send: it stays firing while we live, ends by itself if we die
    for (const p of [first, third]) {
      const ahead = Date.parse(p.alerts[0].endsAt!) - p.at
      expect(ahead).toBeGreaterThan(3000)
      expect(ahead).toBeLessThanOrEqual(4100)
    }
    await sink.write(makeBatch([makeRecord({ level: 'info', category: 'system', event: 'feed_up', message: 'feed up' })]))
    await waitFor(() => am.posts.some((p) => Date.parse(p.alerts[0].endsAt!) <= p.at), 5000, 'the resolution')
    const n = am.posts.length
    await new Promise((r) => setTimeout(r, 1500))
    expect(am.posts.length).toBe(n)
    expect(tc.counters.resent).toBeGreaterThanOrEqual(2)
    expect(tc.counters.resolved).toBe(1)
  })

  it('HA: every member gets each alert; a retry goes only to the one that failed', async () => {
    const a = await fake()
    const b = await fake()
    b.script.push(503, 503)
    const { sink } = await notifier({ url: [a.url, b.url] })
    await sink.write(makeBatch([makeRecord({ level: 'critical', event: 'close_position', account_id: 'HA1' })]))
    await waitFor(() => a.posts.length === 1 && b.posts.length === 1, 5000, 'both members')
    await new Promise((r) => setTimeout(r, 300))
    expect(a.posts).toHaveLength(1)
    expect(b.posts).toHaveLength(1)
    expect(b.posts[0].alerts[0].labels.account_id).toBe('HA1')
  })

  it('sends the bearer token on the wire and nowhere else; refuses a pid label', async () => {
    const am = await fake()
    const token = 'am-secret-token-1234567'
    am.script.push(500, 500, 500)
    const { sink, tc } = await notifier({ url: am.url, bearerToken: token })
    await sink.write(makeBatch([makeRecord({ level: 'critical', event: 'close_position', account_id: 'T1', note: `configured with ${token}` })]))
    await waitFor(() => am.posts.length === 1, 10_000, 'the alert after three 500s')
    expect(am.posts[0].authorization).toBe(`Bearer ${token}`)
    expect(JSON.stringify(am.posts[0].alerts)).not.toContain(token)
    expect(tc.transcript()).not.toContain(token)

    await expect(createAlertmanagerNotifier({ url: am.url, labelFields: ['pid'] }, makeContext().ctx)).rejects.toThrow(
      /labelFields "pid" differs between processes/,
    )
    await expect(createAlertmanagerNotifier({ url: am.url, staticLabels: { pid: '1' } }, makeContext().ctx)).rejects.toThrow(/process id/)
  })
})
