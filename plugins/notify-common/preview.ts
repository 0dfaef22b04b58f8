/**
 * `logwarden alerts preview`: what this notifier would do with one record — for each channel,
 * the route that sends it there (or why none does), the silence that would hold it back, and the
 * request bodies exactly as the transport renders them. Nothing is sent, spooled or counted.
 * Everything is scrubbed like any other text the notifier shows.
 */
import type { AlertPreviewChannel } from '../../lib/control-api/index.js'
import { formatMatcher, type AlertView } from '../../lib/silences/index.js'
import { buildAlert, type AlertFormat } from './alert.js'
import type { Channel } from './channel.js'
import type { Router } from './routing.js'
import type { Scrubber } from './scrub.js'
import { recordSeverity } from './severity.js'
import type { SilenceView } from './silence-view.js'
import type { Transport } from './transport.js'
import type { Clock, Facts } from './types.js'

export interface PreviewDeps<Target> {
  sinkName: string
  kind: string
  router: Router
  fmt: AlertFormat
  scrubber: Scrubber
  transport: Transport<Target>
  prepare?(record: Record<string, unknown>, category: string): Record<string, unknown> | undefined
  channels: Map<string, Channel<Target>>
  silences: SilenceView
  alertView(record: Record<string, unknown>, channel: string, facts: Facts): AlertView
  clock: Clock
}

function parsed(body: string): unknown {
  try {
    return JSON.parse(body) as unknown
  } catch {
    return body
  }
}

export async function previewRecord<Target>(
  record: Record<string, unknown>,
  category: string | undefined,
  d: PreviewDeps<Target>,
): Promise<AlertPreviewChannel[]> {
  const group = category ?? (typeof record.category === 'string' ? record.category : 'app')
  const severity = recordSeverity(record)
  await d.silences.refresh()
  const routes = d.router.route(record, group, severity)
  const base = { notifier: d.sinkName }
  const skipAll = (why: string) => [...d.channels.keys()].map((channel) => ({ ...base, channel, skipped: why }))
  const refusal = d.router.accountRefusal(record, group, severity)
  if (refusal) return skipAll(refusal)
  if (!routes.length) return skipAll('no route matches this record (category, level, events or match)')
  const data = d.prepare ? d.prepare(record, group) : undefined
  if (d.prepare && data === undefined) return skipAll(`${d.kind} has nothing to send for this record`)
  const built = d.scrubber.deep(buildAlert(record, group, d.fmt))
  const notification = data ? { ...built.notification, data: d.scrubber.deep(data) } : built.notification
  const out: AlertPreviewChannel[] = []
  for (const name of d.channels.keys()) {
    const r = routes.find((x) => x.channel === name)
    if (!r) out.push({ ...base, channel: name, skipped: 'no route sends this record here' })
  }
  for (const r of routes) {
    const entry: AlertPreviewChannel = { ...base, channel: r.channel, route: d.router.describeRoute(r.route) }
    const s = d.silences.match(d.alertView(record, r.channel, built.facts), d.clock.now())
    if (s) entry.silence = { id: s.id, endsAt: s.endsAt, comment: d.scrubber.scrub(s.comment), matchers: s.matchers.map(formatMatcher) }
    const channel = d.channels.get(r.channel)
    if (channel) {
      try {
        entry.messages = d.transport.render(notification, channel.target, false).map((part) => d.scrubber.deep(parsed(part.body)))
      } catch (err) {
        entry.skipped = `cannot render: ${d.scrubber.describe(err)}`
      }
    }
    out.push(entry)
  }
  return out
}
