/**
 * The seam between the control API and an auth plugin (auth-hmac, or your own). An auth plugin
 * calls registerAuth(pipeline, provider) in its apply; the control plugin looks the provider up
 * for every request, so the two may be listed in any order (except for allowRemote, which is
 * checked at start and so needs the auth plugin listed first).
 */
import type { Pipeline } from '../../core/pipeline.js'

export type Role = 'read' | 'admin'

export interface AuthIdentity {
  /** a non-secret id of the token, written in audit records */
  tokenId: string
  role: Role
  /** who holds the token (auth-hmac: the principal's name), named in audit records */
  principal?: string
}

/** What an auth route answers; `failure` (never sent to the client) says why, for the audit. */
export interface AuthOutcome {
  status: number
  body: unknown
  identity?: AuthIdentity
  failure?: string
  /** on a failure, the principal the client claimed: failures are counted per principal, not per address */
  principal?: string
}

export interface AuthClient {
  /** the peer's address, IPv4-mapped prefix removed */
  remote: string
}

export interface AuthCheck {
  identity?: AuthIdentity
  failure?: string
}

export interface AuthProvider {
  readonly name: string
  /**
   * `POST /auth/<route>` with its parsed JSON body (undefined when empty) and who sent it
   * (e.g. to bound what one address may hold, like pending challenges).
   */
  handle(route: string, body: unknown, client: AuthClient): AuthOutcome | Promise<AuthOutcome>
  /** the identity behind a bearer token, or why there is none */
  authenticate(token: string): AuthCheck
}

const providers = new WeakMap<Pipeline, AuthProvider>()

export function registerAuth(pipeline: Pipeline, provider: AuthProvider): void {
  providers.set(pipeline, provider)
}

export function authFor(pipeline: Pipeline): AuthProvider | undefined {
  return providers.get(pipeline)
}

/** admin may do everything read may */
export function roleAllows(have: Role, need: Role): boolean {
  return have === 'admin' || need === 'read'
}
