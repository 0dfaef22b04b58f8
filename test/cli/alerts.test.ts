/**
 * Alert operations end to end: a real daemon in a child process with notify-discord pointed at a
 * loopback Discord stand-in, and the real `logwarden` binary — silences (add, list, expire, their
 * time window, a restart, the audit trail), the alert history (sent, silenced, failed with a
 * scrubbed error, bounded on disk) and the preview (same body as the stand-in received, the route,
 * no secret).
 *
 * The fixture daemon logs an enforcement action every 5 ticks, for ABC123 and XYZ789 in turn
 * (rule UnrealizedLoss); the `ops` channel takes ABC123's and its webhook answers 500.
 */
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readLogs } from 'logwarden'
import { FakeDiscord, DISCORD_SECRET_TOKEN } from '../../plugins/notify-common/testing/fake-discord.js'
import { FakeTelegram, TELEGRAM_SECRET_TOKEN } from '../../plugins/notify-common/testing/fake-telegram.js'
import { ADMIN_SECRET, run, spawnDaemon, tempConfigHome, type Daemon, type DaemonOptions } from './helpers.js'

const OPS_TOKEN = 'opsT0ken_sEcReT-0a1b2c3d4e5f60718293a4b5c6d7e8f9'
const DEFAULT_ID = '111111111111111111'
const OPS_ID = '222222222222222222'
const HISTORY_MAX = 8192

let discord: FakeDiscord
let telegram: FakeTelegram
let d: Daemon
let home: ReturnType<typeof tempConfigHome>
let options: DaemonOptions

const cli = async (args: string[], input?: string) => {
  const r = await run([...args, '--url', d.url], { env: home.env, ...(input !== undefined ? { input } : {}) })
  // whatever the command printed, no webhook token ever
  for (const secret of [DISCORD_SECRET_TOKEN, OPS_TOKEN, TELEGRAM_SECRET_TOKEN]) expect(r.stdout + r.stderr).not.toContain(secret)
  return r
}
const json = async (args: string[], input?: string) => {
  const r = await cli([...args, '--json'], input)
  expect(r.code, r.stderr + r.stdout).toBe(0)
  return JSON.parse(r.stdout)
}
const login = async () => {
  const r = await run(['login', '--role', 'admin', '--url', d.url], { env: { ...home.env, LOGWARDEN_SECRET: ADMIN_SECRET } })
  expect(r.code, r.stderr).toBe(0)
}

interface Message {
  at: number
  account?: string
  body: unknown
}

/** what the default webhook accepted, with the account named in the embed */
function received(webhookId = DEFAULT_ID): Message[] {
  return discord.requests
    .filter((r) => r.path.includes(`/webhooks/${webhookId}/`))
    .map((r) => {
      const text = JSON.stringify(r.body)
      const account = ['ABC123', 'XYZ789'].find((a) => text.includes(a))
      // the stand-in stamps requests with performance.now(): on the epoch clock, as Date.now() is
      return { at: performance.timeOrigin + r.at, body: r.body, ...(account ? { account } : {}) }
    })
}

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const v = await probe()
    if (v) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; daemon output: ${d.output().slice(-2000)}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function audit(): Promise<Record<string, any>[]> {
  const out: Record<string, any>[] = []
  for await (const r of readLogs({ dir: d.logDir, category: 'audit' })) out.push(r)
  return out
}

