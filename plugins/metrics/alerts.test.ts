/**
 * The monitor and the health checks end to end, in a real logger: records reach a loopback
 * Discord stand-in through notify-discord like any other record. A rule on event-loop delay fires
 * once while the test blocks the event loop and recovers once afterwards; a health check on a
 * directory made unwritable (for real: the immutable flag as root, the mode otherwise) fails once
 * and recovers once.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger, type Logger } from 'logwarden'
import { controlUrl } from 'logwarden/plugins/control'
import { FakeDiscord } from '../notify-common/testing/fake-discord.js'
import { lockDown, release } from '../sink-file/test/helpers.js'
import { tempDir } from '../../test/helpers/sinks.js'

const t = tempDir('lw-metrics-alerts-')
const watched = join(t.dir, 'watched')
let discord: FakeDiscord
let log: Logger

const EVENTS = ['threshold_exceeded', 'threshold_recovered', 'health_check_failed', 'health_check_recovered']

beforeAll(async () => {
  mkdirSync(watched)
  discord = new FakeDiscord()
  await discord.listen()
  const webhookUrl = discord.addWebhook('444444444444444444')
  log = await createLogger({
    config: {
      plugins: [
        {
          'notify-discord': {
            webhookUrl,
            apiBaseUrl: discord.apiBaseUrl,
            routes: [{ channel: 'default', events: EVENTS }],
            aggregate: { windowMs: 0 },
            spool: { dir: join(t.dir, 'spool') },
          },
        },
        { control: { port: 0 } },
        {
          metrics: {
            sampleInterval: 200,
            rules: [{ rule: 'event_loop_delay_p99 > 400ms', level: 'critical' }],
            health: { every: 300, dirs: [watched], channels: false },
          },
        },
      ],
    },
  })
})

afterAll(async () => {
  release(watched)
  await log?.close()
  await discord?.close()
  t.cleanup()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The alerts Discord received, as text, per event name. */
function received(): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const m of discord.messages) {
    const text = JSON.stringify(m)
    // the record's message says it in words: "threshold exceeded: …", "health check failed: …"
    for (const e of EVENTS) if (text.includes(`${e.replaceAll('_', ' ')}:`)) (out[e] ??= []).push(text)
  }
  return out
}

async function until(what: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!what()) {
    if (Date.now() > end) throw new Error(`timed out; Discord got ${JSON.stringify(discord.messages).slice(0, 2000)}`)
    await sleep(50)
  }
}

describe('monitor rules and health checks', () => {
  it('a rule on event-loop delay fires when the loop is blocked and recovers afterwards, each once', async () => {
    await sleep(600) // a few quiet samples first
    const end = Date.now() + 1500
    while (Date.now() < end);
    await until(() => (received().threshold_recovered?.length ?? 0) >= 1)
    await sleep(1000) // more samples: nothing fires again
    const got = received()
    expect(got.threshold_exceeded).toHaveLength(1)
    expect(got.threshold_recovered).toHaveLength(1)
    expect(got.threshold_exceeded[0]).toContain('event_loop_delay_p99 > 400ms')
  })

  it('a directory made unwritable fails its health check once, and recovers once; /health?detail=1 shows it', async () => {
    const name = `dir-writable:${watched}`
    lockDown(watched)
    await until(() => (received().health_check_failed?.length ?? 0) >= 1)
    const health = (await (await fetch(`${controlUrl(log.pipeline)}/health?detail=1`)).json()) as {
      healthy: boolean
      checks: Array<{ name: string; ok: boolean }>
    }
    expect(health.healthy).toBe(false)
    expect(health.checks.find((c) => c.name === name)).toMatchObject({ ok: false })
    await sleep(800) // still failing at the next runs: no second alert
    release(watched)
    await until(() => (received().health_check_recovered?.length ?? 0) >= 1)
    await sleep(800)
    const got = received()
    expect(got.health_check_failed).toHaveLength(1)
    expect(got.health_check_recovered).toHaveLength(1)
    expect(got.health_check_failed[0]).toContain('not writable')
    const after = (await (await fetch(`${controlUrl(log.pipeline)}/status`)).json()) as { health: Array<{ name: string; ok: boolean }> }
    expect(after.health.find((c) => c.name === name)).toMatchObject({ ok: true })
  })

  it("counts the notifier's deliveries per channel and outcome, as Discord received them", async () => {
    await log.flush()
    const text = await (await fetch(`${controlUrl(log.pipeline)}/metrics`)).text()
    const sent = /^logwarden_notifications_total\{notifier="notify-discord",channel="default",outcome="sent"\} (\d+)$/m.exec(text)
    expect(Number(sent?.[1])).toBe(discord.messages.length)
    expect(discord.messages.length).toBeGreaterThanOrEqual(4)
  })
})
