import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { buildAlert } from './alert.js'
import { Aggregator } from './aggregator.js'
import { retryAfterHeaderMs, secondsToMs } from './backoff.js'
import { CircuitBreaker } from './breaker.js'
import { notifyKind, prefilter, Router } from './routing.js'
import { Type, withDefaults } from '../../lib/options/index.js'
import { commonProperties } from './schema.js'
import { Scrubber } from './scrub.js'
import { severityOf, SEVERITY_COLOR, SEVERITY_EMOJI } from './severity.js'
import { Spool } from './spool.js'
import { buildSummary } from './summary.js'
import { FakeClock } from './testing/fake-clock.js'
import { makeRecord, positionClosed, tempDir } from './testing/harness.js'
import { formatMoney, formatTime } from './time.js'
import { TokenBucket } from './token-bucket.js'
import { clean, humanize, truncate } from './text.js'
import type { AlertEvent } from './types.js'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

function alertEvent(record: Record<string, unknown>, channel = 'default', seq = 0): AlertEvent {
  const built = buildAlert(record, String(record.category), { timezone: 'America/Chicago', footer: 'Risk Manager Daemon' })
  return { id: String(record.event_id), channel, created: 1000 + seq, seq, notification: built.notification, facts: built.facts }
}

describe('severity', () => {
  it('maps levels to info / warning / critical with emoji and color', () => {
    expect([30, 40, 50, 60, 20].map(severityOf)).toEqual(['info', 'warning', 'critical', 'critical', 'info'])
    expect(SEVERITY_EMOJI.critical).toBe('🚨')
    expect(SEVERITY_COLOR.critical).toBe(0xff0000)
    expect(new Set(Object.values(SEVERITY_COLOR)).size).toBe(3)
  })
})

describe('alert layout (seed 001)', () => {
  it('builds title, fields and time in the configured zone from an enforcement record', () => {
    const { notification, facts } = buildAlert(positionClosed({ level: 'critical' }), 'enforcement', {
      timezone: 'America/Chicago',
      footer: 'Risk Manager Daemon',
    })
    expect(notification.title).toBe('Position Closed - Unrealized Loss Limit')
    expect(notification.severity).toBe('critical')
    expect(notification.fields).toEqual([
      { name: 'Account', value: 'ABC123 (TopstepX Main)' },
      { name: 'Position', value: 'MNQ 2 contracts @ 5042.50' },
      { name: 'Unrealized PnL', value: '-$210.00' },
      { name: 'Limit', value: '-$200.00' },
      { name: 'Action', value: 'Position closed automatically' },
      { name: 'Time', value: '2025-10-15 10:23:45 CT' },
    ])
    expect(notification.footer).toBe('Risk Manager Daemon')
    expect(notification.description).toBeUndefined()
    expect(facts).toMatchObject({ account: 'ABC123', symbol: 'MNQ', event: 'position_closed', rule: 'UnrealizedLoss' })
  })

  it('uses ruleLabels, account names from config, and the action when there is no event', () => {
    const rec = makeRecord({ account_id: 'XYZ', rule: 'DailyLoss', action: 'lockout', details: { reason: 'Daily loss limit exceeded' } })
    const { notification } = buildAlert(rec, 'enforcement', {
      timezone: 'UTC',
      ruleLabels: { DailyLoss: 'Daily Realized Loss' },
      accountNames: new Map([['XYZ', 'Eval 2']]),
    })
    expect(notification.title).toBe('Account Locked Out - Daily Realized Loss')
    expect(notification.fields.map((f) => f.name)).toEqual(['Account', 'Reason', 'Action', 'Time'])
    expect(notification.fields[0].value).toBe('XYZ (Eval 2)')
    expect(notification.fields[3].value).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/)
  })

  it('lists the fields of a record without the enforcement shape and keeps its message', () => {
    const rec = makeRecord({ category: 'system', level: 'error', message: 'broker connection lost', event: 'connection_lost', broker: 'topstepx', attempts: 3 })
    const { notification } = buildAlert(rec, 'system', { timezone: 'UTC' })
    expect(notification.title).toBe('Connection Lost')
    expect(notification.description).toBe('broker connection lost')
    expect(notification.fields.map((f) => `${f.name}=${f.value}`)).toContain('Broker=topstepx')
    expect(notification.fields.map((f) => `${f.name}=${f.value}`)).toContain('Attempts=3')
  })

  it('text helpers: truncate never splits a surrogate pair, clean drops controls and lone surrogates', () => {
    const s = 'a'.repeat(9) + '😀' + 'b'
    const t = truncate(s, 11)
    expect(t.length).toBeLessThanOrEqual(11)
    expect(t.endsWith('…')).toBe(true)
    expect(/[\ud800-\udbff]$/.test(t.slice(0, -1))).toBe(false)
    expect(clean('a\u0000b\u0007c\ud800d\ne')).toBe('abc\ufffdd\ne')
    expect(humanize('position_closed')).toBe('Position Closed')
    expect(humanize('UnrealizedLoss')).toBe('Unrealized Loss')
    expect(formatMoney(-1210.5)).toBe('-$1,210.50')
    expect(formatTime('2025-01-15T15:00:00Z', 'America/Chicago')).toBe('2025-01-15 09:00:00 CT')
  })
})

