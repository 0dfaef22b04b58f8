/**
 * Durable categories reach notifiers exactly once (issue 10, item 1): a child logs critical
 * audit and enforcement records with notify-discord configured for them and SIGKILLs itself at
 * once; after a restart every alert was delivered exactly once; when the restart was itself killed
 * while delivering, only the request in flight at that kill may arrive twice. Real child
 * processes; Discord is a loopback fake.
 */
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { FakeDiscord } from '../plugins/notify-common/testing/fake-discord.js'
import { readLines, tempDir } from './helpers/sinks.js'
import { runChild } from './helpers/durable.js'

const t = tempDir('lw-durable-notify-')
afterAll(() => t.cleanup())
const servers: FakeDiscord[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close()
})

async function discord() {
  const server = new FakeDiscord()
  await server.listen()
  servers.push(server)
  return { server, webhookUrl: server.addWebhook('444444444444444444') }
}

/** how many alerts mention each audit actor `ops-<i>` and each account `K<i>` */
function deliveredCounts(server: FakeDiscord): { audit: Map<number, number>; enforcement: Map<number, number> } {
  const audit = new Map<number, number>()
  const enforcement = new Map<number, number>()
  for (const m of server.messages) {
    const text = JSON.stringify(m.embeds)
    const a = /ops-(\d+)\b/.exec(text)
    const e = /\bK(\d+)\b/.exec(text)
    if (a) audit.set(Number(a[1]), (audit.get(Number(a[1])) ?? 0) + 1)
    else if (e) enforcement.set(Number(e[1]), (enforcement.get(Number(e[1])) ?? 0) + 1)
  }
  return { audit, enforcement }
}

/**
 * Every alert at least once, and a second time only the one a channel had in flight at the kill:
 * Discord may have posted it without the 2xx reaching the killed process (no webhook takes an
 * idempotency key). The ledger keeps everything else single.
 */
function expectOnceBarInFlight(a: Map<number, number>, e: Map<number, number>, n: number): void {
  for (const counts of [a, e]) expect([...counts.keys()].sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i))
  const twice = [...a.values(), ...e.values()].filter((c) => c > 1)
  // one channel, one request at a time
  expect(twice.length, JSON.stringify(twice)).toBeLessThanOrEqual(1)
  expect(twice.every((c) => c === 2)).toBe(true)
}

function expectEachOnce(counts: Map<number, number>, n: number): void {
  expect([...counts.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i))
  expect(
    [...counts.values()].every((c) => c === 1),
    JSON.stringify([...counts].filter(([, c]) => c !== 1)),
  ).toBe(true)
}

describe('durable records reach a notifier exactly once across SIGKILL', () => {
  it('50 records of each durable category, SIGKILL right after: each alert delivered once after a restart', async () => {
    const { server, webhookUrl } = await discord()
    const dir = join(t.dir, 'kill')
    const notify = { webhookUrl, apiBaseUrl: server.apiBaseUrl, spoolDir: join(t.dir, 'kill-spool') }
    const n = 50
    expect((await runChild({ mode: 'kill', dir, n, notify })).signal).toBe('SIGKILL')
    const restarted = await runChild({ mode: 'restart', dir, notify })
    expect(restarted.code, restarted.stderr).toBe(0)
    const { audit, enforcement } = deliveredCounts(server)
    expectEachOnce(audit, n)
    expectEachOnce(enforcement, n)
    expect(readLines(join(dir, 'audit.log'))).toHaveLength(n)
  }, 30_000)

  it('a restart killed during its replay, then another: each alert delivered once, bar the one in flight at the kill', async () => {
    const { server, webhookUrl } = await discord()
    const dir = join(t.dir, 'replay-kill')
    const notify = { webhookUrl, apiBaseUrl: server.apiBaseUrl, spoolDir: join(t.dir, 'replay-kill-spool') }
    const n = 50
    expect((await runChild({ mode: 'kill', dir, n, notify, batch: 10 })).signal).toBe('SIGKILL')
    expect((await runChild({ mode: 'replay-kill', dir, notify, batch: 10 })).signal).toBe('SIGKILL')
    const before = deliveredCounts(server)
    // some alerts went out during the killed replay: the third run must not send them again
    expect(before.audit.size + before.enforcement.size).toBeGreaterThan(0)
    const third = await runChild({ mode: 'restart', dir, notify, batch: 10 })
    expect(third.code, third.stderr).toBe(0)
    const { audit, enforcement } = deliveredCounts(server)
    expectOnceBarInFlight(audit, enforcement, 50)
  }, 30_000)
})
