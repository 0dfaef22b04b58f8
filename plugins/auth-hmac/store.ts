/**
 * Issued tokens and pending nonces. Tokens are stored as SHA-256 hashes only. A role's token store
 * is shared by every logger in the process configured with the same secret, so a config reload
 * keeps the tokens it issued, and a changed secret invalidates them. Nonces are single use.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Role } from '../control/auth-seam.js'

export interface TokenEntry {
  id: string
  role: Role
  expiresAt: number
  hash: Buffer
}

export class TokenStore {
  readonly #tokens = new Map<string, TokenEntry>()
  refs = 0

  issue(role: Role, ttlMs: number, now: number): { token: string; entry: TokenEntry } {
    this.#sweep(now)
    const token = randomBytes(32).toString('base64url')
    const hash = sha256(token)
    const entry = { id: `tok_${hash.subarray(0, 6).toString('hex')}`, role, expiresAt: now + ttlMs, hash }
    this.#tokens.set(hash.toString('hex'), entry)
    return { token, entry }
  }

  /** The entry of a token, 'expired', or undefined when this store never issued it. */
  find(token: string, now: number): TokenEntry | 'expired' | undefined {
    const hash = sha256(token)
    const key = hash.toString('hex')
    const entry = this.#tokens.get(key)
    if (!entry || !timingSafeEqual(entry.hash, hash)) return undefined
    if (entry.expiresAt <= now) {
      this.#tokens.delete(key)
      return 'expired'
    }
    return entry
  }

  #sweep(now: number): void {
    for (const [k, e] of this.#tokens) if (e.expiresAt <= now) this.#tokens.delete(k)
  }
}

export interface PendingNonce {
  expiresAt: number
  role?: Role
}

export class NonceStore {
  readonly #pending = new Map<string, PendingNonce>()

  constructor(public max: number) {}

  /** A fresh nonce (32 random bytes, hex), or undefined when too many are pending. */
  create(ttlMs: number, now: number, role?: Role): { nonce: string; expiresAt: number } | undefined {
    if (this.#pending.size >= this.max) {
      for (const [n, p] of this.#pending) if (p.expiresAt <= now) this.#pending.delete(n)
      if (this.#pending.size >= this.max) return undefined
    }
    const nonce = randomBytes(32).toString('hex')
    const expiresAt = now + ttlMs
    this.#pending.set(nonce, role ? { expiresAt, role } : { expiresAt })
    return { nonce, expiresAt }
  }

  /** Takes the nonce out (it can never be used again) and says whether it was valid. */
  take(nonce: string, now: number): PendingNonce | 'expired' | undefined {
    const p = this.#pending.get(nonce)
    if (!p) return undefined
    this.#pending.delete(nonce)
    return p.expiresAt <= now ? 'expired' : p
  }
}

export function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest()
}

const tokenStores = new Map<string, TokenStore>()

/** The store for a role's secret; release() it when the logger closes. */
export function acquireTokenStore(role: Role, secret: string): { store: TokenStore; release(): void } {
  const fingerprint = sha256(`logwarden-auth-hmac\0${role}\0${secret}`).toString('hex')
  let store = tokenStores.get(fingerprint)
  if (!store) tokenStores.set(fingerprint, (store = new TokenStore()))
  store.refs++
  let released = false
  return {
    store,
    release() {
      if (released) return
      released = true
      if (--store.refs === 0) tokenStores.delete(fingerprint)
    },
  }
}

/** One per process: a nonce is random and single use, so loggers (and reloads) can share them. */
export const sharedNonces = new NonceStore(1000)
