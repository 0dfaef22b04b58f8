/** Shared model of the notifier library: what a record becomes before a transport renders it. */

export type Severity = 'info' | 'warning' | 'critical'

export interface Field {
  name: string
  value: string
}

/** Channel-agnostic content of one alert or summary; each transport renders it in its own format. */
export interface Notification {
  severity: Severity
  /** headline without the emoji (`Position Closed - Unrealized Loss Limit`) */
  title: string
  description?: string
  fields: Field[]
  footer?: string
  /** ISO time of the event (or of the last event of a summary) */
  timestamp: string
  /** false for a test message or summary that should ring even when info */
  silent?: boolean
  /** transport-specific payload prepared from the record (NotifierSetup.prepare); spooled with the alert */
  data?: Record<string, unknown>
}

/** The facts a summary is built from, extracted once from the record. */
export interface Facts {
  category: string
  /** event type: `position_closed`, `lockout`, … (from `event` or the action type) */
  event?: string
  /** human label of the event: `Position Closed` */
  eventLabel?: string
  account?: string
  accountName?: string
  rule?: string
  ruleLabel?: string
  reason?: string
  /** human description of the action taken */
  action?: string
  symbol?: string
  /** the formatted time in the configured zone */
  time: string
}

/** One routed alert: the unit that is spooled, deduplicated, aggregated and counted. */
export interface AlertEvent {
  /** the record's event_id: spool file name and dedupe key (with the channel) */
  id: string
  channel: string
  /** epoch ms when it was accepted, for drop-oldest and summaries */
  created: number
  /** monotonic order within one process, breaks ties of `created` */
  seq: number
  notification: Notification
  facts: Facts
  /** events with the same key inside the aggregation window are folded together */
  aggregateKey?: string
}

/** Time source for the token bucket, aggregation windows, breaker and backoff; injectable in tests. */
export interface Clock {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms)
    return t
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
}
