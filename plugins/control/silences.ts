/**
 * Silences on the control API: add and expire (admin, audited by the router), list (read). The
 * daemon owns the list, in `.logwarden/silences.json` beside the spool; after each change every
 * notifier worker is told to read it again, so a new silence applies to the next record.
 */
import { formatMatcher, newSilenceId, parseMatcher, prune, readSilences, silenceState, silencesFile, writeSilences } from '../../lib/silences/index.js'
import type { Matcher, Silence } from '../../lib/silences/index.js'
import { parseDuration } from '../../lib/util/index.js'
import { actorName, type Actor, type RequestContext } from './context.js'
import { coreControl } from './core-control.js'
import { ControlErrors, Http, HttpError } from './errors.js'
import { sendJson } from './http-util.js'
import { isNotifier } from './status.js'
import type { AdminResult } from './admin.js'

const MAX_MATCHERS = 20
const MAX_TEXT = 500
/** a silence longer than a year is a config change, not a silence */
const MAX_SPAN_MS = 366 * 86_400_000

/** changes of one file one after another: two adds at once must both land */
const queues = new Map<string, Promise<unknown>>()

function serialized<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const run = (queues.get(file) ?? Promise.resolve()).then(fn, fn)
  queues.set(
    file,
    run.catch(() => undefined),
  )
  return run
}

function fileOf(ctx: RequestContext): string {
  return silencesFile(ctx.instance.pipeline.config.baseDir)
}

async function load(file: string): Promise<Silence[]> {
  try {
    return await readSilences(file)
  } catch (err) {
    throw new HttpError(ControlErrors.SILENCES_FILE(file, (err as Error).message))
  }
}

/** Tells each notifier worker to read the file again; one that does not answer reads it within a second anyway. */
async function announce(ctx: RequestContext): Promise<void> {
  const pipeline = (ctx.server.owner ?? ctx.instance).pipeline
  const control = coreControl(pipeline)
  const names = pipeline
    .stats()
    .lanes.filter((l) => isNotifier(l))
    .map((l) => l.name)
  await Promise.all(
    names.map((name) => Promise.race([control.command(name, 'silences').catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())])),
  )
}

function field(body: unknown, key: string): unknown {
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw Http.badRequest(`${what} must be a string`)
  if (value.length > MAX_TEXT) throw Http.badRequest(`${what} is longer than ${MAX_TEXT} characters`)
  return value
}

function matchersOf(body: unknown): Matcher[] {
  const raw = field(body, 'matchers')
  if (!Array.isArray(raw) || raw.length === 0)
    throw Http.badRequest('a silence needs at least one matcher: send { "matchers": ["rule=DailyLoss", "account=ABC123"], "for": "2h", "comment": "…" }')
  if (raw.length > MAX_MATCHERS) throw Http.badRequest(`at most ${MAX_MATCHERS} matchers`)
  return raw.map((m) => {
    const parsed = typeof m === 'string' ? parseMatcher(text(m, 'a matcher')) : undefined
    if (!parsed)
      throw Http.badRequest(`matcher ${JSON.stringify(m)} is not key=value or key!=value (keys: rule, account, notifier, channel, or a record field)`)
    return parsed
  })
}

function timeOf(value: unknown, what: string): number {
  const t = typeof value === 'string' ? Date.parse(value) : NaN
  if (Number.isNaN(t)) throw Http.badRequest(`${what} must be an ISO time such as 2026-12-01T17:00:00Z`)
  return t
}

/** The window: `for` (a duration from now or from `startsAt`) or `endsAt`, optionally `startsAt`. */
function windowOf(body: unknown, now: number): { startsAt: number; endsAt: number } {
  const startsAt = field(body, 'startsAt') === undefined ? now : timeOf(field(body, 'startsAt'), 'startsAt')
  const span = field(body, 'for')
  const until = field(body, 'endsAt')
  if ((span === undefined) === (until === undefined)) throw Http.badRequest('send either "for" (a duration such as "2h") or "endsAt" (an ISO time)')
  let endsAt: number
  if (span !== undefined) {
    const ms = typeof span === 'string' || typeof span === 'number' ? parseDuration(span) : undefined
    if (ms === undefined || ms <= 0) throw Http.badRequest('"for" must be a duration such as "30min", "2h" or "1d" (units ms, s, min, h, d, w)')
    endsAt = startsAt + ms
  } else {
    endsAt = timeOf(until, 'endsAt')
  }
  if (endsAt <= now) throw Http.badRequest('the silence would end in the past; give a later end')
  if (endsAt <= startsAt) throw Http.badRequest('the silence ends before it starts')
  if (endsAt - startsAt > MAX_SPAN_MS) throw Http.badRequest('a silence may last at most a year; change the routes in the config instead')
  return { startsAt, endsAt }
}

export async function addSilence(ctx: RequestContext, body: unknown, actor: Actor): Promise<AdminResult> {
  const matchers = matchersOf(body)
  const comment = text(field(body, 'comment') ?? '', 'comment').trim()
  if (!comment) throw Http.badRequest('say why in "comment" (--comment): whoever reads the silence list later needs to know')
  const now = Date.now()
  const { startsAt, endsAt } = windowOf(body, now)
  const file = fileOf(ctx)
  const silence: Silence = {
    id: newSilenceId(),
    matchers,
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(endsAt).toISOString(),
    createdAt: new Date(now).toISOString(),
    createdBy: actorName(actor),
    comment,
  }
  await serialized(file, async () => writeSilences(file, [...prune(await load(file), now), silence]))
  await announce(ctx)
  sendJson(ctx.res, 200, { ok: true, silence })
  return { audit: { silence_id: silence.id, matchers: matchers.map(formatMatcher), starts_at: silence.startsAt, ends_at: silence.endsAt, comment } }
}

export async function expireSilence(ctx: RequestContext, body: unknown, actor: Actor): Promise<AdminResult> {
  const id = field(body, 'id')
  if (typeof id !== 'string' || !id) throw Http.badRequest('send { "id": "sil_…" } (logwarden silence list shows the ids)')
  const file = fileOf(ctx)
  const now = Date.now()
  const silence = await serialized(file, async () => {
    const list = await load(file)
    const s = list.find((x) => x.id === id)
    if (!s) throw new HttpError(ControlErrors.NOT_FOUND(`no silence ${id}; logwarden silence list --all shows them`))
    if (silenceState(s, now) === 'expired') throw Http.badRequest(`silence ${id} already ended at ${s.endsAt}`)
    s.endsAt = new Date(now).toISOString()
    s.expiredAt = s.endsAt
    s.expiredBy = actorName(actor)
    await writeSilences(file, prune(list, now))
    return s
  })
  await announce(ctx)
  sendJson(ctx.res, 200, { ok: true, silence })
  return { audit: { silence_id: id, matchers: silence.matchers.map(formatMatcher), ends_at: silence.endsAt, comment: silence.comment } }
}

/** GET /silences: active and pending ones; `?all=1` with the expired ones still kept. */
export async function listSilences(ctx: RequestContext): Promise<void> {
  const now = Date.now()
  const all = ['1', 'true'].includes(ctx.url.searchParams.get('all') ?? '')
  const list = (await load(fileOf(ctx)))
    .map((s) => ({ ...s, state: silenceState(s, now) }))
    .filter((s) => all || s.state !== 'expired')
    .sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt))
  sendJson(ctx.res, 200, { silences: list })
}
