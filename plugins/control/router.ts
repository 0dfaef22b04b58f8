/**
 * Every request: Host check → who is it (bearer token) → rate limit → route → role check →
 * handler. Errors become `{ error: { code, message } }`; anything unexpected is logged to the
 * error category and answered with a bare 500.
 */
import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { LwError, describeError } from '../../core/errors.js'
import { LEVELS } from '../../core/levels.js'
import { authFor, roleAllows, type Role } from './auth-seam.js'
import { ControlErrors, Http, HttpError, fromLwError } from './errors.js'
import { bearerToken, clientAddress, hostHeaderAllowed, isLoopback, readJsonBody, sendError, sendJson } from './http-util.js'
import { FilterError, checkCategories, compileFilter, compileMetaFilter, filterFromQuery } from '../../lib/query/index.js'
import { TailStream } from './tail.js'
import { buildStatus } from './status.js'
import { endpointFor, statusExtras } from '../../lib/control-api/index.js'
import { packageVersion } from '../../lib/util/index.js'
import * as admin from './admin.js'
import * as alerts from './alerts.js'
import * as silences from './silences.js'
import { audit, auditAdmin, type Actor, type RequestContext } from './context.js'
import type { ControlServer } from './server.js'

type Access = 'public' | Role

interface Route {
  method: 'GET' | 'POST'
  access: Access
  run(ctx: RequestContext, actor: Actor): Promise<void>
}

const ADMIN: Record<string, (ctx: RequestContext, body: unknown, actor: Actor) => Promise<admin.AdminResult>> = {
  reload: (ctx) => admin.reload(ctx),
  level: admin.setLevel,
  'test-notify': admin.testNotify,
  stop: (ctx) => admin.stop(ctx),
  'silence-add': silences.addSilence,
  'silence-expire': silences.expireSilence,
}

const ROUTES: Record<string, Route> = {
  '/health': { method: 'GET', access: 'public', run: health },
  '/auth/challenge': { method: 'POST', access: 'public', run: (ctx) => authRoute(ctx, 'challenge') },
  '/auth/verify': { method: 'POST', access: 'public', run: (ctx) => authRoute(ctx, 'verify') },
  '/status': { method: 'GET', access: 'read', run: status },
  '/recent': { method: 'GET', access: 'read', run: recent },
  '/tail': { method: 'GET', access: 'read', run: tail },
  '/silences': { method: 'GET', access: 'read', run: silences.listSilences },
  '/alerts': { method: 'GET', access: 'read', run: alerts.alertHistory },
  '/alerts/preview': { method: 'POST', access: 'read', run: alerts.previewAlert },
  ...Object.fromEntries(
    Object.keys(ADMIN).map((name) => [
      `/admin/${name}`,
      { method: 'POST', access: 'admin', run: (ctx: RequestContext, actor: Actor) => adminAction(ctx, name, actor) } satisfies Route,
    ]),
  ),
}

export async function handle(server: ControlServer, req: IncomingMessage, res: ServerResponse): Promise<void> {
  server.counters.requests++
  const instance = server.owner
  let ctx: RequestContext | undefined
  try {
    if (!instance) throw Http.unavailable('the logger is starting or reloading; retry in a moment')
    const url = new URL(req.url ?? '/', 'http://localhost')
    const remote = clientAddress(req)
    const auth = authFor(instance.pipeline)
    const token = bearerToken(req)
    const check = token === undefined || !auth ? undefined : token === '' ? { failure: 'malformed Authorization header' } : auth.authenticate(token)
    ctx = { server, instance, req, res, url, remote, auth, check }
    if (token) claimedToken.set(ctx, `tok_${createHash('sha256').update(token, 'utf8').digest('hex').slice(0, 12)}`)

    if (isLoopback(instance.options.host) && !hostHeaderAllowed(req)) {
      refuseHost(ctx)
      throw Http.forbidden('the Host header must name a loopback host (127.0.0.1, localhost, [::1])')
    }
    const route = ROUTES[url.pathname] ?? extension(instance, url.pathname)
    if (route && route.access !== 'public' && server.stopping) throw Http.unavailable('the daemon is stopping')
    limit(ctx, route, url.pathname)
    if (!route) throw Http.notFound(req.method ?? 'GET', url.pathname)
    if (req.method !== route.method && !(route.method === 'GET' && req.method === 'HEAD'))
      throw Http.methodNotAllowed(req.method ?? '?', url.pathname, route.method)
    const actor = route.access === 'public' ? 'anonymous' : authorize(ctx, route.access, url.pathname)
    await route.run(ctx, actor)
  } catch (err) {
    respondError(ctx, res, err)
  }
}

