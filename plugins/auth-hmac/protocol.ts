/**
 * The challenge-response (docs/auth-protocol.md):
 *   POST /auth/challenge { role? }            → { nonce, expiresAt, algorithm }
 *   POST /auth/verify    { nonce, hmac, role? } → { token, tokenId, role, expiresAt }
 * where hmac = hex(HMAC-SHA256(key = the role's secret as UTF-8, message = the nonce string as sent)).
 * Every failure has one answer (401 "authentication failed"); the reason goes to the audit only.
 */
import { timingSafeEqual } from 'node:crypto'
import { computeHmac } from '../../lib/control-api/index.js'
import type { AuthCheck, AuthClient, AuthOutcome, AuthProvider, Role } from '../control/index.js'
import type { NonceStore, TokenStore } from './store.js'
import { ControlErrors, httpStatus } from '../control/index.js'
import type { LwError } from '../../core/errors.js'

const HEX64 = /^[0-9a-f]{64}$/

export interface RoleSecret {
  role: Role
  secret: string
  tokens: TokenStore
}

export interface ProviderOptions {
  roles: RoleSecret[]
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

export function createProvider(o: ProviderOptions): AuthProvider {
  const now = o.now ?? Date.now
  // admin first: with no role named, the secret that matches decides the role
  const roles = [...o.roles].sort((a, b) => (a.role === 'admin' ? -1 : b.role === 'admin' ? 1 : 0))
  const configured = roles.map((r) => r.role).join(', ')

  function challenge(body: Record<string, unknown>, client: AuthClient): AuthOutcome {
    const role = roleOf(body)
    if (role === 'invalid') return badRequest('role must be "read" or "admin"')
    if (role && !roles.some((r) => r.role === role)) return badRequest(`this daemon has no ${role} secret; roles: ${configured}`)
    const created = o.nonces.create(o.nonceTtlMs, now(), client.remote, role)
    return { status: 200, body: { nonce: created.nonce, expiresAt: new Date(created.expiresAt).toISOString(), algorithm: 'HMAC-SHA256' } }
  }

  function verify(body: Record<string, unknown>): AuthOutcome {
    const { nonce, hmac } = body
    if (typeof nonce !== 'string' || typeof hmac !== 'string') return badRequest('send { "nonce": "<from /auth/challenge>", "hmac": "<hex HMAC-SHA256(secret, nonce)>" }')
    const asked = roleOf(body)
    if (asked === 'invalid') return badRequest('role must be "read" or "admin"')
    const pending = o.nonces.take(nonce, now())
    if (pending === undefined) return { status: 401, body: null, failure: 'unknown or already used nonce' }
    if (pending === 'expired') return { status: 401, body: null, failure: 'expired nonce' }
    if (asked && pending.role && asked !== pending.role) return { status: 401, body: null, failure: 'role differs from the challenge' }
    const wanted = asked ?? pending.role
    const given = HEX64.test(hmac.toLowerCase()) ? Buffer.from(hmac.toLowerCase(), 'hex') : undefined
    if (!given) return { status: 401, body: null, failure: 'malformed hmac' }
    for (const r of roles) {
      if (wanted && r.role !== wanted) continue
      const expected = Buffer.from(computeHmac(r.secret, nonce), 'hex')
      if (timingSafeEqual(expected, given)) {
        const { token, entry } = r.tokens.issue(r.role, o.tokenTtlMs, now())
        return {
          status: 200,
          body: { token, tokenId: entry.id, role: entry.role, expiresAt: new Date(entry.expiresAt).toISOString() },
          identity: { tokenId: entry.id, role: entry.role },
        }
      }
    }
    return { status: 401, body: null, failure: 'bad hmac' }
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
      for (const r of roles) {
        const found = r.tokens.find(token, now())
        if (found === 'expired') expired = true
        else if (found) return { identity: { tokenId: found.id, role: found.role } }
      }
      return { failure: expired ? 'expired token' : 'unknown token' }
    },
  }
}
