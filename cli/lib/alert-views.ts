/** Tables of `logwarden silence list` and `logwarden alerts`, and the preview's text. */
import type { AlertHistoryEntry, AlertPreviewChannel } from '../../lib/control-api/index.js'
import { formatMatcher, type Silence } from '../../lib/silences/index.js'
import { sanitize } from '../../lib/human/index.js'
import { table } from './table.js'

/** `2026-12-01 17:00:05Z`: to the second, always UTC (silences and alerts are compared across machines) */
export function shortTime(iso: string): string {
  const t = Date.parse(iso)
  return Number.isNaN(t)
    ? iso
    : new Date(t)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z')
}

const clean = (s: string | undefined, max = 80) => {
  const text = sanitize(s ?? '')
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

export function silencesTable(list: Array<Silence & { state: string }>): string {
  if (!list.length) return 'no silences'
  return table(
    ['ID', 'STATE', 'MATCHERS', 'STARTS', 'ENDS', 'CREATED BY', 'COMMENT'],
    list.map((s) => [
      s.id,
      s.state,
      s.matchers.map((m) => clean(formatMatcher(m), 60)).join(' '),
      shortTime(s.startsAt),
      shortTime(s.endsAt),
      clean(s.createdBy, 30),
      clean(s.comment, 60),
    ]),
  )
}

export function alertsTable(list: AlertHistoryEntry[]): string {
  if (!list.length) return 'no alerts recorded'
  return table(
    ['TIME', 'CHANNEL', 'RULE/EVENT', 'ACCOUNT', 'OUTCOME', 'ERROR'],
    list.map((a) => [
      shortTime(a.time),
      `${a.notifier}/${a.channel}`,
      clean(a.rule ?? a.event ?? a.title, 40),
      clean(a.account ?? '-', 20),
      a.outcome + (a.aggregated ? ` (summary of ${a.aggregated})` : ''),
      a.silence ? `silence ${a.silence}` : clean(a.error ? `${a.status ? `HTTP ${a.status}: ` : ''}${a.error}` : '', 100),
    ]),
  )
}

/** One record's preview: per channel the route or why not, the silence, the messages (indented JSON). */
export function previewText(label: string, channels: AlertPreviewChannel[]): string {
  const out = [label]
  if (!channels.length) out.push('  no notifier is configured in this daemon')
  for (const c of channels) {
    const name = `${c.notifier}/${c.channel}`
    if (!c.route) {
      out.push(`  ${name}: not sent: ${clean(c.skipped, 200)}`)
      continue
    }
    out.push(`  ${name}: route ${clean(c.route, 200)}`)
    if (c.silence)
      out.push(`    SILENCED by ${c.silence.id} until ${shortTime(c.silence.endsAt)} (${c.silence.matchers.join(' ')}): ${clean(c.silence.comment)}`)
    if (c.skipped) out.push(`    ${clean(c.skipped, 200)}`)
    for (const [i, m] of (c.messages ?? []).entries()) {
      out.push(
        `    message ${i + 1}${(c.messages?.length ?? 0) > 1 ? ` of ${c.messages!.length}` : ''}${c.silence ? ' (would be sent without the silence)' : ''}:`,
      )
      const body = typeof m === 'string' ? m : JSON.stringify(m, null, 2)
      for (const line of body.split('\n')) out.push(`      ${sanitize(line)}`)
    }
  }
  return out.join('\n')
}
