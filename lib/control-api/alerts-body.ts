/**
 * The alert history entries (GET /alerts) and the preview (POST /alerts/preview), as notifier
 * workers produce them, the control plugin serves them and `logwarden alerts` reads them.
 */

/** a notifier's history files in its spool directory: the current one, and the one it rotated */
export const HISTORY_FILE = 'history.ndjson'
export const HISTORY_OLD_FILE = 'history.1.ndjson'

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

/** The entries a query selects, newest first, from entries in the order they were written. */
export function selectHistory(inOrder: readonly AlertHistoryEntry[], q: AlertHistoryQuery): AlertHistoryEntry[] {
  const out: AlertHistoryEntry[] = []
  for (let i = inOrder.length - 1; i >= 0 && out.length < q.n; i--) {
    const e = inOrder[i]!
    if (q.channel !== undefined && e.channel !== q.channel && `${e.notifier}/${e.channel}` !== q.channel && e.notifier !== q.channel) continue
    if (q.outcome?.length && !q.outcome.includes(e.outcome)) continue
    if (q.since !== undefined && Date.parse(e.time) < q.since) continue
    out.push(e)
  }
  return out
}

/** The entries of history file texts (oldest file first); a line cut by a crash is skipped. */
export function parseHistory(texts: readonly string[]): AlertHistoryEntry[] {
  const all: AlertHistoryEntry[] = []
  for (const text of texts) {
    for (const line of text.split('\n')) {
      if (!line) continue
      try {
        all.push(JSON.parse(line) as AlertHistoryEntry)
      } catch {
        // skipped
      }
    }
  }
  return all
}
