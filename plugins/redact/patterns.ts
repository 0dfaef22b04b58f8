/**
 * Value patterns: secrets recognized by their shape wherever they appear in a string (a message,
 * an error's stack, any field). A string first meets ONE gate regex, a single pass that looks for
 * a character one of the families needs (`needs`: `:` `=` `/` `_` `-` …) or, for the families no
 * character singles out (cards, `Bearer`, `Basic`), their anchor; most strings stop there. One
 * that passes runs a family's regexes only if it holds one of the family's characters (indexOf,
 * each looked for once) and then its anchor. Strings shorter than a family's shortest secret skip
 * it, and shorter than every family's are not scanned.
 *
 * A pattern censors its named group `secret` when it has one (so `Bearer ` and the Discord webhook
 * id stay readable), the whole match otherwise.
 */
import type { Censor } from './censor.js'
import { RedactErrors } from './errors.js'

export const BUILTIN_PATTERN_NAMES = [
  'privateKey',
  'urlCredentials',
  'urlToken',
  'discordWebhook',
  'slackWebhook',
  'telegramBotToken',
  'credentialParam',
  'cookieHeader',
  'bearer',
  'basicAuth',
  'jwt',
  'awsAccessKey',
  'stripeKey',
  'githubToken',
  'slackToken',
  'googleApiKey',
  'cardNumber',
] as const
export type BuiltinPatternName = (typeof BUILTIN_PATTERN_NAMES)[number]

interface BuiltinPattern {
  /** one regex, or several forms of the same family */
  source: string | readonly string[]
  flags: string
  /**
   * A case-sensitive superset of what `source` matches, as a regex alternative: the pre-check of
   * every string, and then the test that decides whether this family's regexes run at all.
   */
  anchor: string
  /**
   * Characters of which every match of `source` holds at least one (case-sensitive): rare ones,
   * so that most strings skip the family after one pass over them. Absent: the anchor itself is
   * part of the gate and decides.
   */
  needs?: readonly string[]
  /** the shortest string `source` can match */
  minLength: number
  /** a second opinion on the matched secret (the Luhn check) */
  accept?: (secret: string) => boolean
}

const TOKEN68 = 'A-Za-z0-9\\-._~+/'
/** `[Pp][Aa]…`: the pre-check is case-sensitive, so case-insensitive anchors spell both cases */
const ci = (word: string) => [...word].map((c) => (/[a-z]/i.test(c) ? `[${c.toUpperCase()}${c.toLowerCase()}]` : c)).join('')
/**
 * Names whose value is a credential inside text (`password=…`, `?access_token=…`,
 * `"client_secret":"…"`), the same vocabulary as the key rules (keys.ts), with any prefix
 * (`aws_secret_access_key`, `X-Amz-Signature`, `dbPassword`). `tokens`, `key` and `pass` are
 * left out on purpose, like in the key rules: counters and test results.
 */
const CREDENTIAL_NAME =
  '[A-Za-z0-9_.-]*?(?:passwords?|passwd|passphrase|pwd|secrets?|token|api[_.-]?keys?|access[_.-]?keys?|' +
  'private[_.-]?keys?|secret[_.-]?keys?|signature|sig|credentials?|auth|authorization|cookie|session[_.-]?id|dsn)'

/** A part of CREDENTIAL_NAME that each of its words holds (`pass` for passwords/passwd/passphrase, `key` for the api/access/private/secret keys, `sig` for signature, `auth` for authorization). */
const CREDENTIAL_WORD = ['pass', 'pwd', 'secret', 'token', 'key', 'sig', 'credential', 'auth', 'cookie', 'session', 'dsn'].map(ci).join('|')

/** Base64 of `user:password` (UTF-8): what a Basic credential is, unlike the word after "basic" in prose. */
function isBasicCredential(b64: string): boolean {
  const text = Buffer.from(b64, 'base64').toString('utf8')
  return text.includes(':') && !text.includes('\uFFFD') && !/[\u0000-\u001f\u007f]/.test(text)
}

