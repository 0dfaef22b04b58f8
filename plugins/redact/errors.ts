/**
 * Start-up errors of the redact plugin. Codes follow core/errors.ts (LW_ERR_*); they are local
 * because only this plugin raises them. Messages never echo a value that could be a secret.
 */
import { LwError } from '../../core/errors.js'

function define<A extends unknown[]>(code: string, message: (...args: A) => string) {
  const make = (...args: A) => new LwError(code, message(...args))
  return Object.assign(make, { code })
}

export const RedactErrors = {
  PATH: define('LW_ERR_REDACT_PATH', (where: string, path: string, reason: string) =>
    `invalid redact path ${JSON.stringify(path)} at ${where}: ${reason}. ` +
    'Paths look like apiKey, headers.authorization, *.password, orders[*].card, orders[0].card or ["x.y"].z'),
  PATTERN: define('LW_ERR_REDACT_PATTERN', (where: string, name: string, reason: string) =>
    `invalid custom pattern "${name}" at ${where}: ${reason}. ` +
    'Give a JavaScript regular expression source without slashes (e.g. "sk_live_[A-Za-z0-9]{24}") and flags among i, m, s, u, v.'),
} as const
