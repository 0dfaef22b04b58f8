/**
 * What a secret becomes: `[REDACTED]` (default), nothing (`remove`), or asterisks plus the last
 * few characters (`mask`: `******1234`), or whatever a user's function returns. A throwing
 * function fails closed to `[REDACTED]`: a broken censor must neither leak nor throw.
 */

export type CensorMode = 'redact' | 'remove' | 'mask'

export interface CensorContext {
  /** where the secret was found: `headers.authorization`, `orders[0].card`, `message`, … */
  path: string
  /** the value pattern that matched (`bearer`, `cardNumber`, a custom name); absent for key rules */
  pattern?: string
}

/** `value` is the whole value under a secret key, or the matched secret text inside a string. */
export type CensorFunction = (value: unknown, context: CensorContext) => unknown

export const REDACTED = '[REDACTED]'

/** Returned for a value that must be dropped (remove mode): the key or array item disappears. */
export const REMOVE: unique symbol = Symbol('remove')

/** Fixed-width asterisks, so the mask does not reveal the secret's length. */
const STARS = '******'

export interface Censor {
  /** true when the censor wants `path` (a function); the walker only builds paths then */
  readonly wantsPath: boolean
  /** replacement for a whole value under a secret key or path; REMOVE drops it */
  value(v: unknown, path: string): unknown
  /** replacement for a secret found inside a string */
  text(secret: string, pattern: string, path: string): string
}

/**
 * Keeps the last `keep` characters only when at least as many stay hidden: masking `abc`
 * with keep=4 must not print `abc`.
 */
export function mask(s: string, keep: number): string {
  return keep > 0 && s.length >= keep * 2 ? STARS + s.slice(-keep) : STARS
}

export function createCensor(censor: CensorMode | CensorFunction, maskKeep: number): Censor {
  if (typeof censor === 'function') {
    return {
      wantsPath: true,
      value(v, path) {
        try {
          return censor(v, { path })
        } catch {
          return REDACTED
        }
      },
      text(secret, pattern, path) {
        try {
          const r = censor(secret, { path, pattern })
          return r === undefined || r === null ? '' : String(r)
        } catch {
          return REDACTED
        }
      },
    }
  }
  if (censor === 'remove') {
    return { wantsPath: false, value: () => REMOVE, text: () => '' }
  }
  if (censor === 'mask') {
    return {
      wantsPath: false,
      value(v) {
        if (typeof v === 'string') return mask(v, maskKeep)
        if (typeof v === 'number' || typeof v === 'bigint') return mask(String(v), maskKeep)
        return REDACTED
      },
      text: (secret) => mask(secret, maskKeep),
    }
  }
  return { wantsPath: false, value: () => REDACTED, text: () => REDACTED }
}
