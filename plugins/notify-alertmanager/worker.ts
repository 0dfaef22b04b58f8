/** Runs in the worker pool: one Alertmanager notifier per `notify-alertmanager` instance. */
import { withDefaults } from '../../lib/options/index.js'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Sink, SinkContext } from '../../core/sink-contract.js'
import { createNotifier, scrubbedSink, type NotifierSink } from '../notify-common/notifier.js'
import { type CommonOptions } from '../notify-common/schema.js'
import { Scrubber } from '../notify-common/scrub.js'
import { realClock, type Clock } from '../notify-common/types.js'
import { ActiveAlerts } from './active.js'
import { alertName, identityLabels, recordCategory, toAmAlert, type LabelSettings } from './labels.js'
import { checkOptions, defaultRoutes } from './options.js'
import { alertmanagerSchema, DEFAULT_RESOLVE, type AlertmanagerOptions } from './schema.js'
import { agentOf, AlertmanagerTransport, targetOf, type AlertData } from './transport.js'

const KIND = 'notify-alertmanager'

/** Passwords, tokens and credentials in URLs never leave the worker. */
export function alertmanagerScrubber(raw: unknown): Scrubber {
  const scrubber = new Scrubber()
  const o = (raw ?? {}) as Partial<AlertmanagerOptions>
  scrubber.add(o.basicAuth?.password).add(o.bearerToken)
  if (o.basicAuth) scrubber.add(Buffer.from(`${o.basicAuth.username}:${o.basicAuth.password}`).toString('base64'))
  for (const url of Array.isArray(o.url) ? o.url : [o.url]) {
    try {
      const u = new URL(String(url))
      if (u.password) scrubber.add(decodeURIComponent(u.password)).add(u.password)
    } catch {
      // not a URL: the options check says so
    }
  }
  return scrubber
}

async function ownsSpool(dir: string): Promise<boolean> {
  const pid = Number((await readFile(join(dir, 'owner.pid'), 'utf8').catch(() => '')).trim())
  return pid === process.pid
}

export async function createAlertmanagerNotifier(raw: unknown, ctx: SinkContext, deps: { clock?: Clock } = {}): Promise<NotifierSink> {
  const scrubber = alertmanagerScrubber(raw)
  const clock = deps.clock ?? realClock
  try {
    const options = withDefaults(alertmanagerSchema as never, raw) as AlertmanagerOptions
    checkOptions(options)
    const target = targetOf(options)
    const agent = agentOf(options)
    const transport = new AlertmanagerTransport(options, agent, () => clock.now())
    const pairs = options.resolve ?? DEFAULT_RESOLVE
    const settings: LabelSettings = {
      staticLabels: options.staticLabels,
      labelFields: options.labelFields,
      timezone: options.timezone,
      ...(options.generatorURL ? { generatorURL: options.generatorURL } : {}),
    }
    let active = new ActiveAlerts(pairs)

    const prepare = (record: Record<string, unknown>, group: string): AlertData | undefined => {
      const category = recordCategory(record, group)
      const name = alertName(record, category)
      if (active.resolves(name)) {
        const at = typeof record.timestamp === 'string' ? Date.parse(record.timestamp) : NaN
        const alerts = active.resolve(name, identityLabels(record, settings), Number.isNaN(at) ? clock.now() : at)
        // nothing of ours is firing: nothing to end
        if (alerts.length === 0) return undefined
        ctx.count('resolved', alerts.length)
        return { alerts, mode: 'resolved' }
      }
      const alert = toAmAlert(record, group, settings)
      if (!active.isStateful(alert.labels.alertname)) return { alerts: [alert], mode: 'event' }
      active.fire(alert, clock.now())
      return { alerts: [alert], mode: 'firing' }
    }

    const common: CommonOptions = {
      ...options,
      routes: options.routes ?? defaultRoutes(options),
      apiBaseUrl: target.endpoints[0],
      rateLimit: { max: 0, intervalMs: 60_000 },
      aggregate: { windowMs: 0 },
      footer: '',
    }
    const notifier = await createNotifier({
      kind: KIND,
      options: common,
      ctx,
      transport,
      channels: [{ name: 'default', target }],
      accountChannels: new Map(),
      scrubber,
      clock,
      prepare: (record, category) => prepare(record, category) as unknown as Record<string, unknown> | undefined,
    })
    // the active alerts persist beside the spool, unless another process holds that directory
    if (options.spool.enabled && options.spool.dir && (await ownsSpool(options.spool.dir))) {
      active = new ActiveAlerts(pairs, options.spool.dir)
      await active.load()
    }

    // unresolved alerts are sent again before their endsAt (4 intervals) passes
    const stopping = new AbortController()
    let resending: Promise<void> = Promise.resolve()
    const resend = async () => {
      const due = active.due(clock.now(), options.maxActiveMs)
      if (due.length === 0) return
      const alerts = transport.alertsOf({ alerts: due, mode: 'firing' })
      const res = await transport.sendAlerts(alerts, target, stopping.signal)
      if (res.ok > 0) ctx.count('resent', due.length)
      for (const f of res.failed) {
        ctx.log(
          'warn',
          'system',
          scrubber.scrub(
            `${KIND} "${ctx.name}": re-sending ${due.length} active alert(s) failed (${'detail' in f ? f.detail : f.outcome}); next try in ${options.resendIntervalMs} ms`,
          ),
          {
            notifier: ctx.name,
          },
        )
      }
    }
    const timer = setInterval(() => {
      resending = resending.then(resend).catch(() => undefined)
    }, options.resendIntervalMs)
    timer.unref()

    const sink: NotifierSink = Object.assign(Object.create(notifier) as NotifierSink, {
      write: notifier.write.bind(notifier),
      command: notifier.command!.bind(notifier),
      async flush() {
        await notifier.flush?.()
        await active.flush()
      },
      async close() {
        clearInterval(timer)
        stopping.abort()
        await resending
        await notifier.close?.()
        await active.flush()
        await agent.close()
      },
    })
    return scrubbedSink(sink, scrubber)
  } catch (err) {
    throw err instanceof Error ? scrubber.error(err) : new Error(scrubber.describe(err))
  }
}

export function createSink(options: unknown, ctx: SinkContext): Promise<Sink> {
  return createAlertmanagerNotifier(options, ctx)
}