beforeAll(async () => {
  discord = new FakeDiscord()
  await discord.listen()
  telegram = new FakeTelegram()
  await telegram.listen()
  const webhookUrl = discord.addWebhook(DEFAULT_ID)
  const opsUrl = discord.addWebhook(OPS_ID, OPS_TOKEN)
  // the ops webhook fails, and its answer quotes the webhook URL (token included)
  discord.respond((req) => (req.path.includes(`/webhooks/${OPS_ID}/`) ? { status: 500, body: { message: `upstream error posting to ${opsUrl}` } } : undefined))
  options = {
    intervalMs: 100,
    plugins: [
      {
        'notify-discord': {
          webhookUrl,
          apiBaseUrl: discord.apiBaseUrl,
          channels: { ops: { webhookUrl: opsUrl } },
          routes: [
            { categories: ['enforcement'], minLevel: 'info' },
            { channel: 'ops', categories: ['enforcement'], match: { account_id: 'ABC123' } },
          ],
          rateLimit: { max: 0 },
          aggregate: { windowMs: 0 },
          retry: { tries: 2, baseDelayMs: 10, maxDelayMs: 20 },
          breaker: { failures: 1000 },
          history: { maxSize: HISTORY_MAX },
        },
      },
      {
        'notify-telegram': {
          botToken: TELEGRAM_SECRET_TOKEN,
          chatId: '-1001234567890',
          apiBaseUrl: telegram.apiBaseUrl,
          routes: [{ categories: ['enforcement'], match: { account_id: 'ABC123' } }],
          rateLimit: { max: 0 },
          aggregate: { windowMs: 0 },
        },
      },
    ],
  }
  d = await spawnDaemon(options)
  home = tempConfigHome()
  await login()
}, 60_000)

afterAll(async () => {
  d?.cleanup()
  home?.cleanup()
  await discord?.close()
  await telegram?.close()
})

