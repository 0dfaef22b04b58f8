/**
 * POST /api/v2/alerts to every configured Alertmanager (an HA cluster does not share alerts
 * between its members: each must receive each). A delivery is done once all of them accepted;
 * a retry goes only to those that have not.
 */
import { readFileSync } from 'node:fs'
import { Agent, request } from 'undici'
import { retryAfterHeaderMs } from '../notify-common/backoff.js'
import type { Outgoing, SendResult, Transport } from '../notify-common/transport.js'
import type { Notification } from '../notify-common/types.js'
import type { AmAlert } from './labels.js'
import type { AlertmanagerOptions } from './schema.js'

export interface AlertmanagerTarget {
  /** `…/api/v2/alerts` of each Alertmanager */
  endpoints: string[]
  headers: Record<string, string>
}

/** What prepare() puts on a notification: the alerts to post and how their end is set. */
export interface AlertData {
  alerts: AmAlert[]
  /** event: ends eventTtlMs after delivery; firing: refreshed until resolved; resolved: endsAt given */
  mode: 'event' | 'firing' | 'resolved'
}

interface AmOutgoing extends Outgoing {
  /** endpoints that already accepted this payload */
  acked: Set<string>
}

const MAX_BODY = 16 * 1024

export function alertsEndpoint(base: string): string {
  const url = new URL(base)
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/api/v2/alerts`
  return url.href
}

export function targetOf(options: AlertmanagerOptions): AlertmanagerTarget {
  const urls = Array.isArray(options.url) ? options.url : [options.url]
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'logwarden-notify/0.1' }
  if (options.basicAuth) headers.authorization = `Basic ${Buffer.from(`${options.basicAuth.username}:${options.basicAuth.password}`).toString('base64')}`
  else if (options.bearerToken) headers.authorization = `Bearer ${options.bearerToken}`
  return { endpoints: urls.map(alertsEndpoint), headers }
}

export function agentOf(options: AlertmanagerOptions): Agent {
  const t = options.tls
  return new Agent({
    keepAliveTimeout: 30_000,
    connections: 4,
    connect: {
      ...(t.caFile ? { ca: readFileSync(t.caFile) } : {}),
      ...(t.certFile ? { cert: readFileSync(t.certFile) } : {}),
      ...(t.keyFile ? { key: readFileSync(t.keyFile) } : {}),
      ...(t.servername ? { servername: t.servername } : {}),
      rejectUnauthorized: t.rejectUnauthorized,
    },
  })
}

/** One endpoint's answer, classified the way the notifier channel understands. */
export function classify(status: number, headers: Record<string, string | string[] | undefined>, text: string): SendResult {
  if (status >= 200 && status < 300) return { outcome: 'ok', status }
  const detail = `HTTP ${status}${text ? `: ${text.trim().slice(0, 300)}` : ''}`
  if (status === 429) {
    const ra = headers['retry-after']
    const retryAfterMs = retryAfterHeaderMs(Array.isArray(ra) ? ra[0] : ra)
    return { outcome: 'rate-limited', status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}), detail }
  }
  // wrong credentials or path: nothing a retry can fix; the channel stops and keeps its spool
  if (status === 401 || status === 403 || status === 404) return { outcome: 'disable', status, detail }
  if (status >= 500 || status === 408) return { outcome: 'retry', status, detail }
  return { outcome: 'reject', status, detail }
}

export class AlertmanagerTransport implements Transport<AlertmanagerTarget> {
  readonly kind = 'notify-alertmanager'
  readonly accountKey = 'alertmanager'
  readonly hasPlainForm = false

  constructor(
    private readonly options: Pick<AlertmanagerOptions, 'timeoutMs' | 'eventTtlMs' | 'resendIntervalMs'>,
    private readonly agent: Agent,
    private readonly now: () => number = Date.now,
  ) {}

  /** The alerts with their end time as of now (rendered when delivery starts, not when logged). */
  alertsOf(data: AlertData): AmAlert[] {
    const now = this.now()
    if (data.mode === 'resolved') return data.alerts
    const ttl = data.mode === 'event' ? this.options.eventTtlMs : 4 * this.options.resendIntervalMs
    return data.alerts.map((a) => ({ ...a, endsAt: new Date(Math.max(now, Date.parse(a.startsAt)) + ttl).toISOString() }))
  }

  render(n: Notification, _target: AlertmanagerTarget): Outgoing[] {
    const data = n.data as AlertData | undefined
    // a test message (testChannel) has no prepared alert: send it as a short-lived info alert
    const alerts = data ? this.alertsOf(data) : this.alertsOf({ mode: 'event', alerts: [testAlert(n)] })
    const body = JSON.stringify(alerts)
    const out: AmOutgoing = {
      body,
      describe: `${alerts.length} alert(s) ${alerts.map((a) => a.labels.alertname).join(', ')}, ${Buffer.byteLength(body)} bytes`,
      acked: new Set(),
    }
    return [out]
  }

  async send(part: Outgoing, target: AlertmanagerTarget, signal: AbortSignal): Promise<SendResult> {
    const acked = (part as AmOutgoing).acked ?? new Set<string>()
    const pending = target.endpoints.filter((e) => !acked.has(e))
    const results = await Promise.all(pending.map((e) => this.post(e, part.body, target.headers, signal)))
    let worst: SendResult | undefined
    for (const [i, res] of results.entries()) {
      if (res.outcome === 'ok') acked.add(pending[i])
      else if (!worst || rank(res) > rank(worst)) worst = res
    }
    return worst ?? { outcome: 'ok', status: 200 }
  }

  /** Posts raw alerts to every endpoint (the periodic re-send); the number that accepted. */
  async sendAlerts(alerts: AmAlert[], target: AlertmanagerTarget, signal: AbortSignal): Promise<{ ok: number; failed: SendResult[] }> {
    const body = JSON.stringify(alerts)
    const results = await Promise.all(target.endpoints.map((e) => this.post(e, body, target.headers, signal)))
    return { ok: results.filter((r) => r.outcome === 'ok').length, failed: results.filter((r) => r.outcome !== 'ok') }
  }

  async post(endpoint: string, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<SendResult> {
    const timeoutMs = this.options.timeoutMs
    try {
      const res = await request(endpoint, {
        method: 'POST',
        dispatcher: this.agent,
        headers,
        body,
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), signal]),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      })
      let text = ''
      for await (const chunk of res.body) if (text.length < MAX_BODY) text += (chunk as Buffer).toString('utf8')
      return classify(res.statusCode, res.headers, text)
    } catch (err) {
      return { outcome: 'retry', detail: `${new URL(endpoint).host}: ${(err as Error).message}` }
    }
  }
}

/** disable > reject > rate-limited > retry: the answer that decides what the channel does */
function rank(r: SendResult): number {
  return { ok: 0, retry: 1, 'rate-limited': 2, migrate: 2, reject: 3, disable: 4 }[r.outcome]
}

function testAlert(n: Notification): AmAlert {
  return {
    labels: { alertname: 'logwarden_test', severity: 'info' },
    annotations: { summary: n.title, ...(n.description ? { description: n.description } : {}) },
    startsAt: n.timestamp,
  }
}