/** Listed in the order they are applied: URL and key forms before the bare token shapes inside them. */
const BUILTINS: Record<BuiltinPatternName, BuiltinPattern> = {
  // -----BEGIN [RSA |EC |OPENSSH |ENCRYPTED |PGP ]PRIVATE KEY[ BLOCK]----- … -----END …-----: the
  // body; a key cut short (no END line) is censored to the end of the string
  privateKey: {
    source: '-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?<secret>[\\s\\S]*?)(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)',
    flags: '',
    anchor: 'PRIVATE KEY',
    needs: ['-'],
    minLength: 35,
  },
  // scheme://user:PASSWORD@host, also with an empty user (redis://:PASSWORD@host) and a password
  // holding an unescaped @ (up to the last @ before the host); the user and host stay
  urlCredentials: {
    source: '[A-Za-z][A-Za-z0-9+.-]*:\\/\\/[^\\s:@\\/?#]*:(?<secret>[^\\s\\/?#]+)@',
    flags: '',
    anchor: ':\\/\\/[^\\s\\/?#]*@',
    needs: [':'],
    minLength: 7,
  },
  // https://TOKEN@host: a user of 16+ token characters with no password is a token (GitHub,
  // Sentry, npm registry URLs); `ssh://git@host` or `postgres://app@db` stay
  urlToken: {
    source: '[A-Za-z][A-Za-z0-9+.-]*:\\/\\/(?<secret>[A-Za-z0-9_~%+-]{16,})@',
    flags: '',
    anchor: ':\\/\\/[^\\s\\/?#]*@',
    needs: [':'],
    minLength: 21,
  },
  // https://discord.com/api/v10/webhooks/ID/TOKEN (discordapp.com, ptb., canary.) — the token only
  discordWebhook: {
    source: '(?:(?:ptb|canary)\\.)?discord(?:app)?\\.com\\/api\\/(?:v\\d+\\/)?webhooks\\/\\d+\\/(?<secret>[A-Za-z0-9_-]+)',
    flags: 'i',
    anchor: '[Ww][Ee][Bb][Hh][Oo][Oo][Kk][Ss]\\/\\d',
    needs: ['/'],
    minLength: 28,
  },
  // https://hooks.slack.com/services/T…/B…/XXXX (and workflows/, triggers/): the path is the secret
  slackWebhook: {
    source: 'hooks\\.slack\\.com\\/(?:services|workflows|triggers)\\/(?<secret>[A-Za-z0-9_\\/-]{8,})',
    flags: 'i',
    anchor: `${ci('hooks')}\\.${ci('slack')}\\.`,
    needs: ['/'],
    minLength: 33,
  },
  // 123456789:AAH… alone or in https://api.telegram.org/bot<token>/sendMessage
  telegramBotToken: {
    source: '(?<![0-9])\\d{6,12}:[A-Za-z0-9_-]{30,}',
    flags: '',
    anchor: '\\d:[A-Za-z0-9_-]{30}',
    needs: [':'],
    minLength: 37,
  },
  // password=…, ?access_token=…&, X-Amz-Signature=…, aws_secret_access_key=…, and the quoted
  // forms of JSON or a dict inside a string ("client_secret": "…"): the value
  credentialParam: {
    source: [
      // a quoted value is censored up to its closing quote, spaces included
      `(?<![A-Za-z0-9_.-])${CREDENTIAL_NAME}["']?[ \\t]*=[ \\t]*(?<v>["'])(?<secret>(?:\\\\.|(?!\\k<v>)[^\\\\\\r\\n])+)\\k<v>`,
      `(?<![A-Za-z0-9_.-])${CREDENTIAL_NAME}["']?[ \\t]*=[ \\t]*(?!["'])(?:(?:bearer|basic|token|digest)[ \\t]+)?(?<secret>[^\\s&"'<>,;#]+)`,
      `(?<q>["'])${CREDENTIAL_NAME}\\k<q>[ \\t]*:[ \\t]*(?<v>["'])(?<secret>(?:\\\\.|(?!\\k<v>)[^\\\\\\r\\n])*)\\k<v>`,
    ],
    flags: 'i',
    // the gate takes the delimiters (`=`, `:`); the anchor, run only on a string holding one,
    // the part of a name every form holds, so `limit=50` or `"qty":2` skip the three regexes
    anchor: CREDENTIAL_WORD,
    needs: ['=', ':'],
    minLength: 5,
  },
  // Cookie: a=b; c=d / Set-Cookie: sid=…; Path=/ — the whole header value (it always holds an =)
  cookieHeader: {
    source: '(?<![A-Za-z0-9-])(?:set-)?cookie[ \\t]*:[ \\t]*(?<secret>[^\\r\\n"]*=[^\\r\\n"]*)',
    flags: 'i',
    anchor: `${ci('cookie')}[ \\t]*:`,
    needs: [':'],
    minLength: 9,
  },
  // `Bearer <token>`: a token of 8+ characters, so prose like "bearer token expired" stays
  bearer: {
    source: `(?<![A-Za-z0-9])bearer[ \\t]+(?<secret>[${TOKEN68}]{8,}=*)`,
    flags: 'i',
    anchor: '[Bb][Ee][Aa][Rr][Ee][Rr][ \\t]',
    minLength: 15,
  },
  // `Basic <base64 of user:password>`: checked by decoding, so "basic authentication" stays
  basicAuth: {
    source: '(?<![A-Za-z0-9])basic[ \\t]+(?<secret>[A-Za-z0-9+/]{4,}={0,2})(?![A-Za-z0-9+/=])',
    flags: 'i',
    anchor: `${ci('basic')}[ \\t]`,
    minLength: 10,
    accept: isBasicCredential,
  },
  // header.payload.signature, header starting with eyJ (`{"`); an empty signature (alg none) too
  jwt: {
    source: '(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*',
    flags: '',
    anchor: 'eyJ',
    needs: ['J'],
    minLength: 15,
  },
  awsAccessKey: {
    source: '(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])',
    flags: '',
    anchor: 'A(?:KI|SI)A[A-Z0-9]{16}',
    needs: ['A'],
    minLength: 20,
  },
  // secret and restricted keys, live or test (sk_live_…, rk_live_…, sk_test_…), and webhook signing
  // secrets (whsec_…); publishable keys (pk_live_…) are public by design and stay
  stripeKey: {
    source: '(?<![A-Za-z0-9])(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}|whsec_[A-Za-z0-9+/=]{20,})',
    flags: '',
    anchor: 'k_(?:live|test)_|whsec_',
    needs: ['_'],
    minLength: 18,
  },
  // ghp_ (personal), gho_ (OAuth), ghu_ (user-to-server), ghs_ (server), ghr_ (refresh), github_pat_
  // (fine-grained). Old 40-hex tokens cannot be told from a commit hash, so they are not matched.
  githubToken: {
    source: '(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])',
    flags: '',
    anchor: 'gh[pousr]_|github_pat_',
    needs: ['_'],
    minLength: 34,
  },
  // xoxb- (bot), xoxp- (user), xoxa-/xoxr- (OAuth access/refresh), xoxs-, xoxe-, xoxo-; xapp- (app-level)
  slackToken: {
    source: '(?<![A-Za-z0-9])(?:xox[abeoprs]-[A-Za-z0-9-]{10,}|xapp-\\d-[A-Za-z0-9-]{10,})',
    flags: '',
    anchor: 'xox[abeoprs]-|xapp-',
    needs: ['-'],
    minLength: 15,
  },
  // AIza + 35: Google Cloud / Firebase / Maps API keys
  googleApiKey: {
    source: '(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])',
    flags: '',
    anchor: 'AIza',
    needs: ['A'],
    minLength: 39,
  },
  // 13–19 digits starting 2–6 (payment-card industry identifiers), contiguous or in 4-4-4-4(-3) /
  // 4-6-5 groups with one consistent separator, then Luhn. Ids, epoch timestamps (start with 1)
  // and digits glued to letters, dots or dashes are left alone.
  cardNumber: {
    source:
      '(?<![A-Za-z0-9_.-])(?:[2-6]\\d{12,18}|[2-6]\\d{3}(?<s1>[ -])\\d{4}\\k<s1>\\d{4}\\k<s1>\\d{1,4}(?:\\k<s1>\\d{1,3})?' +
      '|[2-6]\\d{3}(?<s2>[ -])\\d{6}\\k<s2>\\d{4,5})(?![A-Za-z0-9_]|[.-]\\d)',
    flags: '',
    // the three shapes' common start factored out: one quick check per position
    anchor: '[2-6]\\d{3}(?:\\d{9}|[ -]\\d{4}[ -]\\d{4}|[ -]\\d{6}[ -]\\d{4})',
    minLength: 13,
    accept: (secret) => {
      const digits = secret.replace(/\D/g, '')
      return digits.length >= 13 && digits.length <= 19 && !/^(\d)\1+$/.test(digits) && luhn(digits)
    },
  },
}