describe('summary', () => {
  it('folds five closes into the seed 001 summary', () => {
    const symbols = ['MNQ', 'ES', 'NQ', 'GC', 'CL']
    const events = symbols.map((symbol, i) =>
      alertEvent(
        positionClosed({
          level: 'critical',
          rule: 'DailyLoss',
          details: { position: { symbol, quantity: 1 }, reason: 'Daily loss limit exceeded', action: 'flatten_account' },
        }),
        'default',
        i,
      ),
    )
    const n = buildSummary(events, 'Risk Manager Daemon')
    expect(n.title).toBe('Multiple Enforcement Actions (5 positions closed)')
    expect(n.severity).toBe('critical')
    const f = Object.fromEntries(n.fields.map((x) => [x.name, x.value]))
    expect(f.Account).toBe('ABC123 (TopstepX Main)')
    expect(f.Reason).toBe('Daily loss limit exceeded')
    expect(f.Actions).toBe('All positions flattened')
    expect(f['Positions closed']).toBe('MNQ, ES, NQ, GC, CL')
  })

  it('says which kinds of alerts a mixed summary holds, with counts', () => {
    const events = [
      alertEvent(positionClosed(), 'default', 1),
      alertEvent(positionClosed(), 'default', 2),
      alertEvent(makeRecord({ category: 'system', level: 'critical', event: 'connection_lost', message: 'lost' }), 'default', 3),
    ]
    const n = buildSummary(events)
    expect(n.title).toBe('Multiple Alerts (3 events)')
    expect(n.fields.find((x) => x.name === 'Alerts')?.value).toBe('2× Position Closed - Unrealized Loss Limit\n1× Connection Lost')
  })
})

describe('token bucket', () => {
  it('allows a burst of max, then one token per interval/max', () => {
    const clock = new FakeClock()
    const b = new TokenBucket(10, 60_000, 10, clock)
    for (let i = 0; i < 10; i++) expect(b.take()).toBe(true)
    expect(b.take()).toBe(false)
    expect(b.msUntilToken()).toBe(6000)
    clock.advance(5999)
    expect(b.available()).toBe(0)
    clock.advance(1)
    expect(b.take()).toBe(true)
    clock.advance(600_000)
    expect(b.available()).toBe(10)
  })

  it('is unlimited with max 0', () => {
    const b = new TokenBucket(0, 60_000, 1, new FakeClock())
    for (let i = 0; i < 1000; i++) expect(b.take()).toBe(true)
    expect(b.msUntilToken()).toBe(0)
  })
})

describe('aggregator', () => {
  it('sends the first event of a key at once and folds the rest of the window', () => {
    const clock = new FakeClock()
    const out: string[][] = []
    const agg = new Aggregator(5000, clock, (events) => out.push(events.map((e) => e.id)))
    const ev = (id: string, key: string | undefined) => ({ id, aggregateKey: key }) as AlertEvent
    agg.offer(ev('a1', 'A'))
    agg.offer(ev('b1', 'B'))
    clock.advance(1000)
    agg.offer(ev('a2', 'A'))
    agg.offer(ev('a3', 'A'))
    agg.offer(ev('x', undefined))
    expect(out).toEqual([['a1'], ['b1'], ['x']])
    clock.advance(4000)
    expect(out).toEqual([['a1'], ['b1'], ['x'], ['a2', 'a3']])
    // the stream continues: a new window folds again; an empty window ends it
    clock.advance(100)
    agg.offer(ev('a4', 'A'))
    clock.advance(5000)
    expect(out.at(-1)).toEqual(['a4'])
    clock.advance(5000)
    agg.offer(ev('a5', 'A'))
    expect(out.at(-1)).toEqual(['a5'])
  })

  it('disabled with windowMs 0', () => {
    const out: string[] = []
    const agg = new Aggregator(0, new FakeClock(), (events) => out.push(...events.map((e) => e.id)))
    agg.offer({ id: '1', aggregateKey: 'A' } as AlertEvent)
    agg.offer({ id: '2', aggregateKey: 'A' } as AlertEvent)
    expect(out).toEqual(['1', '2'])
  })
})

