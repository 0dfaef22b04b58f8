/**
 * Keeps the config's secrets out of the messages logwarden produces or passes on: config load
 * and parse errors, plugin load/apply/hook failures, its own records. One per logger: the config
 * loader records what it saw (`${env:…}` values, literals under secret-like keys, the process's
 * secret-named environment variables), and the redact plugin adds its value patterns when it is
 * applied. The core imports no plugin, so until then a small built-in set of rules (URL
 * credentials, bearer tokens, webhook paths, bot tokens, credential parameters) applies.
 */

export const SCRUBBED = '[REDACTED]'
/** shorter values are not recorded: they would mangle every message that holds the same letters */
export const MIN_SECRET_LENGTH = 4

/**
 * Names whose value is a credential (compared lower-case without `-`/`_`): the redact plugin's
 * key rules in small (plugins/redact/keys.ts), which the core cannot import. Ending with one of
 * these counts: `dbPassword`, `DISCORD_WEBHOOK_URL`, `adminSecret`; `secretFile` does not.
 */
const SECRET_SUFFIXES = [
  'password',
  'passwords',
  'passwd',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'apikey',
  'privatekey',
  'secretkey',
  'accesskey',
  'webhook',
  'webhookurl',
  'credential',
  'credentials',
  'cookie',
  'authorization',
  'signature',
  'dsn',
  'pwd',
  'connectionstring',
  'databaseurl',
]

const SHELL_DIRS = new Set(['PWD', 'OLDPWD'])

export function isSecretName(name: string): boolean {
  const n = name.toLowerCase().replace(/[-_]/g, '')
  return n === 'auth' || n === 'sig' || SECRET_SUFFIXES.some((s) => n.endsWith(s))
}

const NAMES =
  '(?:passw(?:or)?ds?|passwd|passphrase|secrets?|token|api[_.-]?keys?|access[_.-]?keys?|private[_.-]?keys?|signature|sig|auth|authorization|credentials?)'

/** What the core censors without the redact plugin: the secret part is the named group `s`. */
const RULES: readonly RegExp[] = [
  // scheme://user:PASSWORD@host, also with an empty user (redis://:PASSWORD@host)
  /[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s:@/?#]*:(?<s>[^\s/?#]+)@/dg,
  // scheme://TOKEN@host (a 16+ character user without password is a token)
  /[A-Za-z][A-Za-z0-9+.-]*:\/\/(?<s>[A-Za-z0-9_~%+-]{16,})@/dg,
  /(?<![A-Za-z0-9])bearer[ \t]+(?<s>[A-Za-z0-9\-._~+/]{8,}=*)/dgi,
  /webhooks\/\d+\/(?<s>[A-Za-z0-9_-]+)/dgi,
  /hooks\.slack\.com\/(?:services|workflows|triggers)\/(?<s>[A-Za-z0-9_/-]{8,})/dgi,
  /(?<![0-9])\d{6,12}:(?<s>[A-Za-z0-9_-]{30,})/dg,
  // password=…, ?access_token=…, aws_secret_access_key=…
  new RegExp(`(?<![A-Za-z0-9_.-])[A-Za-z0-9_.-]*?${NAMES}[ \\t]*=[ \\t]*["']?(?<s>[^\\s&"'<>,;#]+)`, 'dgi'),
  // "apiKey": "…" (JSON or a dict inside a message); a bare `token: must be string` stays
  new RegExp(`(?<q>["'])[A-Za-z0-9_.-]*?${NAMES}\\k<q>[ \\t]*:[ \\t]*(?<v>["'])(?<s>[^"'\\r\\n]+)\\k<v>`, 'dgi'),
]

function applyRules(text: string): string {
  let out = text
  for (const re of RULES) {
    re.lastIndex = 0
    let m = re.exec(out)
    if (m === null) continue
    let result = ''
    let last = 0
    while (m !== null) {
      const [from, to] = m.indices!.groups!.s!
      result += out.slice(last, from) + SCRUBBED
      last = to
      m = re.exec(out)
    }
    out = result + out.slice(last)
  }
  return out
}

export class Scrubber {
  /** secret → what to show instead, longest first (a URL before the token inside it) */
  #pairs: Array<[string, string]> = []
  #patterns: ((text: string) => string) | undefined

  /** A value that came from `${env:NAME}`: shown as the reference again. */
  addEnv(name: string, value: string): this {
    return this.#add(value, `\${env:${name}}`)
  }

  addSecret(value: string): this {
    return this.#add(value, SCRUBBED)
  }

  /** The values of the environment variables whose names say they hold a credential. */
  addSecretEnv(env: NodeJS.ProcessEnv = process.env): this {
    for (const [name, value] of Object.entries(env)) {
      // the shell's working directories end in "pwd" too: hiding them would hide every path
      if (value !== undefined && isSecretName(name) && !SHELL_DIRS.has(name)) this.addEnv(name, value)
    }
    return this
  }

  /**
   * Strings under secret-like keys at any depth of a config, or in an array under one. An object
   * under such a key is walked by its own keys: `secrets: { admin: { env: 'NAME' } }` names where
   * a secret is, it is not one.
   */
  addConfigSecrets(value: unknown, secretParent = false, depth = 0): this {
    if (typeof value === 'string') {
      if (secretParent) this.addSecret(value)
    } else if (Array.isArray(value) && depth < 32) {
      for (const v of value) this.addConfigSecrets(v, secretParent, depth + 1)
    } else if (value !== null && typeof value === 'object' && depth < 32) {
      for (const [k, v] of Object.entries(value)) this.addConfigSecrets(v, isSecretName(k), depth + 1)
    }
    return this
  }

  /** The redact plugin's value patterns (its redactString), applied after the known values. */
  usePatterns(fn: (text: string) => string): void {
    this.#patterns = fn
  }

  scrub(text: string): string {
    let out = text
    for (const [secret, replacement] of this.#pairs) if (out.includes(secret)) out = out.split(secret).join(replacement)
    out = applyRules(out)
    if (this.#patterns) {
      try {
        out = this.#patterns(out)
      } catch {
        // a failing user pattern must not turn an error report into another error
      }
    }
    return out
  }

  /**
   * The same error with its message, stack and cause chain scrubbed in place, so its class and
   * code stay what callers compare. Anything else thrown comes back as a scrubbed Error.
   */
  error(err: unknown): Error {
    if (!(err instanceof Error)) return new Error(this.scrub(String(err)))
    for (let e: unknown = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
      try {
        e.message = this.scrub(e.message)
        if (typeof e.stack === 'string') e.stack = this.scrub(e.stack)
      } catch {
        // a frozen error keeps its text; the caller still reports it through a scrubbed record
      }
    }
    return err
  }

  #add(value: string, replacement: string): this {
    if (value.length < MIN_SECRET_LENGTH) return this
    // undici and URL parsers quote URLs percent-encoded
    for (const v of new Set([value, encodeURIComponent(value), encodeURI(value)])) {
      if (!this.#pairs.some(([s]) => s === v)) this.#pairs.push([v, replacement])
    }
    this.#pairs.sort((a, b) => b[0].length - a[0].length)
    return this
  }
}
