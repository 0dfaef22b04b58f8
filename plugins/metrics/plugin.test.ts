/**
 * The metrics plugin in a real logger (dist): snapshots written to the logs, its start-up checks,
 * /metrics behind the read role once an auth plugin is configured, the sinks' write latency and
 * log file sizes.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger, type Logger } from 'logwarden'
import { controlUrl } from 'logwarden/plugins/control'
import { computeHmac } from '../../lib/control-api/index.js'
import { tempDir } from '../../test/helpers/sinks.js'

const t = tempDir('lw-metrics-plugin-')
let log: Logger | undefined
afterEach(async () => {
  await log?.close()
  log = undefined
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('metrics plugin', () => {
  it('writes periodic snapshots to their own category', async () => {
    const dir = join(t.dir, 'snap')
    log = await createLogger({
      config: { categories: ['metrics'], plugins: [{ 'sink-file': { dir } }, { metrics: { snapshot: { every: 150 }, health: { every: 0 } } }] },
    })
    const orders = log.metrics.counter({ name: 'orders_total', help: 'Orders.', labelNames: ['side'] })
    orders.inc({ side: 'buy' }, 4)
    log.info('one')
    await sleep(700)
    await log.flush()
    const records = readFileSync(join(dir, 'metrics.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; metrics: Record<string, number> })
    expect(records.length).toBeGreaterThanOrEqual(2)
    const last = records.at(-1)!
    expect(last.event).toBe('metrics')
    expect(last.metrics['orders_total{side="buy"}']).toBe(4)
    expect(last.metrics['logwarden_records_total{category="system",level="info"}']).toBeGreaterThanOrEqual(1)
  })

  it('refuses at start a snapshot category that is not declared, and a rule it cannot read', async () => {
    await expect(createLogger({ config: { plugins: [{ metrics: { snapshot: { every: '1min' } } }] } })).rejects.toMatchObject({
      code: 'LW_ERR_CONFIG_INVALID',
      message: expect.stringContaining('snapshot.category: "metrics" is not a declared category'),
    })
    await expect(createLogger({ config: { plugins: [{ metrics: { rules: ['rss >> 1GB'] } }] } })).rejects.toMatchObject({
      code: 'LW_ERR_CONFIG_INVALID',
      message: expect.stringContaining('monitor rule "rss >> 1GB" is not understood'),
    })
  })

  it('asks for a read token once an auth plugin is configured and access is read', async () => {
    process.env.LW_METRICS_TEST_READ = 'read-secret-for-the-metrics-test-0123'
    log = await createLogger({
      config: {
        plugins: [
          { 'auth-hmac': { secrets: { read: { env: 'LW_METRICS_TEST_READ' } } } },
          { control: { port: 0 } },
          { metrics: { access: 'read', health: { every: 0 } } },
        ],
      },
    })
    const url = controlUrl(log.pipeline)!
    expect((await fetch(`${url}/metrics`)).status).toBe(401)
    const { nonce } = (await (
      await fetch(`${url}/auth/challenge`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'read' }) })
    ).json()) as { nonce: string }
    const hmac = computeHmac(process.env.LW_METRICS_TEST_READ, nonce)
    const { token } = (await (
      await fetch(`${url}/auth/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ nonce, hmac, role: 'read' }),
      })
    ).json()) as { token: string }
    const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('# TYPE logwarden_records_total counter')
  })

  it("reports each sink's write latency and its log files' sizes", async () => {
    const dir = join(t.dir, 'sizes')
    log = await createLogger({ config: { plugins: [{ 'sink-file': { dir } }, { metrics: { health: { every: 100 } } }] } })
    for (let i = 0; i < 20; i++) log.info(`record ${i}`)
    await log.flush()
    await sleep(400)
    const families = await log.metrics.collect()
    const latency = families.find((f) => f.name === 'logwarden_sink_write_seconds')!
    expect(latency.type).toBe('histogram')
    const count = latency.samples.find((s) => s.suffix === '_count' && s.labels.sink === 'sink-file')!.value
    const inf = latency.samples.find((s) => s.suffix === '_bucket' && s.labels.le === '+Inf' && s.labels.sink === 'sink-file')!.value
    expect(count).toBeGreaterThanOrEqual(1)
    expect(inf).toBe(count)
    const files = families.find((f) => f.name === 'logwarden_log_file_bytes')!
    const system = files.samples.find((s) => s.labels.sink === 'sink-file' && s.labels.file === 'system.log')!
    expect(system.value).toBe(readFileSync(join(dir, 'system.log')).length)
  })
})

describe('health checks of notifier channels', () => {
  it('fail for a channel whose deliveries fail permanently, and pass for a working one', async () => {
    const { FakeDiscord } = await import('../notify-common/testing/fake-discord.js')
    const discord = new FakeDiscord()
    await discord.listen()
    try {
      const webhookUrl = discord.addWebhook('333333333333333333')
      const broken = `${discord.apiBaseUrl}/webhooks/999999999999999999/no-such-token`
      log = await createLogger({
        config: {
          plugins: [
            {
              'notify-discord': {
                webhookUrl,
                apiBaseUrl: discord.apiBaseUrl,
                channels: { ops: { webhookUrl: broken } },
                routes: [{ channel: 'ops', minLevel: 'warn' }],
                aggregate: { windowMs: 0 },
                retry: { tries: 1, baseDelayMs: 10, maxDelayMs: 10 },
                spool: { dir: join(t.dir, 'spool') },
              },
            },
            { metrics: { health: { every: 150 } } },
          ],
        },
      })
      log.warn('this alert cannot be delivered')
      const up = async () => {
        const f = (await log!.metrics.collect()).find((x) => x.name === 'logwarden_health_check_up')!
        return Object.fromEntries(f.samples.filter((s) => s.labels.check.startsWith('channel:')).map((s) => [s.labels.check, s.value]))
      }
      const deadline = Date.now() + 15_000
      while ((await up())['channel:notify-discord/ops'] !== 0 && Date.now() < deadline) await sleep(100)
      expect(await up()).toEqual({ 'channel:notify-discord/default': 1, 'channel:notify-discord/ops': 0 })
      // the webhook's secret parts appear nowhere in the checks
      const text = JSON.stringify(await log.metrics.collect())
      expect(text).not.toContain('no-such-token')
    } finally {
      await log?.close()
      log = undefined
      await discord.close()
    }
  }, 60_000)
})