describe('silences', () => {
  let accountSilence: string

  it('a silence on one account stops its alerts at once; the other account still arrives; the history says silenced', async () => {
    await until('alerts of both accounts', () => new Set(received().map((m) => m.account)).size === 2 && true)
    const add = await cli(['silence', 'add', '--account', 'XYZ789', '--for', '1h', '--comment', 'broker maintenance'])
    expect(add.code, add.stderr).toBe(0)
    accountSilence = add.stdout.trim()
    expect(accountSilence).toMatch(/^sil_[0-9a-f]{12}$/)
    const after = Date.now()
    // ABC123 goes on arriving; XYZ789 does not (a delivery already in flight gets 300 ms)
    await until('3 ABC123 alerts after the silence', () => received().filter((m) => m.at > after && m.account === 'ABC123').length >= 3)
    expect(received().filter((m) => m.at > after + 300 && m.account === 'XYZ789')).toEqual([])

    const { alerts } = await json(['alerts', '--outcome', 'silenced'])
    expect(alerts.length).toBeGreaterThan(0)
    for (const a of alerts)
      expect(a).toMatchObject({ outcome: 'silenced', account: 'XYZ789', silence: accountSilence, notifier: 'notify-discord', channel: 'default' })
    const table = await cli(['alerts', '--outcome', 'silenced', '-n', '3'])
    expect(table.stdout).toMatch(/TIME\s+CHANNEL\s+RULE\/EVENT\s+ACCOUNT\s+OUTCOME\s+ERROR/)
    expect(table.stdout).toContain(`silence ${accountSilence}`)

    const list = await json(['silence', 'list'])
    expect(list.silences).toEqual([
      expect.objectContaining({
        id: accountSilence,
        state: 'active',
        comment: 'broker maintenance',
        matchers: [{ name: 'account', op: '=', value: 'XYZ789' }],
      }),
    ])
    expect(Date.parse(list.silences[0].endsAt) - Date.parse(list.silences[0].startsAt)).toBe(3_600_000)
  }, 60_000)

  it('survives a daemon restart (same directory, new process)', async () => {
    d.kill()
    await d.exited
    d = await spawnDaemon({ ...options, dir: d.dir })
    await login()
    const restarted = Date.now()
    const list = await json(['silence', 'list'])
    expect(list.silences.map((s: { id: string }) => s.id)).toEqual([accountSilence])
    await until('3 ABC123 alerts after the restart', () => received().filter((m) => m.at > restarted && m.account === 'ABC123').length >= 3)
    expect(received().filter((m) => m.at > restarted && m.account === 'XYZ789')).toEqual([])
    const { alerts } = await json(['alerts', '--outcome', 'silenced', '--since', new Date(restarted).toISOString()])
    expect(alerts.length).toBeGreaterThan(0)
  }, 60_000)

  it('silence expire ends it at once; both are audited with who, matchers, end and comment', async () => {
    const expire = await cli(['silence', 'expire', accountSilence])
    expect(expire.code, expire.stderr).toBe(0)
    const after = Date.now()
    await until('an XYZ789 alert after the expiry', () => received().some((m) => m.at > after && m.account === 'XYZ789'))
    expect((await json(['silence', 'list'])).silences).toEqual([])
    const all = (await json(['silence', 'list', '--all'])).silences
    expect(all).toEqual([expect.objectContaining({ id: accountSilence, state: 'expired', expiredBy: expect.any(String) })])

    const records = await until('the audit records', async () => {
      const a = (await audit()).filter((r) => r.event === 'admin_action' && String(r.action).startsWith('silence-'))
      return a.length >= 2 && a
    })
    expect(records).toEqual([
      expect.objectContaining({
        action: 'silence-add',
        result: 'ok',
        role: 'admin',
        silence_id: accountSilence,
        matchers: ['account=XYZ789'],
        // the end it was given: an hour after its start (expire moved endsAt since)
        ends_at: new Date(Date.parse(all[0].startsAt) + 3_600_000).toISOString(),
        comment: 'broker maintenance',
      }),
      expect.objectContaining({ action: 'silence-expire', result: 'ok', role: 'admin', silence_id: accountSilence, matchers: ['account=XYZ789'] }),
    ])
  }, 60_000)

  it('honours the time window: a 2 s silence on a rule and an account holds, then the alerts come back', async () => {
    const add = await cli(['silence', 'add', '--rule', 'UnrealizedLoss', '--account', 'ABC123', '--for', '2s', '--comment', 'short one'])
    expect(add.code, add.stderr).toBe(0)
    const id = add.stdout.trim()
    const at = Date.now()
    const silenced = await until('a silenced ABC123 alert', async () =>
      (await json(['alerts', '--outcome', 'silenced', '-n', '5'])).alerts.find((a: { silence: string }) => a.silence === id),
    )
    expect(silenced).toMatchObject({ account: 'ABC123', rule: 'UnrealizedLoss' })
    // nothing of ABC123 inside the window (300 ms for one in flight), again after it
    await until('an ABC123 alert after the window', () => received().some((m) => m.at > at + 2000 && m.account === 'ABC123'))
    expect(received().filter((m) => m.at > at + 300 && m.at < at + 1800 && m.account === 'ABC123')).toEqual([])
  }, 60_000)

  it('refuses a silence without a matcher, a duration or a comment', async () => {
    const none = await cli(['silence', 'add', '--for', '1h', '--comment', 'x'])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('at least one matcher')
    const noComment = await cli(['silence', 'add', '--account', 'A', '--for', '1h'])
    expect(noComment.code).toBe(2)
    const bad = await cli(['silence', 'add', '--account', 'A', '--for', 'soon', '--comment', 'x'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('"for" must be a duration')
    const unknown = await cli(['silence', 'expire', 'sil_000000000000'])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('no silence sil_000000000000')
  }, 30_000)
})

describe('alert history', () => {
  it('lists sent and failed deliveries, newest first, with the error scrubbed', async () => {
    const { alerts } = await json(['alerts', '-n', '200'])
    const times = alerts.map((a: { time: string }) => Date.parse(a.time))
    expect([...times].sort((a, b) => b - a)).toEqual(times)
    // Discord's and Telegram's deliveries interleave: the newest sent entry may be either
    expect(alerts.find((a: { outcome: string; notifier: string }) => a.outcome === 'sent' && a.notifier === 'notify-discord')).toMatchObject({
      channel: 'default',
      rule: 'UnrealizedLoss',
    })
    const failed = alerts.find((a: { outcome: string }) => a.outcome === 'failed')
    expect(failed).toMatchObject({ channel: 'ops', account: 'ABC123', status: 500 })
    expect(failed.error).toContain('upstream error posting to')
    expect(failed.error).not.toContain(OPS_TOKEN)
    expect(alerts.some((a: { outcome: string; channel: string }) => a.outcome === 'retried' && a.channel === 'ops')).toBe(true)

    const only = await json(['alerts', '--channel', 'ops', '--outcome', 'failed', '-n', '2'])
    expect(only.alerts.length).toBeGreaterThan(0)
    expect(only.alerts.length).toBeLessThanOrEqual(2)
    for (const a of only.alerts) expect(a).toMatchObject({ channel: 'ops', outcome: 'failed' })
    // the same history from the files, as when the daemon is down
    const spool = join(d.dir, '.logwarden', 'spool')
    const offline = await run(['alerts', '--spool', spool, '-n', '5', '--json'], { env: home.env })
    expect(offline.code, offline.stderr).toBe(0)
    const fromFiles = JSON.parse(offline.stdout).alerts
    expect(fromFiles).toHaveLength(5)
    expect(fromFiles.map((a: { notifier: string }) => a.notifier).every((n: string) => n.startsWith('notify-'))).toBe(true)
    expect(offline.stdout).not.toContain(OPS_TOKEN)
    const bad = await cli(['alerts', '--outcome', 'exploded'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('outcomes: sent, failed')
  }, 30_000)

  it('stays bounded on disk (history.maxSize), rotating into history.1.ndjson', async () => {
    const spool = join(d.dir, '.logwarden', 'spool', 'notify-discord')
    await until('a rotated history file', () => readdirSync(spool).includes('history.1.ndjson'))
    const sizes = ['history.ndjson', 'history.1.ndjson'].map((f) => statSync(join(spool, f)).size)
    for (const s of sizes) expect(s).toBeLessThanOrEqual(HISTORY_MAX / 2)
    expect(sizes[0]! + sizes[1]!).toBeLessThanOrEqual(HISTORY_MAX)
  }, 60_000)
})

describe('alerts preview', () => {
  it('renders the body the stand-in received for a record, names the route, shows no secret', async () => {
    const { previews } = await json(['alerts', 'preview', '--last', '1', '-c', 'enforcement', '--where', 'account_id=ABC123', '--dir', d.logDir])
    expect(previews).toHaveLength(1)
    const { record, channels } = previews[0]
    expect(record.account_id).toBe('ABC123')
    const byChannel = Object.fromEntries(
      channels.filter((c: { notifier: string }) => c.notifier === 'notify-discord').map((c: { channel: string }) => [c.channel, c]),
    )
    expect(byChannel.default.route).toBe('routes[0]: categories enforcement, from info')
    expect(byChannel.ops.route).toBe('routes[1]: categories enforcement, match account_id=ABC123, from info')
    expect(byChannel.default.silence).toBeUndefined()
    // the exact body the daemon sent for that record (one embed per alert: aggregation is off)
    const preview = byChannel.default.messages[0]
    await until('the same body at the stand-in', () => received().some((m) => isDeepStrictEqual(m.body, preview)))
    // ops fails: it tries its oldest alert again and again, so that record's body is not there to compare
    expect(byChannel.ops.messages).toHaveLength(1)
    // Telegram: the same text (and chat, parse mode) the Bot API stand-in received
    const tg = channels.find((c: { notifier: string }) => c.notifier === 'notify-telegram')
    expect(tg).toMatchObject({ channel: 'default', route: 'routes[0]: categories enforcement, match account_id=ABC123, from info' })
    await until('the same Telegram message at the stand-in', () => telegram.delivered.some((r) => isDeepStrictEqual(r.body, tg.messages[0])))
    expect(tg.messages[0].text).toContain('ABC123')

    // a record given by hand (stdin), under a silence, that no route takes to ops
    const id = (await cli(['silence', 'add', '--match', 'account_id=XYZ789', '--for', '1h', '--comment', 'preview'])).stdout.trim()
    const hand = { ...record, account_id: 'XYZ789', event_id: 'preview-1' }
    const text = await cli(['alerts', 'preview', '-'], JSON.stringify(hand))
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toContain('notify-discord/default: route routes[0]: categories enforcement, from info')
    expect(text.stdout).toContain(`SILENCED by ${id}`)
    expect(text.stdout).toContain('notify-discord/ops: not sent: no route sends this record here')
    expect(text.stdout).toContain('"title"')
    const nothing = await json(['alerts', 'preview', JSON.stringify({ category: 'audit', level: 'info', message: 'x' })])
    expect(nothing.previews[0].channels.every((c: { skipped?: string; route?: string }) => !c.route && c.skipped)).toBe(true)
  }, 60_000)
})