describe('circuit breaker', () => {
  it('opens after N failures, half-opens after openMs, doubles on a failed probe, closes on success', () => {
    const clock = new FakeClock()
    const br = new CircuitBreaker({ failures: 2, openMs: 1000, maxOpenMs: 3000 }, clock)
    expect(br.failure()).toBe(false)
    expect(br.failure()).toBe(true)
    expect(br.state).toBe('open')
    expect(br.msUntilAllowed()).toBe(1000)
    clock.advance(1000)
    expect(br.state).toBe('half-open')
    br.failure()
    expect(br.msUntilAllowed()).toBe(2000)
    clock.advance(2000)
    br.failure()
    expect(br.msUntilAllowed()).toBe(3000)
    clock.advance(3000)
    expect(br.success()).toBe(true)
    expect(br.state).toBe('closed')
  })
})

describe('backoff', () => {
  // the delay itself: lib/util/backoff.test.ts
  it('reads retry hints in seconds and as Retry-After', () => {
    expect(secondsToMs('1.5')).toBe(1500)
    expect(secondsToMs(0.25)).toBe(250)
    expect(secondsToMs('abc')).toBeUndefined()
    expect(retryAfterHeaderMs('2')).toBe(2000)
    expect(retryAfterHeaderMs('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(30_000)
    expect(retryAfterHeaderMs(undefined)).toBeUndefined()
  })
})

describe('routing', () => {
  const accounts = [
    {
      account_id: 'ABC123',
      channels: { discord: { enabled: true, severity_levels: ['warning', 'critical'] as Array<'warning' | 'critical'> } },
      notify_on: { daily_reset: false, cooldown: true },
    },
    { account_id: 'OFF', channels: { discord: { enabled: false } } },
    { account_id: 'OWN', channels: { discord: { webhook_url: 'x' } }, rate_limit: { aggregate_similar: false } },
  ]
  const router = new Router(
    [
      { categories: ['enforcement'], minLevel: 'info' },
      { channel: 'ops', categories: ['system'], minLevel: 'error', events: ['connection_lost'] },
      { channel: 'vip', match: { account_id: ['VIP1', 'VIP2'], 'details.symbol': 'ES' } },
    ],
    accounts,
    'discord',
    new Map([['OWN', 'account:OWN']]),
  )
  const route = (fields: Record<string, unknown>) => {
    const r = makeRecord(fields)
    return router.route(r, String(r.category), severityOf({ info: 30, warn: 40, error: 50, critical: 60 }[String(r.level)] ?? 30))
  }

  it('matches category, level, events and field values', () => {
    expect(route({ category: 'enforcement', level: 'info', account_id: 'ANY' })).toEqual([{ channel: 'default', aggregate: true, route: 0 }])
    expect(route({ category: 'audit', level: 'critical' })).toEqual([])
    expect(route({ category: 'system', level: 'error', event: 'connection_lost' }).map((t) => t.channel)).toEqual(['ops'])
    expect(route({ category: 'system', level: 'warn', event: 'connection_lost' })).toEqual([])
    expect(route({ category: 'system', level: 'error', event: 'other' })).toEqual([])
    expect(route({ category: 'audit', level: 'info', account_id: 'VIP2', details: { symbol: 'ES' } }).map((t) => t.channel)).toEqual(['vip'])
    expect(route({ category: 'audit', level: 'info', account_id: 'VIP2', details: { symbol: 'NQ' } })).toEqual([])
  })

  it('applies per-account preferences: enabled, severity_levels, notify_on, own channel, aggregate_similar', () => {
    expect(route({ category: 'enforcement', level: 'info', account_id: 'ABC123' })).toEqual([])
    expect(route({ category: 'enforcement', level: 'warn', account_id: 'ABC123' }).length).toBe(1)
    expect(route({ category: 'enforcement', level: 'warn', account_id: 'ABC123', event: 'daily_reset' })).toEqual([])
    expect(route({ category: 'enforcement', level: 'warn', account_id: 'ABC123', event: 'cooldown_started' }).length).toBe(1)
    expect(route({ category: 'enforcement', level: 'critical', account_id: 'OFF' })).toEqual([])
    expect(route({ category: 'enforcement', level: 'info', account_id: 'OWN' })).toEqual([{ channel: 'account:OWN', aggregate: false, route: 0 }])
    expect(notifyKind('enforcement', 'account_locked')).toBe('lockout')
    expect(notifyKind('system', 'connection_lost')).toBe('connection_loss')
    expect(notifyKind('enforcement', 'position_closed')).toBe('enforcement_action')
  })

  it('computes the main-thread pre-filter from the routes', () => {
    expect(prefilter(undefined)).toEqual({ categories: ['enforcement', 'system', 'error'], minLevel: 30 })
    expect(prefilter([{ categories: ['system'], minLevel: 'error' }, { minLevel: 'warn' }])).toEqual({ categories: '*', minLevel: 40 })
  })
})

describe('scrubber', () => {
  it('replaces secrets (and their URL-encoded forms) in text, nested fields and errors', () => {
    const url = 'https://discord.com/api/webhooks/123/s3cr3t-t0ken_value'
    const s = new Scrubber().add(url, 'https://discord.com/api/webhooks/…/[REDACTED]').add('s3cr3t-t0ken_value')
    expect(s.scrub(`POST ${url}?wait=true failed`)).toBe('POST https://discord.com/api/webhooks/…/[REDACTED]?wait=true failed')
    expect(s.scrub(`token=${encodeURIComponent('s3cr3t-t0ken_value')}`)).not.toContain('s3cr3t')
    expect(JSON.stringify(s.deep({ a: [{ b: `x ${url}` }] }))).not.toContain('s3cr3t')
    const err = s.error(new Error(`connect to ${url}`, { cause: new Error(url) }))
    expect(err.message + err.stack + String(err.cause)).not.toContain('s3cr3t')
  })
})

describe('schema defaults', () => {
  it('fills nested defaults the way ajv useDefaults does', () => {
    const o = withDefaults(Type.Object(commonProperties), { rateLimit: { max: 3 } })
    expect(o.rateLimit).toEqual({ max: 3, intervalMs: 60_000 })
    expect(o.retry).toEqual({ tries: 3, baseDelayMs: 500, maxDelayMs: 15_000 })
    expect(o.aggregate.windowMs).toBe(5000)
    expect(o.retryAfterCapMs).toBe(60_000)
  })
})

describe('spool', () => {
  it("writes one fsync'd file per alert, reloads them in order, deletes on remove, and is claimed by one process", async () => {
    const { dir, cleanup } = await tempDir()
    cleanups.push(cleanup)
    const { spool } = await Spool.open(dir)
    const events = [1, 2, 3].map((i) => alertEvent(positionClosed({ event_id: `e${i}` }), 'default', i))
    await spool!.putMany(events)
    const files = (await readdir(dir)).filter((f) => f.endsWith('.alert.json'))
    expect(files).toHaveLength(3)
    expect((await stat(join(dir, files[0]))).mode & 0o777).toBe(0o600)
    expect(JSON.parse(await readFile(join(dir, Spool.fileName('default', 'e2')), 'utf8')).id).toBe('e2')
    await spool!.remove(events[1])
    await spool!.close()

    const again = await Spool.open(dir)
    const loaded = await again.spool!.load()
    expect(loaded.events.map((e) => e.id)).toEqual(['e1', 'e3'])
    expect(again.spool!.oldest()[0].id).toBe('e1')
    await again.spool!.close()
  })

  it('refuses a directory owned by another live process, takes over one of a dead process', async () => {
    const { dir, cleanup } = await tempDir()
    cleanups.push(cleanup)
    const { writeFile } = await import('node:fs/promises')
    await writeFile(join(dir, 'owner.pid'), String(process.ppid))
    expect((await Spool.open(dir)).heldBy).toBe(process.ppid)
    await writeFile(join(dir, 'owner.pid'), '999999999')
    const taken = await Spool.open(dir)
    expect(taken.spool).toBeDefined()
    expect(await readFile(join(dir, 'owner.pid'), 'utf8')).toBe(String(process.pid))
    await taken.spool!.close()
  })
})
