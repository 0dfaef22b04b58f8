/**
 * Folds several alerts into one summary, in the seed 001 shape:
 * "Multiple Enforcement Actions (5 positions closed)" · Account · Reason · Actions · Positions closed.
 * Used both for similar events inside an aggregation window and for everything over the rate limit.
 */
import { maxSeverity } from './severity.js'
import { humanize, joinDistinct } from './text.js'
import type { AlertEvent, Field, Notification } from './types.js'

const MAX_LISTED = 30
const MAX_TITLE_LINES = 10

function isClose(e: AlertEvent): boolean {
  const ev = e.facts.event ?? ''
  return ev === 'position_closed' || ev === 'close_position'
}

export function summaryTitle(events: AlertEvent[]): string {
  const n = events.length
  const categories = new Set(events.map((e) => e.facts.category))
  if (categories.size === 1 && categories.has('enforcement')) {
    const noun = events.every(isClose) ? `${n} positions closed` : `${n} actions`
    return `Multiple Enforcement Actions (${noun})`
  }
  if (categories.size === 1) return `Multiple ${humanize([...categories][0])} Alerts (${n} events)`
  return `Multiple Alerts (${n} events)`
}

export function buildSummary(events: AlertEvent[], footer?: string): Notification {
  const fields: Field[] = []
  const add = (name: string, value: string) => {
    if (value) fields.push({ name, value })
  }
  const accounts = events.map((e) => (e.facts.account ? `${e.facts.account}${e.facts.accountName ? ` (${e.facts.accountName})` : ''}` : undefined))
  const distinctAccounts = new Set(accounts.filter(Boolean))
  add(distinctAccounts.size > 1 ? 'Accounts' : 'Account', joinDistinct(accounts, MAX_LISTED))
  const reasons = joinDistinct(
    events.map((e) => e.facts.reason),
    MAX_LISTED,
  )
  add(
    'Reason',
    reasons ||
      joinDistinct(
        events.map((e) => e.facts.ruleLabel),
        MAX_LISTED,
      ),
  )
  add(
    'Actions',
    joinDistinct(
      events.map((e) => e.facts.action),
      MAX_LISTED,
    ),
  )

  const symbols = events.filter((e) => e.facts.symbol).map((e) => e.facts.symbol as string)
  if (symbols.length) {
    const listed = symbols.slice(0, MAX_LISTED).join(', ') + (symbols.length > MAX_LISTED ? ` (+${symbols.length - MAX_LISTED} more)` : '')
    add(events.every(isClose) ? 'Positions closed' : 'Symbols', listed)
  }

  // when the folded alerts are of different kinds, say which and how many
  const counts = new Map<string, number>()
  for (const e of events) counts.set(e.notification.title, (counts.get(e.notification.title) ?? 0) + 1)
  if (counts.size > 1) {
    const lines = [...counts].slice(0, MAX_TITLE_LINES).map(([title, c]) => `${c}× ${title}`)
    if (counts.size > MAX_TITLE_LINES) lines.push(`(+${counts.size - MAX_TITLE_LINES} more kinds)`)
    add('Alerts', lines.join('\n'))
  }

  const first = events[0].facts.time
  const last = events[events.length - 1].facts.time
  add('Time', first === last ? last : `${first} – ${last}`)

  return {
    severity: maxSeverity(events.map((e) => e.notification.severity)),
    title: summaryTitle(events),
    fields,
    ...(footer ? { footer } : {}),
    timestamp: events[events.length - 1].notification.timestamp,
  }
}