/** The Luhn checksum of a string of digits. */
export function luhn(digits: string): boolean {
  let sum = 0
  let double = false
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48
    if (double) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
    double = !double
  }
  return sum % 10 === 0
}

/** The clean-string cache: at most this many strings, each at most this long. */
const CLEAN_CACHE_LIMIT = 1024
const CLEAN_CACHE_MAX_LENGTH = 256

export interface CustomPattern {
  name: string
  regex: string
  flags?: string
}

interface Family {
  anchor: RegExp
  /** indexes into the scanner's `needles`; empty: no cheap condition, the anchor decides */
  needs: number[]
  minLength: number
  regexes: Compiled[]
}

interface Compiled {
  name: string
  /** global + hasIndices, so the `secret` group's offsets are known */
  regex: RegExp
  accept?: (secret: string) => boolean
}

export interface Scanner {
  /** strings shorter than this cannot hold a match and are returned untouched */
  readonly minLength: number
  /** the same string when nothing matched; `path` is passed to a censor function */
  scan(s: string, path: string): string
}

export interface ScannerOptions {
  patterns: boolean | readonly string[]
  customPatterns: readonly CustomPattern[]
  /** option path for error messages, e.g. `plugins[1].redact` */
  where: string
}

/** Compiles the enabled patterns; undefined when none is enabled. Throws LW_ERR_REDACT_PATTERN. */
export function createScanner(options: ScannerOptions, censor: Censor): Scanner | undefined {
  const names: readonly string[] = options.patterns === true ? BUILTIN_PATTERN_NAMES : options.patterns === false ? [] : options.patterns
  const enabled = BUILTIN_PATTERN_NAMES.filter((n) => names.includes(n))
  // every distinct needle is looked for at most once per string, whichever families share it
  const needles = [...new Set(enabled.flatMap((n) => BUILTINS[n].needs ?? []))]
  const gateParts = [
    ...(needles.length > 0 ? [`[${needles.map((c) => c.replace(/[\\\]^-]/g, '\\$&')).join('')}]`] : []),
    ...enabled.filter((n) => BUILTINS[n].needs === undefined).map((n) => BUILTINS[n].anchor),
  ]
  const gate = gateParts.length > 0 ? new RegExp(gateParts.join('|')) : undefined
  const families: Family[] = enabled.map((name) => {
    const p = BUILTINS[name]
    const sources = typeof p.source === 'string' ? [p.source] : p.source
    return {
      anchor: new RegExp(p.anchor),
      needs: (p.needs ?? []).map((n) => needles.indexOf(n)),
      minLength: p.minLength,
      regexes: sources.map((source) => ({ name, regex: new RegExp(source, `${p.flags}gd`), accept: p.accept })),
    }
  })
  /** per needle, for the string being scanned: 0 not looked for yet, 1 present, 2 absent */
  const seen = new Uint8Array(needles.length)
  const holds = (s: string, i: number): boolean => {
    if (seen[i] === 0) seen[i] = s.includes(needles[i]!) ? 1 : 2
    return seen[i] === 1
  }
  function mayHold(f: Family, s: string): boolean {
    if (s.length < f.minLength) return false
    const needs = f.needs
    if (needs.length > 0) {
      let found = false
      for (let i = 0; i < needs.length && !found; i++) found = holds(s, needs[i]!)
      if (!found) return false
    }
    return f.anchor.test(s)
  }
  const custom = options.customPatterns.map((p, i) => compileCustom(p, `${options.where}.customPatterns[${i}]`))
  if (families.length === 0 && custom.length === 0) return undefined
  const minLength = custom.length > 0 ? 1 : Math.min(...enabled.map((n) => BUILTINS[n].minLength))

  // Log values repeat (rule names, symbols, message templates): strings known to hold no secret
  // skip the regexes. Only clean strings are kept, never one that matched.
  const clean = new Set<string>()
  return {
    minLength,
    scan(s, path) {
      if (s.length < minLength) return s
      const cacheable = s.length <= CLEAN_CACHE_MAX_LENGTH
      if (cacheable && clean.has(s)) return s
      let out = s
      if (gate !== undefined && gate.test(s)) {
        // what the needles were looked for in: a family that censored something (rare) changed
        // the text, and the censor's replacement is looked at too
        let looked = s
        seen.fill(0)
        for (const f of families) {
          if (out !== looked) {
            seen.fill(0)
            looked = out
          }
          if (!mayHold(f, out)) continue
          for (const p of f.regexes) out = apply(p, out, censor, path)
        }
      }
      for (const p of custom) out = apply(p, out, censor, path)
      if (out === s && cacheable) {
        if (clean.size >= CLEAN_CACHE_LIMIT) clean.clear()
        clean.add(s)
      }
      return out
    },
  }
}

