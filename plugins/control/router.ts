/**
 * Every request: Host check → who is it (bearer token) → rate limit → route → role check →
 * handler. Errors become `{ error: { code, message } }`; anything unexpected is logged to the
 * error category and answered with a bare 500.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { LwError, describeError } from '../../core/errors.js'
import { LEVELS } from '../../core/levels.js'
import { authFor, roleAllows, type AuthIdentity, type Role } from './auth-seam.js'
import { ControlErrors, Http, HttpError, fromLwError } from './errors.js'
import { bearerToken, clientAddress, hostHeaderAllowed, isLoopback, readJsonBody, sendError, sendJson } from './http-util.js'
import { FilterError, compileFilter, compileMetaFilter, filterFromQuery } from '../../lib/query/index.js'
import { TailStream } from './tail.js'
import { buildStatus } from './status.js'
import { packageVersion } from '../../lib/util/index.js'
import * as admin from './admin.js'
import { audit, auditAdmin, type Actor, type RequestContext } from './context.js'
import type { ControlServer } from './server.js'

type Access = 'public' | Role

interface Route {
  method: 'GET' | 'POST'
  access: Access
  run(ctx: RequestContext, actor: Actor): Promise<void>
}

const ADMIN: Record<string, (ctx: RequestContext, body: unknown) => Promise<admin.AdminResult>> = {
  reload: (ctx) => admin.reload(ctx),
  level: admin.setLevel,
  'test-notify': admin.testNotify,
  stop: (ctx) => admin.stop(ctx),
}

const ROUTES: Record<string, Route> = {
  '/health': { method: 'GET', access: 'public', run: health },
  '/auth/challenge': { method: 'POST', access: 'public', run: (ctx) => authRoute(ctx, 'challenge') },
  '/auth/verify': { method: 'POST', access: 'public', run: (ctx) => authRoute(ctx, 'verify') },
  '/status': { method: 'GET', access: 'read', run: status },
  '/recent': { method: 'GET', access: 'read', run: recent },
  '/tail': { method: 'GET', access: 'read', run: tail },
  ...Object.fromEntries(Object.keys(ADMIN).map((name) => [`/admin/${name}`, { method: 'POST', access: 'admin', run: (ctx: RequestContext, actor: Actor) => adminAction(ctx, name, actor) } satisfies Route])),
}

export async function handle(server: ControlServer, req: IncomingMessage, res: ServerResponse): Promise<void> {
  server.counters.requests++
  const instance = server.owner
  let ctx: RequestContext | undefined
  try {
    if (!instance) throw Http.unavailable('the logger is starting or reloading; retry in a moment')
    if (isLoopback(instance.options.host) && !hostHeaderAllowed(req)) {
      throw Http.forbidden('the Host header must name a loopback host (127.0.0.1, localhost, [::1])')
    }
    const url = new URL(req.url ?? '/', 'http://localhost')
    const remote = clientAddress(req)
    const auth = authFor(instance.pipeline)
    const token = bearerToken(req)
    const check = token === undefined || !auth ? undefined : token === '' ? { failure: 'malformed Authorization header' } : auth.authenticate(token)
    ctx = { server, instance, req, res, url, remote, auth, check }

    const route = ROUTES[url.pathname]
    if (route && route.access !== 'public' && server.stopping) throw Http.unavailable('the daemon is stopping')
    limit(ctx, route, url.pathname)
    if (!route) throw Http.notFound(req.method ?? 'GET', url.pathname)
    if (req.method !== route.method && !(route.method === 'GET' && req.method === 'HEAD')) throw Http.methodNotAllowed(req.method ?? '?', url.pathname, route.method)
    const actor = route.access === 'public' ? 'anonymous' : authorize(ctx, route.access, url.pathname)
    await route.run(ctx, actor)
  } catch (err) {
    respondError(ctx, res, err)
  }
}

function respondError(ctx: RequestContext | undefined, res: ServerResponse, err: unknown): void {
  if (err instanceof HttpError) return sendError(res, err)
  if (err instanceof FilterError) return sendError(res, Http.badRequest(err.message))
  if (err instanceof LwError) return sendError(res, fromLwError(err))
  ctx?.instance.pipeline.log(LEVELS.error, 'error', `control: request failed: ${describeError(err)}`, { code: ControlErrors.INTERNAL.code, path: ctx.url.pathname })
  sendError(res, Http.internal())
}

/**
 * The general limit counts every request per client (the token when it is valid, else the
 * address). Authentication failures have their own, smaller limit per address, which then
 * holds every unauthenticated request from that address for the rest of the window.
 */
