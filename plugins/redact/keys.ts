/**
 * Secret key names, matched at any depth, case-insensitively and ignoring `-` and `_`
 * (`api_key`, `apiKey` and `API-KEY` are one name). A name matches when it equals one of the
 * names below, ends with one of the suffixes (so `dbPassword`, `githubToken`, `client_secret`,
 * `discordWebhookUrl` and `x-api-key` are caught without listing them), or starts with one of the
 * prefixes (`private_key_id`, `privateKeyPem`).
 *
 * Deliberately NOT secret (false positives that would blind the logs): `token_count`, `tokens`,
 * `max_tokens` (counters: they do not end with "token"), `key`, `cache_key`, `sort_key`, `pass`
 * (test results), bare `session` (in trading it means RTH/ETH), and the `auth…` names that are not
 * credentials: `author`, `authority`, `authenticated`, `authMethod`, `authType`, `authProvider`.
 * Add any of them with `keys`.
 */

/** Exact names (normalized: lower case, no `-`/`_`). */
export const DEFAULT_SECRET_NAMES: readonly string[] = [
  'pwd',
  'auth',
  'dsn',
  'jwt',
  'otp',
  'cvv',
  'cvc',
  'sig',
  'sessionid',
  'sessionkey',
  'connectionstring',
  'databaseurl',
  'cardnumber',
  'ccnumber',
  'creditcard',
  'webhook',
  // the auth… names that hold a credential (unlike author, authority, authenticated, authType)
  'authkey',
  'authkeys',
  'authheader',
  'authheaders',
  'authcode',
  'authstring',
  'authvalue',
  'authdata',
  'authinfo',
  'authparams',
]

/** Suffixes (normalized); each one is also an exact name. Plurals are listed: they hold secrets too. */
export const DEFAULT_SECRET_SUFFIXES: readonly string[] = [
  'password',
  'passwords',
  'passwd',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'apikey',
  'apikeys',
  'privatekey',
  'privatekeys',
  'secretkey',
  'secretkeys',
  'accesskey',
  'accesskeys',
  'webhookurl',
  'credential',
  'credentials',
  'cookie',
  'cookies',
  'authorization',
  'signature',
  'signatures',
]

/** Prefixes (normalized): every name starting with one of them. */
export const DEFAULT_SECRET_PREFIXES: readonly string[] = ['privatekey']

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
  const prefixes = options.defaults ? DEFAULT_SECRET_PREFIXES : []
  if (options.defaults) for (const n of [...DEFAULT_SECRET_NAMES, ...DEFAULT_SECRET_SUFFIXES]) names.add(n)
  if (names.size === 0) return undefined
  return (key: string): boolean => {
    const n = normalizeKey(key)
    if (names.has(n)) return true
    for (const s of suffixes) if (n.endsWith(s)) return true
    for (const p of prefixes) if (n.startsWith(p)) return true
    return false
  }
}
