/**
 * GET /alerts (the alert history every notifier keeps in its spool directory) and
 * POST /alerts/preview (what each notifier channel would send for a record; nothing is sent).
 * Both ask the notifier workers, which own the history and the renderers.
 */
import { ALERT_OUTCOMES, type AlertHistoryEntry, type AlertHistoryQuery, type AlertPreviewChannel } from '../../lib/control-api/index.js'
import { toTime } from '../../lib/query/index.js'
import type { RequestContext } from './context.js'
import { coreControl } from './core-control.js'
import { Http } from './errors.js'
import { readJsonBody, sendJson } from './http-util.js'
import { isNotifier } from './status.js'

const MAX_ENTRIES = 10_000

function notifierNames(ctx: RequestContext): string[] {
  return ctx.instance.pipeline
    .stats()
    .lanes.filter((l) => isNotifier(l))
    .map((l) => l.name)
}

export async function alertHistory(ctx: RequestContext): Promise<void> {
  const q = ctx.url.searchParams
  const rawN = q.get('n') ?? '50'
  if (!/^\d+$/.test(rawN)) throw Http.badRequest('n must be a whole number')
  const outcome = q
    .getAll('outcome')
    .flatMap((o) => o.split(','))
    .filter(Boolean)
  const unknown = outcome.filter((o) => !(ALERT_OUTCOMES as readonly string[]).includes(o))
  if (unknown.length) throw Http.badRequest(`unknown outcome ${unknown.join(', ')}; outcomes: ${ALERT_OUTCOMES.join(', ')}`)
  const sinceRaw = q.get('since')
  const since = sinceRaw ? toTime(sinceRaw, Date.now()) : undefined
  if (sinceRaw && since === undefined) throw Http.badRequest('since must be an ISO time or a relative time such as -1h')
  const query: AlertHistoryQuery = {
    n: Math.min(Number(rawN), MAX_ENTRIES),
    ...(q.get('channel') ? { channel: q.get('channel')! } : {}),
    ...(outcome.length ? { outcome } : {}),
    ...(since !== undefined ? { since } : {}),
  }
  const control = coreControl(ctx.instance.pipeline)
  const lists = await Promise.all(
    notifierNames(ctx).map((name) =>
      control
        .command(name, 'history', query)
        .then((r) => (Array.isArray(r) ? (r as AlertHistoryEntry[]) : []))
        // a notifier that cannot answer (restarting, or built before the history) adds nothing
        .catch(() => []),
    ),
  )
  // each list is newest first: merged by time, newest first, n in all
  const alerts = lists
    .flat()
    .sort((a, b) => Date.parse(b.time) - Date.parse(a.time))
    .slice(0, query.n)
  sendJson(ctx.res, 200, { alerts })
}

export async function previewAlert(ctx: RequestContext): Promise<void> {
  const body = await readJsonBody(ctx.req)
  const record = body !== null && typeof body === 'object' ? (body as Record<string, unknown>).record : undefined
  if (record === null || typeof record !== 'object' || Array.isArray(record)) throw Http.badRequest('send { "record": { …a record as logged… } }')
  const control = coreControl(ctx.instance.pipeline)
  const lists = await Promise.all(
    notifierNames(ctx).map((name) =>
      control
        .command(name, 'preview', { record })
        .then((r) => (Array.isArray(r) ? (r as AlertPreviewChannel[]) : []))
        .catch((err: unknown) => [{ notifier: name, channel: '*', skipped: `this notifier could not preview: ${(err as Error).message}` }]),
    ),
  )
  sendJson(ctx.res, 200, { channels: lists.flat() })
}
