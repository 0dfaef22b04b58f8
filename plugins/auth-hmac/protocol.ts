/**
 * The challenge-response (docs/auth-protocol.md):
 *   POST /auth/challenge { role?, principal? }             → { nonce, expiresAt, algorithm }
 *   POST /auth/verify    { nonce, hmac, role?, principal? } → { token, tokenId, role, principal, expiresAt }
 * where hmac = hex(HMAC-SHA256(key = the principal's secret as UTF-8, message = the nonce string as sent)).
 * Every failure has one answer (401 "authentication failed"); the reason goes to the audit only,
 * with the principal claimed, so the control API can count failures per principal.
 */
import { timingSafeEqual } from 'node:crypto'
import { computeHmac } from '../../lib/control-api/index.js'
import type { AuthCheck, AuthClient, AuthOutcome, AuthProvider, Role } from '../control/index.js'
import type { NonceStore, TokenStore } from './store.js'
import { ControlErrors, httpStatus } from '../control/index.js'
import type { LwError } from '../../core/errors.js'

const HEX64 = /^[0-9a-f]{64}$/
/** the schema's principal names: anything else cannot be one, and is not echoed to the audit */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/

export interface PrincipalSecret {
  name: string
  role: Role
  secret: string
  tokens: TokenStore
}

export interface ProviderOptions {
  principals: PrincipalSecret[]
  nonces: NonceStore
  tokenTtlMs: number
  nonceTtlMs: number
  now?: () => number
}

function refusal(err: LwError): AuthOutcome {
  return { status: httpStatus(err.kind), body: { error: { code: err.code, message: err.message } } }
}

function badRequest(message: string): AuthOutcome {
  return refusal(ControlErrors.BAD_REQUEST(message))
}

function roleOf(body: Record<string, unknown>): Role | undefined | 'invalid' {
  const r = body.role
  if (r === undefined) return undefined
  return r === 'read' || r === 'admin' ? r : 'invalid'
}

function principalOf(body: Record<string, unknown>): string | undefined | 'invalid' {
  const p = body.principal
  if (p === undefined) return undefined
  return typeof p === 'string' && NAME.test(p) ? p : 'invalid'
}

export function createProvider(o: ProviderOptions): AuthProvider {
  const now = o.now ?? Date.now
  // admin first: with no role nor principal named, the secret that matches decides who it is
  const principals = [...o.principals].sort((a, b) => (a.role === b.role ? 0 : a.role === 'admin' ? -1 : 1))
  const configured = [...new Set(principals.map((p) => p.role))].join(', ')

  function challenge(body: Record<string, unknown>, client: AuthClient): AuthOutcome {
    const role = roleOf(body)
    if (role === 'invalid') return badRequest('role must be "read" or "admin"')
    const principal = principalOf(body)
    if (principal === 'invalid') return badRequest('principal must be a name of letters, digits, . _ @ - (at most 64)')
    if (role && !principals.some((p) => p.role === role)) return badRequest(`this daemon has no ${role} secret; roles: ${configured}`)
    // an unknown principal gets a nonce like any other: which names exist is not told to any local process
    const created = o.nonces.create(o.nonceTtlMs, now(), client.remote, role, principal)
    return { status: 200, body: { nonce: created.nonce, expiresAt: new Date(created.expiresAt).toISOString(), algorithm: 'HMAC-SHA256' } }
  }

  function verify(body: Record<string, unknown>): AuthOutcome {
    const { nonce, hmac } = body
    if (typeof nonce !== 'string' || typeof hmac !== 'string')
      return badRequest('send { "nonce": "<from /auth/challenge>", "hmac": "<hex HMAC-SHA256(secret, nonce)>" }')
    const asked = roleOf(body)
    if (asked === 'invalid') return badRequest('role must be "read" or "admin"')
    const named = principalOf(body)
    if (named === 'invalid') return badRequest('principal must be a name of letters, digits, . _ @ - (at most 64)')
    const pending = o.nonces.take(nonce, now())
    const fail = (failure: string, claimed = named ?? (pending !== undefined && pending !== 'expired' ? pending.principal : undefined)): AuthOutcome => ({
      status: 401,
      body: null,
      failure,
      ...(claimed !== undefined ? { principal: claimed } : {}),
    })
    if (pending === undefined) return fail('unknown or already used nonce')
    if (pending === 'expired') return fail('expired nonce')
    if (asked && pending.role && asked !== pending.role) return fail('role differs from the challenge')
    if (named !== undefined && pending.principal !== undefined && named !== pending.principal) return fail('principal differs from the challenge')
    const wantedRole = asked ?? pending.role
    const wantedName = named ?? pending.principal
    const given = HEX64.test(hmac.toLowerCase()) ? Buffer.from(hmac.toLowerCase(), 'hex') : undefined
    if (!given) return fail('malformed hmac')
    for (const p of principals) {
      if (wantedRole && p.role !== wantedRole) continue
      if (wantedName !== undefined && p.name !== wantedName) continue
      const expected = Buffer.from(computeHmac(p.secret, nonce), 'hex')
      if (timingSafeEqual(expected, given)) {
        const { token, entry } = p.tokens.issue(p.role, p.name, o.tokenTtlMs, now())
        return {
          status: 200,
          body: { token, tokenId: entry.id, role: entry.role, principal: entry.principal, expiresAt: new Date(entry.expiresAt).toISOString() },
          identity: { tokenId: entry.id, role: entry.role, principal: entry.principal },
        }
      }
    }
    return fail(wantedName !== undefined && !principals.some((p) => p.name === wantedName) ? 'unknown principal' : 'bad hmac')
  }

  return {
    name: 'auth-hmac',
    handle(route, body, client) {
      const b = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : body === undefined ? {} : undefined
      if (!b) return badRequest('the body must be a JSON object')
      if (route === 'challenge') return challenge(b, client)
      if (route === 'verify') return verify(b)
      return refusal(ControlErrors.NOT_FOUND(`no auth route ${route}`))
    },
    authenticate(token): AuthCheck {
      let expired = false
      for (const p of principals) {
        const found = p.tokens.find(token, now())
        if (found === 'expired') expired = true
        else if (found) return { identity: { tokenId: found.id, role: found.role, principal: found.principal } }
      }
      return { failure: expired ? 'expired token' : 'unknown token' }
    },
  }
}
