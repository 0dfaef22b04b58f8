/**
 * Secret key names, matched at any depth, case-insensitively and ignoring `-` and `_`
 * (`api_key`, `apiKey` and `API-KEY` are one name). A name matches when it equals one of the
 * names below, or ends with one of the suffixes (so `dbPassword`, `githubToken`,
 * `discordWebhookUrl` and `x-api-key` are caught without listing them).
 *
 * Deliberately NOT secret (false positives that would blind the logs): `token_count`, `tokens`,
 * `max_tokens` (counters: they do not end with "token"), `key`, `cache_key`, `sort_key`, `pass`
 * (test results), and bare `session`, which in trading is RTH/ETH. Add any of them with `keys`.
 */

/** Exact names (normalized: lower case, no `-`/`_`). */
export const DEFAULT_SECRET_NAMES: readonly string[] = [
  'pwd', 'auth', 'dsn', 'jwt', 'otp', 'cvv', 'cvc',
  'sessionid', 'sessionkey', 'connectionstring', 'databaseurl',
  'cardnumber', 'ccnumber', 'creditcard', 'webhook',
]

/** Suffixes (normalized); each one is also an exact name. */
export const DEFAULT_SECRET_SUFFIXES: readonly string[] = [
  'password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'privatekey', 'secretkey',
  'accesskey', 'webhookurl', 'credential', 'credentials', 'cookie', 'authorization',
]

export function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '')
}

export interface KeyMatcherOptions {
  /** include DEFAULT_SECRET_NAMES and DEFAULT_SECRET_SUFFIXES */
  defaults: boolean
  /** more exact names, matched the same normalized way */
  extra: readonly string[]
}

/**
 * Returns `isSecretKey(key)`, or undefined when no key can ever match (the walker then skips it).
 * Uncached: the redactor caches its per-key verdicts (see redactor.ts).
 */
export function createKeyMatcher(options: KeyMatcherOptions): ((key: string) => boolean) | undefined {
  const names = new Set(options.extra.map(normalizeKey))
  const suffixes = options.defaults ? DEFAULT_SECRET_SUFFIXES : []
  if (options.defaults) for (const n of [...DEFAULT_SECRET_NAMES, ...DEFAULT_SECRET_SUFFIXES]) names.add(n)
  if (names.size === 0) return undefined
  return (key: string): boolean => {
    const n = normalizeKey(key)
    if (names.has(n)) return true
    for (const s of suffixes) if (n.endsWith(s)) return true
    return false
  }
}