/** A route another plugin serves here (metrics: GET /metrics), see lib/control-api/extensions.ts. */
function extension(instance: RequestContext['instance'], path: string): Route | undefined {
  const e = endpointFor(instance.pipeline, path)
  if (!e) return undefined
  // auto: public while the API listens on loopback only, the read role once it accepts remote clients
  const access = e.access === 'auto' ? (isLoopback(instance.options.host) ? 'public' : 'read') : e.access
  return { method: e.method, access, run: (ctx) => e.handle(ctx.req, ctx.res, ctx.url) }
}

function respondError(ctx: RequestContext | undefined, res: ServerResponse, err: unknown): void {
  if (err instanceof HttpError) return sendError(res, err)
  if (err instanceof FilterError) return sendError(res, Http.badRequest(err.message))
  if (err instanceof LwError) return sendError(res, fromLwError(err))
  ctx?.instance.pipeline.log(LEVELS.error, 'error', `control: request failed: ${describeError(err)}`, {
    code: ControlErrors.INTERNAL.code,
    path: ctx.url.pathname,
  })
  sendError(res, Http.internal())
}

/**
 * The id (as the token store names it) of the bearer token a request carried: failures with an
 * unknown token are counted per token, never per address, since every local client is 127.0.0.1.
 */
const claimedToken = new WeakMap<RequestContext, string>()

/** What a refusal is counted and audited under: the claimed principal or token, else the address. */
function claimKey(ctx: RequestContext, principal?: string): string {
  if (principal !== undefined) return `principal:${principal}`
  const token = claimedToken.get(ctx)
  return token ? `token:${token}` : `addr:${ctx.remote}`
}

/** Audits one refusal unless its (reason, who) was audited in this window; the next record counts the ones left out. */
function auditRefusal(ctx: RequestContext, reason: string, who: string, write: (extra: Record<string, unknown>) => void): void {
  const suppressed = ctx.server.auditGate.pass(`${reason}\0${who}`)
  if (suppressed !== undefined) write(suppressed > 0 ? { suppressed } : {})
}

/** A non-loopback Host on a loopback server (DNS rebinding): refused, and audited. */
function refuseHost(ctx: RequestContext): void {
  const host = String(ctx.req.headers.host ?? '').slice(0, 255)
  const path = ctx.url.pathname
  const reason = 'Host header is not a loopback host'
  const actor = ctx.check?.identity
  auditRefusal(ctx, 'host', claimKey(ctx, actor?.principal), (extra) => {
    if (path.startsWith('/admin/') && ROUTES[path]) auditAdmin(ctx, path.slice('/admin/'.length), actor, 'refused', { reason, host, ...extra })
    else audit(ctx, LEVELS.warn, `request refused from ${ctx.remote}: ${reason} (${host})`, { event: 'host_refused', reason, host, path, ...extra })
  })
}

/**
 * The general limit counts every request per client: the token when it is valid, the claimed
 * token when it is not (so a flood of bad tokens never limits /health for the monitoring probe),
 * else the address. The auth routes are outside it: a valid proof must log in whatever other
 * local processes send; their failures are limited per principal (authRoute), and pending
 * challenges are bounded by the nonce store.
 */
function limit(ctx: RequestContext, route: Route | undefined, path: string): void {
  const { server, check } = ctx
  if (route && path.startsWith('/auth/')) return
  const identity = check?.identity
  const key = identity ? `token:${identity.tokenId}` : claimKey(ctx)
  if (!identity && check?.failure && route?.access !== 'public') {
    // a token that keeps failing: refused without another audit record per request
    const f = server.failures.peek(key)
    if (!f.ok) {
      server.counters.rateLimited++
      lockedOut(ctx, key, path)
      throw Http.rateLimited(f.retryAfterS)
    }
  }
  const v = server.limiter.hit(key)
  if (v.ok) return
  server.counters.rateLimited++
  auditRefusal(ctx, 'rate_limited', key, (extra) => {
    const who = identity ? (identity.principal ?? identity.tokenId) : key.startsWith('addr:') ? ctx.remote : key.slice(key.indexOf(':') + 1)
    audit(ctx, LEVELS.warn, `rate limit reached by ${who}`, {
      event: 'rate_limited',
      actor: identity ? who : 'unauthenticated',
      path,
      limit: server.limiter.max,
      window_ms: server.limiter.windowMs,
      ...(identity ? { token_id: identity.tokenId, ...(identity.principal !== undefined ? { principal: identity.principal } : {}) } : {}),
      ...(route?.access === 'admin' ? { action: path.slice('/admin/'.length), result: 'refused' } : {}),
      ...extra,
    })
  })
  throw Http.rateLimited(v.retryAfterS)
}

