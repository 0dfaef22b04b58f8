/**
 * Start-up errors of the redact plugin, contributed to the registry in core/errors.ts.
 * Messages never echo a value that could be a secret.
 */
import { defineErrors } from '../../core/errors.js'

export const RedactErrors = defineErrors({
  PATH: {
    code: 'LW_ERR_REDACT_PATH',
    kind: 'config',
    message: (where: string, path: string, reason: string) =>
      `invalid redact path ${JSON.stringify(path)} at ${where}: ${reason}. ` +
      'Paths look like apiKey, headers.authorization, *.password, orders[*].card, orders[0].card or ["x.y"].z',
  },
  PATTERN: {
    code: 'LW_ERR_REDACT_PATTERN',
    kind: 'config',
    message: (where: string, name: string, reason: string) =>
      `invalid custom pattern "${name}" at ${where}: ${reason}. ` +
      'Give a JavaScript regular expression source without slashes (e.g. "sk_live_[A-Za-z0-9]{24}") and flags among i, m, s, u, v.',
  },
})
