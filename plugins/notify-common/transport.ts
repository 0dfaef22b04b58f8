/** What a notifier (Discord, Telegram) plugs into the shared delivery machinery. */
import type { Notification } from './types.js'

/** Outcome of one HTTP request, classified by the transport from the API's status and body. */
export type SendResult =
  | { outcome: 'ok'; status: number; pace?: Pace }
  /** network error, timeout, 5xx: retried with backoff */
  | { outcome: 'retry'; status?: number; detail: string }
  /** 429: wait what the server says (ms), then send again */
  | { outcome: 'rate-limited'; status: 429; retryAfterMs?: number; global?: boolean; detail: string }
  /** other 4xx: not retried; the alert is dropped (after one plain-text attempt) and counted */
  | { outcome: 'reject'; status: number; detail: string }
  /** the destination is gone (unknown webhook, bot kicked): the channel stops */
  | { outcome: 'disable'; status: number; detail: string }
  /** Telegram group upgraded to a supergroup: send again to the new chat id */
  | { outcome: 'migrate'; status: number; migrateTo: string; detail: string }

/** Proactive pacing from rate-limit headers: when nothing remains, wait resetAfterMs. */
export interface Pace {
  remaining?: number
  resetAfterMs?: number
}

/** One HTTP request's worth of payload; a notification may need several (split). */
export interface Outgoing {
  body: string
  /** a redacted description for logs: sizes and counts, never the content */
  describe: string
}

export interface Transport<Target> {
  /** `notify-discord`: names the sink kind in system records */
  readonly kind: string
  /** key in the seed's per-account `channels` object: `discord` / `telegram` */
  readonly accountKey: string
  /** payload(s) for one notification; `plain` after the API rejected the rich form */
  render(n: Notification, target: Target, plain: boolean): Outgoing[]
  send(part: Outgoing, target: Target, signal: AbortSignal): Promise<SendResult>
  /** whether a plain-text retry could fix a rejection (false when already plain or not applicable) */
  hasPlainForm: boolean
  /** switch a target after a migration (Telegram); returns what to persist so a restart keeps it */
  migrate?(target: Target, to: string): Record<string, unknown>
}
