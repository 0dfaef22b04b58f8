/** A request's context, and the audit trail every admin action and auth failure leaves. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { LEVELS } from '../../core/levels.js'
import type { AuthCheck, AuthIdentity, AuthProvider } from './auth-seam.js'
import type { ControlInstance, ControlServer } from './server.js'

export interface RequestContext {
  server: ControlServer
  instance: ControlInstance
  req: IncomingMessage
  res: ServerResponse
  url: URL
  remote: string
  auth: AuthProvider | undefined
  /** the bearer token's check; undefined when the request carried none */
  check: AuthCheck | undefined
}

export type Actor = AuthIdentity | 'anonymous'

export function actorName(actor: Actor | undefined): string {
  return actor === undefined ? 'unauthenticated' : actor === 'anonymous' ? 'anonymous' : (actor.principal ?? actor.tokenId)
}

/**
 * One audit record. Written through the pipeline that serves now: after a reload the old one is
 * closed, and its records would only reach stderr.
 */
export function audit(ctx: RequestContext, level: number, message: string, fields: Record<string, unknown>): void {
  const inst = ctx.server.owner ?? ctx.instance
  // the core writes audit records whatever the logger's level
  inst.pipeline.log(level, 'audit', message, { remote: ctx.remote, ...fields })
}

export function auditAdmin(
  ctx: RequestContext,
  action: string,
  actor: Actor | undefined,
  result: 'ok' | 'refused' | 'failed',
  extra: Record<string, unknown> = {},
): void {
  ctx.server.counters.adminActions++
  const who = actorName(actor)
  const fields: Record<string, unknown> = { event: 'admin_action', action, actor: who, result, ...extra }
  if (actor && actor !== 'anonymous') {
    fields.token_id = actor.tokenId
    fields.role = actor.role
    if (actor.principal !== undefined) fields.principal = actor.principal
  }
  const level = result === 'ok' ? LEVELS.info : LEVELS.warn
  audit(ctx, level, `admin ${action} by ${who} from ${ctx.remote}: ${result}${extra.reason ? ` (${String(extra.reason)})` : ''}`, fields)
}