/** The lockout itself is a refusal: audited once per window per principal or token. */
function lockedOut(ctx: RequestContext, key: string, path: string): void {
  const who = key.startsWith('addr:') ? ctx.remote : key.slice(key.indexOf(':') + 1)
  auditRefusal(ctx, 'auth_lockout', key, (extra) => {
    audit(ctx, LEVELS.warn, `authentication locked for ${who}: ${ctx.server.failures.max} failures in ${ctx.server.failures.windowMs} ms`, {
      event: 'auth_lockout',
      claimed: who,
      path,
      max_failures: ctx.server.failures.max,
      window_ms: ctx.server.failures.windowMs,
      ...extra,
    })
  })
}

/** The caller's identity for a route that needs `need`, or a thrown 401/403/429 (audited). */
function authorize(ctx: RequestContext, need: Role, path: string): Actor {
  const action = path.startsWith('/admin/') ? path.slice('/admin/'.length) : undefined
  if (!ctx.auth) {
    if (need === 'admin' && !ctx.instance.options.adminWithoutAuth) {
      auditAdmin(ctx, action!, undefined, 'refused', { reason: 'no auth plugin configured' })
      throw Http.noAuth()
    }
    return 'anonymous'
  }
  const check = ctx.check
  if (!check?.identity) {
    const retryAfterS = authFailed(ctx, check === undefined ? 'no bearer token' : (check.failure ?? 'invalid token'), action)
    throw retryAfterS === undefined ? Http.unauthorized() : Http.rateLimited(retryAfterS)
  }
  if (!roleAllows(check.identity.role, need)) {
    if (action) auditAdmin(ctx, action, check.identity, 'refused', { reason: `role ${check.identity.role} may not use admin endpoints` })
    throw Http.forbidden(
      `this token has the ${check.identity.role} role; ${path} needs ${need}. Log in with the ${need} role (logwarden login --role ${need}).`,
    )
  }
  return check.identity
}

/**
 * Counted per claimed principal or token (not per address: every local client is 127.0.0.1, and
 * a valid proof is never refused for another's failures), audited once per window per (reason,
 * claim). Past maxAuthFailures the answer is 429 (the lockout, audited): seconds to retry after.
 */
function authFailed(ctx: RequestContext, reason: string, action?: string, principal?: string): number | undefined {
  ctx.server.counters.authFailures++
  const key = claimKey(ctx, principal)
  const who = principal ?? claimedToken.get(ctx)
  auditRefusal(ctx, `auth_failed:${reason}`, key, (extra) => {
    const claim = { ...(principal !== undefined ? { principal } : {}), ...(who !== undefined ? { claimed: who } : {}) }
    const why = `authentication failed: ${reason}`
    if (action) auditAdmin(ctx, action, undefined, 'refused', { reason: why, ...claim, ...extra })
    else
      audit(ctx, LEVELS.warn, `${why} from ${ctx.remote}${who !== undefined ? ` (claimed ${who})` : ''}`, {
        event: 'auth_failed',
        reason,
        path: ctx.url.pathname,
        ...claim,
        ...extra,
      })
  })
  if (key.startsWith('addr:')) return undefined // no claim to count against: the general limit bounds it
  const v = ctx.server.failures.hit(key)
  if (v.ok) return undefined
  lockedOut(ctx, key, ctx.url.pathname)
  return v.retryAfterS
}

// ---- handlers

async function health(ctx: RequestContext): Promise<void> {
  const body: Record<string, unknown> = {
    status: ctx.server.stopping ? 'stopping' : 'ok',
    uptime: Math.round(process.uptime()),
    version: packageVersion(),
  }
  // ?detail=1: the scheduled health checks too (their names and results, never a secret)
  if (ctx.url.searchParams.get('detail') === '1') {
    const checks = (await statusExtras(ctx.instance.pipeline)).health ?? []
    body.healthy = checks.every((c) => c.ok)
    body.checks = checks
  }
  sendJson(ctx.res, 200, body)
}

