/**
 * Value patterns: secrets recognized by their shape wherever they appear in a string (a message,
 * an error's stack, any field). Every string first meets ONE combined pre-check regex built from
 * a cheap necessary condition of each enabled pattern; only strings that pass it run the specific
 * regexes. Strings shorter than the shortest possible secret are not scanned at all.
 *
 * A pattern censors its named group `secret` when it has one (so `Bearer ` and the Discord webhook
 * id stay readable), the whole match otherwise.
 */
import type { Censor } from './censor.js'
import { RedactErrors } from './errors.js'

export const BUILTIN_PATTERN_NAMES = [
  'urlCredentials', 'discordWebhook', 'telegramBotToken', 'bearer', 'jwt', 'awsAccessKey', 'cardNumber',
] as const
export type BuiltinPatternName = (typeof BUILTIN_PATTERN_NAMES)[number]

interface BuiltinPattern {
  source: string
  flags: string
  /** a case-sensitive superset of what `source` matches, as a regex alternative for the pre-check */
  anchor: string
  /** the shortest string `source` can match */
  minLength: number
  /** a second opinion on the matched secret (the Luhn check) */
  accept?: (secret: string) => boolean
}

const TOKEN68 = 'A-Za-z0-9\\-._~+/'

/** Listed in the order they are applied: URL forms before the bare token shapes inside them. */
const BUILTINS: Record<BuiltinPatternName, BuiltinPattern> = {
  // scheme://user:PASSWORD@host — the password only; the user and host stay for debugging
  urlCredentials: {
    source: '[A-Za-z][A-Za-z0-9+.-]*:\\/\\/[^\\s:@\\/?#]+:(?<secret>[^\\s@\\/?#]+)@',
    flags: '',
    anchor: ':\\/\\/[^\\s:@\\/?#]+:[^\\s@\\/?#]+@',
    minLength: 8,
  },
  // https://discord.com/api/v10/webhooks/ID/TOKEN (discordapp.com, ptb., canary.) — the token only
  discordWebhook: {
    source: '(?:(?:ptb|canary)\\.)?discord(?:app)?\\.com\\/api\\/(?:v\\d+\\/)?webhooks\\/\\d+\\/(?<secret>[A-Za-z0-9_-]+)',
    flags: 'i',
    anchor: '[Ww][Ee][Bb][Hh][Oo][Oo][Kk][Ss]\\/\\d',
    minLength: 28,
  },
  // 123456789:AAH… alone or in https://api.telegram.org/bot<token>/sendMessage
  telegramBotToken: {
    source: '(?<![0-9])\\d{6,12}:[A-Za-z0-9_-]{30,}',
    flags: '',
    anchor: '\\d:[A-Za-z0-9_-]{30}',
    minLength: 37,
  },
  // `Bearer <token>`: a token of 8+ characters, so prose like "bearer token expired" stays
  bearer: {
    source: `(?<![A-Za-z0-9])bearer[ \\t]+(?<secret>[${TOKEN68}]{8,}=*)`,
    flags: 'i',
    anchor: '[Bb][Ee][Aa][Rr][Ee][Rr][ \\t]',
    minLength: 15,
  },
  // header.payload.signature, header starting with eyJ (`{"`); an empty signature (alg none) too
  jwt: {
    source: '(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*',
    flags: '',
    anchor: 'eyJ',
    minLength: 15,
  },
  awsAccessKey: {
    source: '(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])',
    flags: '',
    anchor: 'A(?:KI|SI)A[A-Z0-9]{16}',
    minLength: 20,
  },
  // 13–19 digits starting 2–6 (payment-card industry identifiers), contiguous or in 4-4-4-4(-3) /
  // 4-6-5 groups with one consistent separator, then Luhn. Ids, epoch timestamps (start with 1)
  // and digits glued to letters, dots or dashes are left alone.
  cardNumber: {
    source:
      '(?<![A-Za-z0-9_.-])(?:[2-6]\\d{12,18}|[2-6]\\d{3}(?<s1>[ -])\\d{4}\\k<s1>\\d{4}\\k<s1>\\d{1,4}(?:\\k<s1>\\d{1,3})?' +
      '|[2-6]\\d{3}(?<s2>[ -])\\d{6}\\k<s2>\\d{4,5})(?![A-Za-z0-9_]|[.-]\\d)',
    flags: '',
    anchor: '[2-6]\\d{12}|[2-6]\\d{3}[ -]\\d{4}[ -]\\d{4}|[2-6]\\d{3}[ -]\\d{6}[ -]\\d{4}',
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
  const names: readonly string[] =
    options.patterns === true ? BUILTIN_PATTERN_NAMES : options.patterns === false ? [] : options.patterns
  const enabled = BUILTIN_PATTERN_NAMES.filter((n) => names.includes(n))
  const builtins: Compiled[] = enabled.map((name) => {
    const p = BUILTINS[name]
    return { name, regex: new RegExp(p.source, `${p.flags}gd`), accept: p.accept }
  })
  const precheck = enabled.length > 0 ? new RegExp(enabled.map((n) => BUILTINS[n].anchor).join('|')) : undefined
  const custom = options.customPatterns.map((p, i) => compileCustom(p, `${options.where}.customPatterns[${i}]`))
  if (builtins.length === 0 && custom.length === 0) return undefined
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
      if (precheck !== undefined && precheck.test(s)) {
        for (const p of builtins) out = apply(p, out, censor, path)
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