function limit(ctx: RequestContext, route: Route | undefined, path: string): void {
  const { server, remote, check } = ctx
  const identity = check?.identity
  if (!identity) {
    const f = server.failures.peek(`addr:${remote}`)
    if (!f.ok) {
      server.counters.rateLimited++
      throw Http.rateLimited(f.retryAfterS)
    }
  }
  const v = server.limiter.hit(identity ? `token:${identity.tokenId}` : `addr:${remote}`)
  if (v.ok) return
  server.counters.rateLimited++
  // one audit record when a client reaches the limit, not one per refused request: a flood of
  // requests must not become a flood of audit records
  if (isFirstRefusal(server, identity, remote)) {
    audit(ctx, LEVELS.warn, `rate limit reached by ${identity?.tokenId ?? remote}`, {
      event: 'rate_limited', actor: identity?.tokenId ?? 'unauthenticated', path, limit: server.limiter.max, window_ms: server.limiter.windowMs,
      ...(route?.access === 'admin' ? { action: path.slice('/admin/'.length), result: 'refused' } : {}),
    })
  }
  throw Http.rateLimited(v.retryAfterS)
}

const announced = new WeakMap<ControlServer, Map<string, number>>()
function isFirstRefusal(server: ControlServer, identity: AuthIdentity | undefined, remote: string): boolean {
  let seen = announced.get(server)
  if (!seen) announced.set(server, (seen = new Map()))
  const key = identity ? `token:${identity.tokenId}` : `addr:${remote}`
  const now = Date.now()
  const last = seen.get(key)
  if (last !== undefined && now - last < server.limiter.windowMs) return false
  seen.set(key, now)
  if (seen.size > 10_000) seen.clear()
  return true
}

/** The caller's identity for a route that needs `need`, or a thrown 401/403 (audited). */
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
    authFailed(ctx, check === undefined ? 'no bearer token' : (check.failure ?? 'invalid token'), action)
    throw Http.unauthorized()
  }
  if (!roleAllows(check.identity.role, need)) {
    if (action) auditAdmin(ctx, action, check.identity, 'refused', { reason: `role ${check.identity.role} may not use admin endpoints` })
    throw Http.forbidden(`this token has the ${check.identity.role} role; ${path} needs ${need}. Log in with the ${need} role (logwarden login --role ${need}).`)
  }
  return check.identity
}

/** Counted, audited, and limited per address. */
function authFailed(ctx: RequestContext, reason: string, action?: string): void {
  ctx.server.counters.authFailures++
  ctx.server.failures.hit(`addr:${ctx.remote}`)
  if (action) auditAdmin(ctx, action, undefined, 'refused', { reason: `authentication failed: ${reason}` })
  else audit(ctx, LEVELS.warn, `authentication failed from ${ctx.remote}: ${reason}`, { event: 'auth_failed', reason, path: ctx.url.pathname })
}

// ---- handlers

async function health(ctx: RequestContext): Promise<void> {
  sendJson(ctx.res, 200, {
    status: ctx.server.stopping ? 'stopping' : 'ok',
    uptime: Math.round(process.uptime()),
    version: packageVersion(),
  })
}

async function authRoute(ctx: RequestContext, route: string): Promise<void> {
  if (!ctx.auth) throw new HttpError(ControlErrors.NOT_FOUND('no auth plugin is configured on this daemon, so there is nothing to log in to'))
  const body = await readJsonBody(ctx.req)
  const outcome = await ctx.auth.handle(route, body, { remote: ctx.remote })
  if (outcome.failure) {
    authFailed(ctx, outcome.failure)
    throw Http.unauthorized()
  }
  if (outcome.identity) {
    audit(ctx, LEVELS.info, `login: ${outcome.identity.role} token ${outcome.identity.tokenId} issued to ${ctx.remote}`, {
      event: 'auth_login', token_id: outcome.identity.tokenId, role: outcome.identity.role,
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
  const filter = compileFilter(filterFromQuery(q))
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
    result = await ADMIN[name]!(ctx, body)
  } catch (err) {
    const code = err instanceof HttpError || err instanceof LwError ? err.code : ControlErrors.INTERNAL.code
    const refused = err instanceof HttpError && err.status < 500
    auditAdmin(ctx, name, actor, refused ? 'refused' : 'failed', { reason: code })
    throw err
  }
  auditAdmin(ctx, name, actor, 'ok', result.audit)
  result.after?.()
}