async function authRoute(ctx: RequestContext, route: string): Promise<void> {
  if (!ctx.auth) throw new HttpError(ControlErrors.NOT_FOUND('no auth plugin is configured on this daemon, so there is nothing to log in to'))
  const body = await readJsonBody(ctx.req)
  const outcome = await ctx.auth.handle(route, body, { remote: ctx.remote })
  if (outcome.failure) {
    // a failed proof counts against the principal it claimed; '*' when it named none
    const retryAfterS = authFailed(ctx, outcome.failure, undefined, outcome.principal ?? '*')
    throw retryAfterS === undefined ? Http.unauthorized() : Http.rateLimited(retryAfterS)
  }
  if (outcome.identity) {
    const { tokenId, role, principal } = outcome.identity
    audit(ctx, LEVELS.info, `login: ${role} token ${tokenId} issued to ${principal ?? 'a client'} from ${ctx.remote}`, {
      event: 'auth_login',
      token_id: tokenId,
      role,
      ...(principal !== undefined ? { principal } : {}),
    })
  }
  sendJson(ctx.res, outcome.status, outcome.body)
}

async function status(ctx: RequestContext): Promise<void> {
  sendJson(ctx.res, 200, await buildStatus(ctx.server, ctx.instance))
}

function intParam(q: URLSearchParams, name: string, dflt: number, max: number): number {
  const raw = q.get(name)
  if (raw === null || raw === '') return dflt
  if (!/^\d+$/.test(raw)) throw Http.badRequest(`${name} must be a whole number`)
  return Math.min(Number(raw), max)
}

async function recent(ctx: RequestContext): Promise<void> {
  const q = ctx.url.searchParams
  const spec = filterFromQuery(q)
  checkCategories(spec.categories, ctx.instance.pipeline.config.categories, 'in this daemon')
  const filter = compileFilter(spec)
  const limitN = intParam(q, 'limit', 20, ctx.instance.options.recent * 64)
  const entries = ctx.server.recent.last(limitN, (e) => filter(e.line, e))
  // the lines are JSON already: joined, not parsed and serialized again
  const text = `{"records":[${entries.map((e) => e.line).join(',')}]}`
  ctx.res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' })
  ctx.res.end(text)
}

async function tail(ctx: RequestContext): Promise<void> {
  const { server, instance, req, res } = ctx
  const q = ctx.url.searchParams
  const spec = filterFromQuery(q)
  // a misspelled category would wait forever for records that never come
  checkCategories(spec.categories, instance.pipeline.config.categories, 'in this daemon')
  const filter = compileFilter(spec)
  const backlog = intParam(q, 'backlog', 0, instance.options.recent * 64)
  const opts = instance.options.tail
  if (server.tails.size >= opts.maxClients) throw Http.unavailable(`too many live tails (${opts.maxClients}); close one or raise tail.maxClients`)
  const format = q.get('format') === 'sse' || (q.get('format') === null && (req.headers.accept ?? '').includes('text/event-stream')) ? 'sse' : 'ndjson'
  const stream = new TailStream(res, {
    filter,
    accepts: compileMetaFilter(spec),
    format,
    maxBufferBytes: opts.maxBufferBytes,
    heartbeatMs: opts.heartbeatMs,
    onClose: (s) => server.tails.delete(s),
    onDrop: () => server.counters.tailDropped++,
    onFail: (err) => server.logError(ControlErrors.INTERNAL.code, `control: a /tail stream failed and was closed: ${describeError(err)}`),
  })
  for (const e of server.recent.last(backlog, (e) => filter(e.line, e))) stream.send(e.line)
  server.tails.add(stream)
}

async function adminAction(ctx: RequestContext, name: string, actor: Actor): Promise<void> {
  let result: admin.AdminResult
  try {
    const body = await readJsonBody(ctx.req)
    result = await ADMIN[name]!(ctx, body, actor)
  } catch (err) {
    const code = err instanceof HttpError || err instanceof LwError ? err.code : ControlErrors.INTERNAL.code
    const refused = err instanceof HttpError && err.status < 500
    auditAdmin(ctx, name, actor, refused ? 'refused' : 'failed', { reason: code })
    throw err
  }
  auditAdmin(ctx, name, actor, 'ok', result.audit)
  result.after?.()
}
