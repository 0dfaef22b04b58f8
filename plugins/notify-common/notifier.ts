/**
 * The sink every notifier worker returns: routes parsed records to channels, spools them durably,
 * deduplicates by event id, bounds the backlog (drop-oldest, counted and reported), holds back
 * what a daemon silence matches, records every outcome in the alert history, and answers `test` /
 * `stats` / `silences` / `history` / `preview` commands. Transports only render and send.
 */
import { createHash } from 'node:crypto'
import { resolve } from 'node:path'
import { batchRecords, type Batch, type Sink, type SinkContext } from '../../core/sink-contract.js'
import { buildAlert, type AlertFormat } from './alert.js'
import { Channel, COUNTERS, type ChannelConfig, type Counter, type TestResult } from './channel.js'
import { NotifyErrors } from './errors.js'
import { Router } from './routing.js'
import type { CommonOptions } from './schema.js'
import type { Scrubber } from './scrub.js'
import { recordSeverity } from './severity.js'
import { Spool } from './spool.js'
import { DeliveredLedger } from './delivered-ledger.js'
import { checkTimeZone, formatTime } from './time.js'
import type { Transport } from './transport.js'
import { realClock, type AlertEvent, type Clock, type Notification } from './types.js'
import { AlertHistory } from './history.js'
import { SilenceView } from './silence-view.js'
import { previewRecord } from './preview.js'
import type { AlertView } from '../../lib/silences/index.js'
import { parseSize } from '../../lib/util/index.js'
import type { AlertHistoryEntry, AlertHistoryQuery, AlertOutcome } from '../../lib/control-api/index.js'

export interface ChannelDef<Target> {
  name: string
  target: Target
  /** overrides the instance's rate limit (an account's `rate_limit.max_per_minute`) */
  rateLimit?: { max: number; intervalMs: number; burst?: number }
}

export interface NotifierSetup<Target> {
  /** the sink kind, e.g. `notify-discord` */
  kind: string
  options: CommonOptions
  ctx: SinkContext
  transport: Transport<Target>
  channels: ChannelDef<Target>[]
  /** account id → the channel of that account's own webhook / chat */
  accountChannels: Map<string, string>
  scrubber: Scrubber
  clock?: Clock
  /**
   * Structured data a transport renders from (Alertmanager labels), computed once per routed record
   * and spooled with the alert; `undefined` drops the record (nothing to send for it).
   */
  prepare?(record: Record<string, unknown>, category: string): Record<string, unknown> | undefined
  /** restores state persisted beside the spool (a Telegram chat migration) */
  onState?(state: Record<string, unknown>, channels: Map<string, Target>): void
}

export interface ChannelStats {
  counters: Record<Counter, number>
  backlog: number
  disabled: boolean
  breaker: string
  /** the newest delivery failure and when it happened */
  lastError?: { message: string; at: string }
}

export interface NotifierSink extends Sink {
  testChannel(name?: string): Promise<TestResult>
  stats(): Record<string, ChannelStats>
}

