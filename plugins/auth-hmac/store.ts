/**
 * Issued tokens and pending nonces. Tokens are stored as SHA-256 hashes only. A principal's token
 * store is shared by every logger in the process configured with the same name, role and secret, so a config reload
 * keeps the tokens it issued, and a changed secret invalidates them. Nonces are single use.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Role } from '../control/index.js'

export interface TokenEntry {
  id: string
  role: Role
  principal: string
  expiresAt: number
  hash: Buffer
}

export class TokenStore {
  readonly #tokens = new Map<string, TokenEntry>()
  refs = 0

  issue(role: Role, principal: string, ttlMs: number, now: number): { token: string; entry: TokenEntry } {
    this.#sweep(now)
    const token = randomBytes(32).toString('base64url')
    const hash = sha256(token)
    const entry = { id: `tok_${hash.subarray(0, 6).toString('hex')}`, role, principal, expiresAt: now + ttlMs, hash }
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
  /** the principal the challenge was asked for, if named */
  principal?: string
  /** the bucket of the per-address bound: the address, and the principal when named */
  remote: string
}

/**
 * Challenges awaiting an answer. `/auth/challenge` is public, so the store is bounded twice:
 * one address holds at most `maxPerAddress` (its oldest is dropped for a new one), and the
 * process at most `max` (the oldest of all is dropped). A full store never refuses a challenge:
 * refusing would let a few addresses keep every admin out, while dropping the oldest only costs
 * a nonce that is about to expire, whose client may simply ask again. Every local client is
 * 127.0.0.1, so a challenge for a named principal has its own bucket: another local process
 * asking in a loop cannot push out an admin's pending nonce unless it claims that same name.
 */
export class NonceStore {
  /** insertion order is age order (oldest first) */
  readonly #pending = new Map<string, PendingNonce>()
  readonly #byAddress = new Map<string, string[]>()

  constructor(
    public max: number,
    public maxPerAddress: number,
  ) {}

  get size(): number {
    return this.#pending.size
  }

  /** A fresh nonce (32 random bytes, hex) for `remote`. */
  create(ttlMs: number, now: number, address: string, role?: Role, principal?: string): { nonce: string; expiresAt: number } {
    const remote = principal === undefined ? address : `${address}\0${principal}`
    // expired nonces go before any live one is dropped (a full pass only when a bound is reached)
    this.#sweep(now, false)
    if (this.#pending.size >= this.max || (this.#byAddress.get(remote)?.length ?? 0) >= this.maxPerAddress) this.#sweep(now, true)
    const mine = this.#byAddress.get(remote)
    while (mine && mine.length >= this.maxPerAddress) this.#delete(mine[0]!)
    while (this.#pending.size >= this.max) this.#delete(this.#pending.keys().next().value!)
    const nonce = randomBytes(32).toString('hex')
    const expiresAt = now + ttlMs
    this.#pending.set(nonce, { expiresAt, remote, ...(role ? { role } : {}), ...(principal !== undefined ? { principal } : {}) })
    const list = this.#byAddress.get(remote)
    if (list) list.push(nonce)
    else this.#byAddress.set(remote, [nonce])
    return { nonce, expiresAt }
  }

  /** Takes the nonce out (it can never be used again) and says whether it was valid. */
  take(nonce: string, now: number): PendingNonce | 'expired' | undefined {
    const p = this.#pending.get(nonce)
    if (!p) return undefined
    this.#delete(nonce)
    return p.expiresAt <= now ? 'expired' : p
  }

  /**
   * Drops expired nonces. Oldest first, stopping at a live one, unless `full`: loggers with
   * different nonceTtlMs share the store, so an expired nonce may sit behind a live one.
   */
  #sweep(now: number, full: boolean): void {
    for (const [nonce, p] of this.#pending) {
      if (p.expiresAt > now) {
        if (full) continue
        break
      }
      this.#delete(nonce)
    }
  }

  #delete(nonce: string): void {
    const p = this.#pending.get(nonce)
    if (!p) return
    this.#pending.delete(nonce)
    const list = this.#byAddress.get(p.remote)
    if (!list) return
    const i = list.indexOf(nonce)
    if (i >= 0) list.splice(i, 1)
    if (list.length === 0) this.#byAddress.delete(p.remote)
  }
}

export function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest()
}

const tokenStores = new Map<string, TokenStore>()

/** The store for a principal's secret; release() it when the logger closes. */
export function acquireTokenStore(principal: string, role: Role, secret: string): { store: TokenStore; release(): void } {
  const fingerprint = sha256(`logwarden-auth-hmac\0${principal}\0${role}\0${secret}`).toString('hex')
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
export const sharedNonces = new NonceStore(1000, 20)
