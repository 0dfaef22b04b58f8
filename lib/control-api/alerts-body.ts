/**
 * The alert history entries (GET /alerts) and the preview (POST /alerts/preview), as notifier
 * workers produce them, the control plugin serves them and `logwarden alerts` reads them.
 */

export const ALERT_OUTCOMES = ['sent', 'failed', 'retried', 'rate-limited', 'silenced', 'dropped', 'rejected'] as const
export type AlertOutcome = (typeof ALERT_OUTCOMES)[number]

export interface AlertHistoryEntry {
  /** ISO time of the outcome */
  time: string
  /** the notifier sink (`notify-discord`) and its channel (`default`) */
  notifier: string
  channel: string
  outcome: AlertOutcome
  /** the record's event_id (the dedupe key) */
  id: string
  title: string
  event?: string
  rule?: string
  account?: string
  /** why it failed, scrubbed: never a webhook URL or a token */
  error?: string
  /** the API's HTTP status, when it answered */
  status?: number
  /** the silence that held it back */
  silence?: string
  /** the outcome of one summary of this many alerts (retried, failed, rate-limited: one entry for the summary, the first alert named) */
  aggregated?: number
}

export interface AlertHistoryQuery {
  n: number
  channel?: string
  outcome?: string[]
  /** epoch ms */
  since?: number
}

export interface AlertPreviewChannel {
  notifier: string
  channel: string
  /** the route that sends the record here, described (`routes[1]: categories enforcement, from info`) */
  route?: string
  /** why nothing goes to this channel, when nothing does */
  skipped?: string
  /** the silence that would hold it back */
  silence?: { id: string; endsAt: string; comment: string; matchers: string[] }
  /** the request bodies this channel would send, in order (JSON parsed when they are JSON) */
  messages?: unknown[]
}