const SEEN_LIMIT = 50_000
/** history lines stay short, so a bounded history file holds many */
const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 3)}...` : s)
const THROTTLE_MS = 30_000
const CLOSE_GRACE_MS = 1000

export async function createNotifier<Target>(setup: NotifierSetup<Target>): Promise<NotifierSink> {
  const { ctx, options, transport, scrubber, kind } = setup
  const clock = setup.clock ?? realClock
  const sinkName = ctx.name
  try {
    checkTimeZone(options.timezone)
  } catch {
    throw NotifyErrors.CONFIG(kind, `unknown timezone "${options.timezone}". Use an IANA zone such as America/Chicago or UTC.`)
  }

  // --- system records: scrubbed, and noisy kinds (429, retries) at most once per 30 s per key
  const throttle = new Map<string, { until: number; suppressed: number }>()
  const log = (level: 'info' | 'warn' | 'error' | 'critical', message: string, fields: Record<string, unknown> = {}, key?: string) => {
    if (key) {
      const t = throttle.get(key)
      const now = clock.now()
      if (t && now < t.until) {
        t.suppressed++
        return
      }
      if (t?.suppressed) fields = { ...fields, suppressed: t.suppressed }
      throttle.set(key, { until: now + THROTTLE_MS, suppressed: 0 })
    }
    try {
      ctx.log(level, 'system', scrubber.scrub(message), scrubber.deep({ notifier: sinkName, ...fields }))
    } catch {
      // the host is going away; nothing more useful to do with a notice
    }
  }
  const describe = (err: unknown) => scrubber.describe(err)

  // --- spool
  let spool: Spool | undefined
  if (options.spool.enabled) {
    const dir = resolve(options.spool.dir ?? resolve('.logwarden', 'spool', sinkName))
    try {
      const opened = await Spool.open(dir)
      spool = opened.spool
      if (opened.heldBy) {
        log(
          'warn',
          `${kind} "${sinkName}": spool ${dir} is in use by process ${opened.heldBy}; this process keeps undelivered alerts in memory only. Give each process its own spool.dir.`,
        )
      }
    } catch (err) {
      throw NotifyErrors.CONFIG(kind, `cannot use spool directory ${dir}: ${describe(err)}. Set spool.dir to a writable directory, or spool.enabled false.`)
    }
  }

  let ledger: DeliveredLedger | undefined
  if (spool) {
    try {
      ledger = await DeliveredLedger.open(spool.dir)
    } catch (err) {
      throw NotifyErrors.CONFIG(
        kind,
        `cannot read the delivered-alerts ledger in ${spool.dir}: ${describe(err)}. Set spool.dir to a writable directory, or spool.enabled false.`,
      )
    }
  }

  // --- the alert history (logwarden alerts) and the daemon's silences (logwarden silence)
  const history = new AlertHistory(spool?.dir, parseSize(options.history?.maxSize ?? '2MB') ?? 2 * 1024 * 1024, (err) =>
    log('error', `${kind} "${sinkName}": cannot write the alert history: ${describe(err)}`, {}, 'history'),
  )
  const historyEntry = (
    e: AlertEvent,
    outcome: AlertOutcome,
    detail: { error?: string; status?: number; silence?: string; aggregated?: number } = {},
  ): AlertHistoryEntry => ({
    time: new Date(clock.now()).toISOString(),
    notifier: sinkName,
    channel: e.channel,
    outcome,
    id: e.id,
    title: cut(e.notification.title, 200),
    ...(e.facts.event ? { event: e.facts.event } : {}),
    ...(e.facts.rule ? { rule: e.facts.rule } : {}),
    ...(e.facts.account ? { account: e.facts.account } : {}),
    ...(detail.error ? { error: cut(scrubber.scrub(detail.error), 300) } : {}),
    ...(detail.status ? { status: detail.status } : {}),
    ...(detail.silence ? { silence: detail.silence } : {}),
    ...(detail.aggregated && detail.aggregated > 1 ? { aggregated: detail.aggregated } : {}),
  })
  const silences = new SilenceView(options.silencesFile, (err) =>
    log('error', `${kind} "${sinkName}": cannot read the silences file ${options.silencesFile}: ${describe(err)}; the last silences read stay in force`),
  )
  await silences.refresh(true)
  const alertView = (record: Record<string, unknown>, channel: string, facts: AlertEvent['facts']): AlertView => ({
    notifier: sinkName,
    channel,
    record,
    ...(facts.rule ? { rule: facts.rule } : {}),
    ...(facts.event ? { event: facts.event } : {}),
    ...(facts.account ? { account: facts.account } : {}),
  })

  // --- channels
  const channelTargets = new Map(setup.channels.map((c) => [c.name, c.target]))
  if (spool && setup.onState) setup.onState(await spool.readState(), channelTargets)
  const outstanding = new Map<string, AlertEvent>()
  const keyOf = (e: AlertEvent) => `${e.channel}\u0000${e.id}`
  /** spool deletions and state writes in progress */
  const removals = new Set<Promise<void>>()
  const unspool = (events: AlertEvent[]): Promise<void>[] => {
    const started: Promise<void>[] = []
    for (const e of events) {
      outstanding.delete(keyOf(e))
      if (!spool) continue
      const p = spool
        .remove(e)
        .catch((err) => log('error', `${kind} "${sinkName}": could not delete a delivered alert from the spool: ${describe(err)}`, {}, 'spool-rm'))
      removals.add(p)
      void p.finally(() => removals.delete(p))
      started.push(p)
    }
    return started
  }
  const channels = new Map<string, Channel<Target>>()
  const host = {
    clock,
    log,
    describe,
    count: (channel: string, counter: Counter, n: number) => {
      ctx.count(counter, n)
      // per channel too, also with one channel: the metrics plugin reads `<channel>.<outcome>`
      ctx.count(`${channel}.${counter}`, n)
    },
    delivered: (events: AlertEvent[]) => {
      // in the ledger before the spool file goes: a kill in between must not send it again
      try {
        ledger?.add(events)
      } catch (err) {
        log('error', `${kind} "${sinkName}": could not record delivered alerts: ${describe(err)}`, {}, 'ledger')
      }
      return unspool(events)
    },
    dropped: unspool,
    history: (_channel: string, events: AlertEvent[], outcome: AlertOutcome, detail?: { error?: string; status?: number }) => {
      // a final outcome is recorded per alert; a passing one (retried, failed and kept, 429), which
      // repeats for as long as the channel is down, once per attempt, or a summary of 500 alerts
      // failing every few seconds would push everything else out of the bounded history
      const final = outcome === 'sent' || outcome === 'rejected' || outcome === 'dropped'
      for (const e of final ? events : events.slice(0, 1)) history.append(historyEntry(e, outcome, { ...detail, aggregated: events.length }))
    },
    pauseAll: (ms: number) => {
      for (const c of channels.values()) c.pauseFor(ms)
    },
    migrated: (channel: string, record: Record<string, unknown>) => {
      if (!spool) return
      const p = spool
        .readState()
        .then((state) => spool!.writeState({ ...state, migrations: { ...(state.migrations as object | undefined), [channel]: record } }))
        .catch((err) => log('error', `${kind} "${sinkName}": could not persist the chat migration: ${describe(err)}`))
      // close() and flush() wait for it, so a restart right after still knows the new chat
      removals.add(p)
      void p.finally(() => removals.delete(p))
    },
  }
  for (const def of setup.channels) {
    const config: ChannelConfig = {
      rateLimit: def.rateLimit ?? options.rateLimit,
      aggregateWindowMs: options.aggregate.windowMs,
      retry: options.retry,
      retryAfterCapMs: options.retryAfterCapMs,
      breaker: options.breaker,
      footer: options.footer,
    }
    channels.set(def.name, new Channel(def.name, def.target, transport, config, host))
  }

  const router = new Router(options.routes ?? [], options.accounts ?? [], transport.accountKey, setup.accountChannels)
  for (const name of router.routeChannels) {
    if (!channels.has(name)) throw NotifyErrors.UNKNOWN_CHANNEL(kind, name, [...channels.keys()])
  }
  const accountNames = new Map<string, string>()
  for (const a of options.accounts ?? []) if (a.account_name) accountNames.set(String(a.account_id), a.account_name)
  const fmt: AlertFormat = { timezone: options.timezone, footer: options.footer, ruleLabels: options.ruleLabels, accountNames, events: options.eventCatalog }

  // --- dedupe: event ids seen per channel (bounded, oldest forgotten first)
  const seen = new Set<string>()
  const remember = (key: string) => {
    seen.add(key)
    if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value as string)
  }
  let seq = 0

  // --- reload what a previous run left undelivered
  if (spool) {
    const { events, corrupt } = await spool.load()
    if (corrupt) log('warn', `${kind} "${sinkName}": ${corrupt} unreadable spool file(s) removed`)
    const byChannel = new Map<string, AlertEvent[]>()
    const orphans: AlertEvent[] = []
    let confirmed = 0
    for (const e of events) {
      if (ledger?.has(e.channel, e.id)) {
        // delivered, and killed before its spool file was deleted
        remember(keyOf(e))
        await spool.remove(e)
        confirmed++
        continue
      }
      if (!channels.has(e.channel)) {
        orphans.push(e)
        continue
      }
      remember(keyOf(e))
      outstanding.set(keyOf(e), e)
      seq = Math.max(seq, e.seq + 1)
      byChannel.set(e.channel, [...(byChannel.get(e.channel) ?? []), e])
    }
    for (const [name, list] of byChannel) channels.get(name)!.restore(list)
    if (orphans.length) {
      for (const e of orphans) {
        await spool.remove(e)
        history.append(historyEntry(e, 'dropped', { error: 'its channel is no longer configured' }))
      }
      ctx.count('dropped', orphans.length)
      log(
        'error',
        `${kind} "${sinkName}": ${orphans.length} spooled alert(s) were for channels no longer configured (${[...new Set(orphans.map((e) => e.channel))].join(', ')}); dropped`,
      )
    }
    if (events.length - orphans.length - confirmed > 0) {
      log('info', `${kind} "${sinkName}": ${events.length - orphans.length - confirmed} undelivered alert(s) reloaded from the spool`)
    }
  }

  const maxBacklog = options.spool.maxFiles
  /** Drops the oldest alerts over the bound; resolves once their spool files are gone. */
  const enforceBound = async (): Promise<void> => {
    if (outstanding.size <= maxBacklog) return
    const deletions: Promise<void>[] = []
    let dropped = 0
    const perChannel = new Map<string, number>()
    for (const e of outstanding.values()) {
      if (outstanding.size <= maxBacklog) break
      const ch = channels.get(e.channel)
      if (!ch?.evict(e)) continue
      deletions.push(...unspool([e]))
      history.append(historyEntry(e, 'dropped', { error: `backlog over ${maxBacklog} undelivered alerts` }))
      dropped++
      perChannel.set(e.channel, (perChannel.get(e.channel) ?? 0) + 1)
    }
    for (const [name, n] of perChannel) {
      const ch = channels.get(name)!
      ch.counters.dropped += n
      host.count(name, 'dropped', n)
    }
    if (dropped) {
      log(
        'error',
        `${kind} "${sinkName}": backlog over ${maxBacklog} undelivered alerts; dropped the ${dropped} oldest. Raise spool.maxFiles or fix the channel.`,
        { dropped, limit: maxBacklog },
        'overflow',
      )
    }
    // the bound holds on disk too by the time write() returns, not a moment later
    await Promise.all(deletions)
  }

  let closed = false
  let spoolFailing = false

  const sink: NotifierSink = {
    async write(batch: Batch): Promise<void> {
      if (closed) return
      await silences.refresh()
      const fresh: AlertEvent[] = []
      for (const { category, record, line, replay } of batchRecords(batch)) {
        const routes = router.route(record, category, recordSeverity(record))
        if (routes.length === 0) continue
        const data = setup.prepare ? setup.prepare(record, category) : undefined
        if (setup.prepare && data === undefined) continue
        // a record may quote the webhook URL or token itself (a logged config): never forward it
        const built = scrubber.deep(buildAlert(record, category, fmt))
        if (data) built.notification = { ...built.notification, data: scrubber.deep(data) }
        const id = typeof record.event_id === 'string' && record.event_id ? record.event_id : createHash('sha256').update(line).digest('hex').slice(0, 24)
        for (const r of routes) {
          const event: AlertEvent = {
            id,
            channel: r.channel,
            created: clock.now(),
            seq: seq++,
            notification: built.notification,
            facts: built.facts,
            ...(r.aggregate && (built.facts.rule || built.facts.event)
              ? { aggregateKey: `${built.facts.account ?? ''}|${built.facts.rule ?? built.facts.event}` }
              : {}),
          }
          const key = keyOf(event)
          if (seen.has(key)) continue
          const silence = silences.match(alertView(record, r.channel, built.facts), clock.now())
          if (silence) {
            // recorded, not sent: the history says which silence held it back
            history.append(historyEntry(event, 'silenced', { silence: silence.id }))
            ctx.count('silenced', 1)
            ctx.count(`${r.channel}.silenced`, 1)
            continue
          }
          // replayed from the host's journal after a kill: it may have gone out before it
          if (replay && ledger?.has(event.channel, event.id)) {
            ctx.count('replay_skipped')
            continue
          }
          remember(key)
          outstanding.set(key, event)
          fresh.push(event)
        }
      }
      if (fresh.length === 0) return
      // delivery starts before the spool write ends; the spool only deletes a file after both
      for (const e of fresh) channels.get(e.channel)!.offer(e)
      if (spool) {
        try {
          await spool.putMany(fresh)
          for (const e of fresh) {
            channels.get(e.channel)!.counters.spooled++
            host.count(e.channel, 'spooled', 1)
          }
          if (spoolFailing) log('info', `${kind} "${sinkName}": spool writable again`)
          spoolFailing = false
        } catch (err) {
          // alerts still go out from memory; only their durability across a crash is lost
          if (!spoolFailing)
            log('error', `${kind} "${sinkName}": cannot write the spool (${describe(err)}); alerts are kept in memory only until it works again`)
          spoolFailing = true
        }
      }
      await enforceBound()
    },

    async flush(): Promise<void> {
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<void>((r) => (timer = setTimeout(r, options.flushTimeoutMs)))
      await Promise.race([Promise.all([...channels.values()].map((c) => c.settle())), timeout])
      clearTimeout(timer)
      await Promise.race([Promise.all(removals), timeout])
    },

    async close(): Promise<void> {
      if (closed) return
      closed = true
      // everything waiting is already in the spool; stop the loops and let in-flight requests end
      await Promise.all([...channels.values()].map((c) => c.stop(CLOSE_GRACE_MS)))
      await Promise.all(removals)
      await history.settled()
      await spool?.close()
    },

    async command(name: string, args: unknown): Promise<unknown> {
      if (name === 'test') return sink.testChannel(typeof args === 'string' ? args : (args as { channel?: string } | undefined)?.channel)
      if (name === 'stats') return sink.stats()
      if (name === 'silences') return silences.refresh(true)
      if (name === 'history') return history.read(args as AlertHistoryQuery)
      if (name === 'preview') {
        const { record, category } = args as { record: Record<string, unknown>; category?: string }
        return previewRecord(record, category, {
          sinkName,
          kind,
          router,
          fmt,
          scrubber,
          transport,
          prepare: setup.prepare,
          channels,
          silences,
          alertView,
          clock,
        })
      }
      throw NotifyErrors.CONFIG(kind, `unknown command "${name}" (known: test, stats, silences, history, preview)`)
    },

    async testChannel(name?: string): Promise<TestResult> {
      const channel = channels.get(name ?? 'default') ?? (name === undefined ? channels.values().next().value : undefined)
      if (!channel) return { ok: false, error: NotifyErrors.UNKNOWN_CHANNEL(kind, name ?? 'default', [...channels.keys()]).message }
      const now = new Date(clock.now()).toISOString()
      const n: Notification = {
        severity: 'info',
        title: 'logwarden test message',
        description: `If you can read this, ${kind} "${sinkName}" can reach channel "${channel.name}".`,
        fields: [{ name: 'Time', value: formatTime(now, options.timezone) }],
        footer: options.footer,
        timestamp: now,
        silent: false,
      }
      const res = await channel.test(n)
      return res.error ? { ...res, error: scrubber.scrub(res.error) } : res
    },

    stats(): Record<string, ChannelStats> {
      const out: Record<string, ChannelStats> = {}
      for (const [name, c] of channels) {
        out[name] = { counters: { ...c.counters }, backlog: c.backlog, disabled: c.disabled, breaker: c.breakerState }
        // scrubbed like every text the notifier shows: an error may quote a URL with its token
        if (c.lastError) out[name].lastError = { ...c.lastError, message: scrubber.scrub(c.lastError.message) }
      }
      return out
    },
  }
  return sink
}

export { COUNTERS }

/** Every string option under these keys is a secret, wherever it sits (channels, accounts). */
const SECRET_KEYS = new Set(['webhookUrl', 'webhook_url', 'botToken', 'bot_token', 'token'])

export function collectSecrets(options: unknown, found: string[] = [], depth = 0): string[] {
  if (depth > 6 || typeof options !== 'object' || options === null) return found
  for (const [k, v] of Object.entries(options)) {
    if (typeof v === 'string' && SECRET_KEYS.has(k)) found.push(v)
    else collectSecrets(v, found, depth + 1)
  }
  return found
}

/** Scrubs anything a sink method throws, so a secret can never leave in an error or its stack. */
export function scrubbedSink<S extends Sink>(sink: S, scrubber: Scrubber): S {
  const wrap = <A extends unknown[], R>(fn: ((...a: A) => R) | undefined) =>
    fn &&
    (async (...a: A) => {
      try {
        return await fn.apply(sink, a)
      } catch (err) {
        throw err instanceof Error ? scrubber.error(err) : new Error(scrubber.describe(err))
      }
    })
  return Object.assign(Object.create(sink) as S, {
    write: wrap(sink.write),
    flush: wrap(sink.flush),
    close: wrap(sink.close),
    command: wrap(sink.command),
  })
}