function compileCustom(p: CustomPattern, where: string): Compiled {
  const flags = [...new Set([...(p.flags ?? '').replace(/[gd]/g, ''), 'g', 'd'])].join('')
  let regex: RegExp
  try {
    regex = new RegExp(p.regex, flags)
  } catch (err) {
    // the engine's message quotes the source: fine here, it is config, not a logged value
    throw RedactErrors.PATTERN(`${where}.regex`, p.name, (err as Error).message)
  }
  if (regex.test('')) throw RedactErrors.PATTERN(`${where}.regex`, p.name, 'it matches the empty string, so it would match everywhere')
  return { name: p.name, regex }
}

/** Replaces each accepted match's secret with the censor's text; the same string when none. */
function apply(p: Compiled, s: string, censor: Censor, path: string): string {
  const re = p.regex
  re.lastIndex = 0
  let m = re.exec(s)
  if (m === null) return s
  let out = ''
  let last = 0
  let changed = false
  while (m !== null) {
    const whole = m.indices![0]
    const span = m.indices!.groups?.secret ?? whole
    const next = whole[1] > whole[0] ? whole[1] : whole[0] + 1
    const secret = s.slice(span[0], span[1])
    if (secret.length > 0 && (p.accept === undefined || p.accept(secret))) {
      // a censor function may log, re-entering this regex: lastIndex is restored below
      const text = censor.text(secret, p.name, path)
      out += s.slice(last, span[0]) + text
      last = span[1]
      changed = true
    }
    re.lastIndex = next
    m = re.exec(s)
  }
  return changed ? out + s.slice(last) : s
}
