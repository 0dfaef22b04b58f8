/** The admin endpoints: reload, level, test-notify, stop. Each is audited by the router, accepted or not. */
import { Errors, LwError } from '../../core/errors.js'
import { levelLabel, levelValue, type LevelInput } from '../../core/levels.js'
import { coreControl } from './core-control.js'
import { ControlErrors, Http, HttpError } from './errors.js'
import { sendError, sendJson } from './http-util.js'
import { isNotifier } from './status.js'
import type { RequestContext } from './context.js'

export interface AdminResult {
  /** fields added to the audit record */
  audit?: Record<string, unknown>
  /** runs after the answer was sent */
  after?: () => void
}

function bodyField(body: unknown, key: string): unknown {
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined
}

export async function reload(ctx: RequestContext): Promise<AdminResult> {
  const before = ctx.instance.pipeline.stats().level
  await coreControl(ctx.instance.pipeline).reload()
  // the adopted server now serves the new pipeline
  const now = (ctx.server.owner ?? ctx.instance).pipeline.stats()
  sendJson(ctx.res, 200, { ok: true, level: now.level, plugins: now.plugins })
  return { audit: { level_before: before, level_after: now.level } }
}

export async function setLevel(ctx: RequestContext, body: unknown): Promise<AdminResult> {
  const requested = bodyField(body, 'level')
  if (typeof requested !== 'string' && typeof requested !== 'number')
    throw Http.badRequest('send { "level": "debug" } (trace, debug, info, warn, error, critical)')
  const value = levelValue(requested as LevelInput)
  if (value === undefined) throw new HttpError(Errors.UNKNOWN_LEVEL(String(requested)))
  const before = ctx.instance.pipeline.stats().level
  coreControl(ctx.instance.pipeline).setLevel(value)
  const after = levelLabel(value)
  sendJson(ctx.res, 200, { ok: true, level: after, previous: before })
  return { audit: { level_before: before, level_after: after } }
}

/** `discord` (a notifier sink), `notify-discord/alerts` (sink/channel) or `alerts` (a channel of one notifier). */
async function resolveChannel(ctx: RequestContext, wanted: string): Promise<{ sink: string; channel?: string }> {
  const control = coreControl(ctx.instance.pipeline)
  const notifiers = ctx.instance.pipeline
    .stats()
    .lanes.filter((l) => isNotifier(l))
    .map((l) => l.name)
  const slash = wanted.indexOf('/')
  if (slash > 0) {
    const sink = wanted.slice(0, slash)
    if (notifiers.includes(sink)) return { sink, channel: wanted.slice(slash + 1) }
  } else if (notifiers.includes(wanted)) {
    return { sink: wanted }
  }
  const known: string[] = []
  const owners: string[] = []
  for (const sink of notifiers) {
    let stats: unknown
    try {
      stats = await control.command(sink, 'stats')
    } catch {
      known.push(sink)
      continue
    }
    for (const name of Object.keys((stats ?? {}) as object)) {
      known.push(`${sink}/${name}`)
      if (name === wanted) owners.push(sink)
    }
  }
  if (owners.length === 1) return { sink: owners[0]!, channel: wanted }
  const why = owners.length > 1 ? `channel "${wanted}" exists in ${owners.join(', ')}; say which as sink/channel` : `no notifier channel "${wanted}"`
  throw new HttpError(ControlErrors.UNKNOWN_CHANNEL(why, known))
}

export async function testNotify(ctx: RequestContext, body: unknown): Promise<AdminResult> {
  const wanted = bodyField(body, 'channel')
  if (typeof wanted !== 'string' || wanted === '') throw Http.badRequest('send { "channel": "<notifier sink, sink/channel, or channel>" }')
  const { sink, channel } = await resolveChannel(ctx, wanted)
  const result = (await coreControl(ctx.instance.pipeline).command(sink, 'test', channel)) as { ok?: boolean; status?: number; error?: string } | undefined
  const ok = result?.ok === true
  const name = `${sink}/${channel ?? 'default'}`
  const out: Record<string, unknown> = { ok, sink, channel: channel ?? 'default' }
  if (result?.status !== undefined) out.status = result.status
  if (result?.error) out.error = result.error
  ctx.server.lastTests.set(name, { ok, at: new Date().toISOString(), ...(result?.error ? { error: result.error } : {}) })
  sendJson(ctx.res, 200, out)
  return { audit: { channel: name, delivered: ok } }
}

export async function stop(ctx: RequestContext): Promise<AdminResult> {
  if (ctx.server.stopping) throw Http.unavailable('the daemon is already stopping')
  ctx.server.stopping = true
  const control = coreControl(ctx.instance.pipeline)
  const exit = ctx.instance.options.stop === 'exit'
  return {
    audit: { exit },
    after: () => {
      // the audit record of this stop is written by now: flush it with everything else, answer, then go
      void (async () => {
        try {
          await control.flush()
          sendJson(ctx.res, 200, { ok: true, flushed: true, exiting: exit })
          await new Promise<void>((r) => (ctx.res.writableFinished ? r() : ctx.res.once('close', () => r())))
          // exit: process.exit() at once, so the app cannot log into a closing logger; the core's
          // exit guard hands what was logged since the flush to the sinks and waits for them
          if (exit) process.exit(0)
          await control.close()
        } catch (err) {
          process.stderr.write(`logwarden control: stop failed: ${err instanceof LwError ? `${err.code}: ` : ''}${(err as Error).message}\n`)
          if (!ctx.res.headersSent) sendError(ctx.res, new HttpError(ControlErrors.INTERNAL('stop failed; see the daemon stderr')))
          if (exit) process.exit(1)
        }
      })()
    },
  }
}
