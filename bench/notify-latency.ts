/**
 * Alert latency: from `log.warn(...)` returning to the request arriving at a local Discord-like
 * server, for 1,000 alerts, with notify-discord's rate limit and aggregation off (the figure is the
 * pipeline's: main thread → worker lane → notifier → undici → loopback).
 *
 *   npm run build && node dist/bench/notify-latency.js          # N=1000 by default (NOTIFY_N)
 *
 * Runs: `sequential` (next alert once the previous arrived, the main thread polling every ~1 ms:
 * latency of a lone alert), steady streams of 100/s and 500/s (the main thread sleeps on a timer
 * between alerts), and `idle-100ms` (50 alerts, each followed by 100 ms with nothing to do on the
 * main thread: how long an alert waits when the app goes quiet right after logging it).
 * Prints p50/p90/p99/max. Every alert is spooled (fsync'd) before write() returns, so a stream faster
 * than the disk's fsync rate queues up.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '../core/index.js'
import { FakeDiscord } from '../plugins/notify-common/testing/fake-discord.js'

const N = Number(process.env.NOTIFY_N ?? 1000)

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}

async function run(mode: 'sequential' | 'idle' | number, n = N): Promise<number[]> {
  const server = new FakeDiscord()
  await server.listen()
  const webhookUrl = server.addWebhook('777777777777777777', 'bench-token-0123456789')
  const dir = mkdtempSync(join(tmpdir(), 'lw-notify-latency-'))
  const log = await createLogger({
    config: {
      level: 'info',
      plugins: [
        {
          'notify-discord': {
            webhookUrl,
            apiBaseUrl: server.apiBaseUrl,
            rateLimit: { max: 0 },
            aggregate: { windowMs: 0 },
            spool: { dir: join(dir, 'spool') },
            routes: [{ categories: ['enforcement'], minLevel: 'warn' }],
          },
        },
      ],
    },
  })
  const enforcement = log.category('enforcement')
  const sentAt = new Array<number>(n)
  const arrivedAt = new Array<number>(n)
  const arrived = () => server.delivered.length
  // the alert's number travels in a field; read it from the embed on arrival
  const seqOf = (body: unknown): number => {
    const fields = (body as { embeds: Array<{ fields: Array<{ name: string; value: string }> }> }).embeds[0].fields
    return Number(fields.find((f) => f.name === 'Seq')?.value)
  }

  // warm-up: the first alert opens the keep-alive connection and loads the worker
  enforcement.warn('warm-up', { account_id: 'W', rule: 'Latency', seq: -1 })
  while (arrived() < 1) await new Promise((r) => setTimeout(r, 1))
  const base = arrived()

  // timers, not a busy loop: the bench must not take the CPU the worker and the server need
  // (arrival times are taken by the server itself, so polling adds no error to them)
  const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms))
  const waitUntil = async (count: number) => {
    while (arrived() < count) await tick()
  }
  for (let i = 0; i < n; i++) {
    sentAt[i] = performance.now()
    enforcement.warn('latency probe', { account_id: `L${i}`, rule: 'Latency', seq: i })
    if (mode === 'sequential') await waitUntil(base + i + 1)
    else if (mode === 'idle') await tick(100)
    else {
      const next = sentAt[i] + 1000 / mode
      while (performance.now() < next - 1) await tick(next - performance.now() - 1)
      while (performance.now() < next) await new Promise((r) => setImmediate(r))
    }
  }
  await waitUntil(base + n)
  for (const r of server.delivered.slice(base)) arrivedAt[seqOf(r.body)] = r.at
  await log.close()
  await server.close()
  rmSync(dir, { recursive: true, force: true })
  const lat = arrivedAt.map((a, i) => a - sentAt[i])
  if (lat.some((x) => !Number.isFinite(x))) throw new Error('an alert did not arrive')
  return lat.sort((a, b) => a - b)
}

for (const [mode, n] of [
  ['sequential', N],
  [100, N],
  [500, N],
  ['idle', 50],
] as const) {
  const lat = await run(mode, n)
  const f = (x: number) => `${x.toFixed(2)} ms`
  const name = mode === 'sequential' ? mode : mode === 'idle' ? 'idle-100ms' : `${mode}/s`
  console.log(
    `notify-discord ${name.padEnd(10)} N=${n}  p50 ${f(quantile(lat, 0.5))}  p90 ${f(quantile(lat, 0.9))}  p99 ${f(quantile(lat, 0.99))}  max ${f(lat[lat.length - 1])}`,
  )
}
