/**
 * TailStream over a real loopback HTTP response: offering a record (what every log call does)
 * never runs the client's filter; the drain does, later, in slices that let the event loop run.
 */
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { TailStream, type TailOptions } from './tail.js'
import type { LineMeta } from '../../lib/query/index.js'

let server: Server | undefined
afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((r) => server?.close(r) ?? r(undefined))
  server = undefined
})

/** A TailStream on a real response, and a reader of what its client receives. */
async function openTail(options: Partial<TailOptions> & Pick<TailOptions, 'filter'>): Promise<{ stream: TailStream; received: () => string }> {
  let stream: TailStream | undefined
  server = createServer((_req, res: ServerResponse) => {
    stream = new TailStream(res, { format: 'ndjson', maxBufferBytes: 1 << 20, heartbeatMs: 60_000, onClose: () => undefined, ...options })
  })
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()))
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
  let text = ''
  const reader = res.body!.getReader()
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }))
      if (done) return
      text += new TextDecoder().decode(value)
    }
  })()
  return { stream: stream!, received: () => text }
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 5))
  }
}

const meta: LineMeta = { category: 'system', level: 30 }

/** a filter as slow as a bad regex on a long line */
function slowFilter(ms: number, calls: string[]) {
  return (line: string) => {
    calls.push(line)
    const end = performance.now() + ms
    while (performance.now() < end);
    return line.includes('keep')
  }
}

describe('TailStream', () => {
  it('offer() only queues: the filter runs after the log call returned, and matching lines arrive', async () => {
    const calls: string[] = []
    const { stream, received } = await openTail({ filter: slowFilter(20, calls) })
    const started = performance.now()
    for (let i = 0; i < 10; i++) stream.offer(`{"message":"${i % 2 ? 'keep' : 'skip'} ${i}"}`, meta)
    const offerMs = performance.now() - started
    // 10 lines x 20 ms of filtering would be 200 ms inside the caller's log calls
    expect(offerMs).toBeLessThan(150)
    expect(calls).toHaveLength(0)
    await until(() => received().includes('keep 9'))
    expect(calls).toHaveLength(10)
    expect(received().split('\n').filter(Boolean)).toEqual([1, 3, 5, 7, 9].map((i) => `{"message":"keep ${i}"}`))
  })

  it('drains in slices, so timers and I/O run between them', async () => {
    const calls: string[] = []
    const { stream, received } = await openTail({ filter: slowFilter(4, calls) })
    for (let i = 0; i < 40; i++) stream.offer(`{"message":"keep ${i}"}`, meta)
    let ticks = 0
    const timer = setInterval(() => ticks++, 1)
    await until(() => received().includes('keep 39'))
    clearInterval(timer)
    // 160 ms of filtering in one go would let the 1 ms timer fire about once
    expect(ticks).toBeGreaterThanOrEqual(5)
    expect(received().split('\n').filter(Boolean)).toHaveLength(40)
  })

  it('checks only category and level when offered, and bounds what waits (dropped, then told)', async () => {
    let dropped = 0
    const { stream, received } = await openTail({
      filter: () => true,
      accepts: (m) => m.level >= 40,
      maxBufferBytes: 1024,
      onDrop: () => dropped++,
    })
    stream.offer('{"message":"info, not queued"}', meta)
    const big = 'x'.repeat(400)
    for (let i = 0; i < 10; i++) stream.offer(`{"message":"warn ${i} ${big}"}`, { category: 'system', level: 40 })
    expect(dropped).toBe(8) // two 400-char lines fit in 1024 bytes
    await until(() => received().includes('warn 1 '))
    stream.offer('{"message":"later"}', { category: 'system', level: 50 })
    await until(() => received().includes('later'))
    const lines = received().split('\n').filter(Boolean)
    expect(lines.map((l) => JSON.parse(l).message?.slice(0, 6) ?? l)).toEqual(['warn 0', 'warn 1', '{"notice":"dropped","dropped":8}', 'later'])
  })

  it('a failing drain closes that stream and reports, never throws into the event loop', async () => {
    const failures: unknown[] = []
    let closed = 0
    const { stream } = await openTail({
      filter: () => {
        throw new Error('boom')
      },
      onClose: () => closed++,
      onFail: (err) => failures.push(err),
    })
    stream.offer('{"message":"x"}', meta)
    await until(() => failures.length > 0)
    expect((failures[0] as Error).message).toBe('boom')
    expect(closed).toBe(1)
    stream.offer('{"message":"after close"}', meta) // ignored, no throw
  })
})
