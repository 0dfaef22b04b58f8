/**
 * Record filters shared by the control API (/tail, /recent) and the CLI (`logwarden tail`, `tail --dir`):
 * category, minimum level, field equality on dotted paths, substring and regex on the JSON line.
 * Cheap checks first; a line is parsed only when a field test needs it.
 */
import { levelValue } from '../../core/levels.js'
import { compileWhere, type WhereTerm } from './where.js'
import { compileEventMatch } from './event.js'
import { MAX_REGEX_LENGTH, compileUserRegex, type UserRegex } from './user-regex.js'
import { compileMessageGrep, compileMessageRegex, type MessageMatch } from './message-match.js'

export { MAX_REGEX_LENGTH, type UserRegex }

export interface FilterSpec {
  categories?: readonly string[]
  minLevel?: string | number
  /** [path, expected] pairs (`account_id=ABC123`): a repeated path matches any of its values, different paths all; [path, expected, op] for the other operators (where.ts) */
  where?: ReadonlyArray<WhereTerm>
  /** substring of the JSON line */
  grep?: string
  /** regular expression tested on the JSON line */
  regex?: string
  /** event names (`order_filled`): records whose `event` is one of them */
  events?: readonly string[]
  /** substring of the message, smart case (`--grep`) */
  message?: string
  /** regular expression (RE2) on the message, smart case (`--regex`) */
  messageRegex?: string
}

/** What is known about a line without parsing it (the record it came from). */
export interface LineMeta {
  category: string
  level: number
}

export type LineFilter = (line: string, meta?: LineMeta) => boolean

export class FilterError extends Error {
  override name = 'FilterError'
}

/** The operators of a `--where` term, longest first so `>=` is not read as `>`. */
const WHERE_OPS = ['!=', '>=', '<=', '=', '>', '<'] as const

/**
 * `key=value` → [key, value]; `key!=value`, `key>value`, `key<value`, `key>=value`, `key<=value`
 * → [key, value, op]; `key` alone → exists, `!key` → missing. The value may contain any of
 * these characters: the first operator after the key splits.
 */
export function parseWhere(items: readonly string[]): WhereTerm[] {
  return items.map((item): WhereTerm => {
    let at = -1
    let op: (typeof WHERE_OPS)[number] = '='
    for (let i = 0; i < item.length && at === -1; i++) {
      for (const candidate of WHERE_OPS) {
        if (item.startsWith(candidate, i)) {
          at = i
          op = candidate
          break
        }
      }
    }
    if (at === -1) {
      const key = item.startsWith('!') ? item.slice(1) : item
      if (/^[\w.@-]+$/.test(key)) return [key, undefined, item.startsWith('!') ? 'missing' : 'exists']
      at = 0
    }
    if (at <= 0) {
      throw new FilterError(
        `where "${item}" must look like key=value, key!=value, key>value, key<value, key (present) or !key (absent) — e.g. account_id=ABC123, qty>2; nested keys with dots: details.rule=UnrealizedLoss`,
      )
    }
    const key = item.slice(0, at)
    const value = item.slice(at + op.length)
    return op === '=' ? [key, value] : [key, value, op]
  })
}

/** A term as its command-line text (the inverse of parseWhere), for a URL. */
export function whereText([key, value, op]: WhereTerm): string {
  if (op === 'exists') return key
  if (op === 'missing') return `!${key}`
  return `${key}${op ?? '='}${String(value)}`
}

export function resolveMinLevel(input: string | number | undefined): number | undefined {
  if (input === undefined || input === '') return undefined
  const n = typeof input === 'number' ? input : /^\d+$/.test(input) ? Number(input) : levelValue(input)
  if (n === undefined) throw new FilterError(`unknown level "${input}"; use trace, debug, info, warn, error, critical or a number (40 = warn)`)
  return n
}

/**
 * A user's regex, compiled to run in linear time (user-regex.ts), or a FilterError saying why it
 * is refused: not RE2 syntax, or longer than MAX_REGEX_LENGTH. Every regex a user hands the
 * control API or the CLI goes through here.
 */
export function checkRegex(source: string): UserRegex {
  try {
    return compileUserRegex(source)
  } catch (err) {
    throw new FilterError(
      `invalid regex: ${(err as Error).message}. Regexes use RE2 syntax (linear time: no backreferences, no lookaround); use grep for a plain substring and where for a field.`,
    )
  }
}

/**
 * The part of a filter that needs only what the core already knows of a record (category,
 * level): constant time, no user-controlled work, so it may run inside a log call.
 */
export function compileMetaFilter(spec: FilterSpec): (meta: LineMeta) => boolean {
  const categories = spec.categories?.length ? new Set(spec.categories) : undefined
  const minLevel = resolveMinLevel(spec.minLevel)
  if (!categories && minLevel === undefined) return () => true
  return (meta) => (!categories || categories.has(meta.category)) && (minLevel === undefined || meta.level >= minLevel)
}

export function compileFilter(spec: FilterSpec): LineFilter {
  const categories = spec.categories?.length ? new Set(spec.categories) : undefined
  const minLevel = resolveMinLevel(spec.minLevel)
  const where = spec.where?.length ? compileWhere(spec.where) : undefined
  const grep = spec.grep || undefined
  const regex = spec.regex ? checkRegex(spec.regex) : undefined
  const events = compileEventMatch(spec.events)
  const messages = messageMatches(spec)
  if (!categories && minLevel === undefined && !where && !grep && !regex && !events && !messages.length) return () => true
  return (line, meta) => {
    if (grep !== undefined && !line.includes(grep)) return false
    if (regex !== undefined && !regex.test(line)) return false
    if (events !== undefined && !events.line(line)) return false
    for (const m of messages) if (m.lineHint && !m.lineHint(line)) return false
    let record: Record<string, unknown> | undefined
    if (!meta || where || events || messages.length) {
      try {
        record = JSON.parse(line) as Record<string, unknown>
      } catch {
        return false // a torn line
      }
      if (record === null || typeof record !== 'object') return false
    }
    const category = meta ? meta.category : String(record!.category)
    if (categories && !categories.has(category)) return false
    if (minLevel !== undefined) {
      const level = meta ? meta.level : typeof record!.level === 'number' ? record!.level : levelValue(String(record!.level ?? ''))
      if (level === undefined || level < minLevel) return false
    }
    if (where && !where(record!)) return false
    if (events && !events.record(record!)) return false
    for (const m of messages) if (!m.test(record!)) return false
    return true
  }
}

/** The message tests of a spec (`--grep`, `--regex`), each checked like any user regex. */
export function messageMatches(spec: Pick<FilterSpec, 'message' | 'messageRegex'>): MessageMatch[] {
  const out: MessageMatch[] = []
  if (spec.message) out.push(compileMessageGrep(spec.message))
  if (spec.messageRegex) {
    checkRegex(spec.messageRegex) // the same refusal, with the same words, as a line regex
    out.push(compileMessageRegex(spec.messageRegex))
  }
  return out
}

/** The filter of a request's query string: category, level, where, grep, regex (each repeatable where it makes sense). */
export function filterFromQuery(q: URLSearchParams): FilterSpec {
  const categories = q
    .getAll('category')
    .flatMap((c) => c.split(','))
    .map((c) => c.trim())
    .filter(Boolean)
  return {
    categories,
    minLevel: q.get('level') ?? undefined,
    where: parseWhere(q.getAll('where')),
    grep: q.get('grep') ?? undefined,
    regex: q.get('regex') ?? undefined,
    ...eventsOf(q),
    ...(q.get('message') ? { message: q.get('message')! } : {}),
    ...(q.get('message_regex') ? { messageRegex: q.get('message_regex')! } : {}),
  }
}

function eventsOf(q: URLSearchParams): Pick<FilterSpec, 'events'> {
  const events = q.getAll('event')
  return events.length ? { events } : {}
}

/** The inverse, for clients building a URL. */
export function filterToQuery(spec: FilterSpec, q = new URLSearchParams()): URLSearchParams {
  for (const c of spec.categories ?? []) q.append('category', c)
  if (spec.minLevel !== undefined) q.set('level', String(spec.minLevel))
  for (const term of spec.where ?? []) q.append('where', whereText(term))
  if (spec.grep) q.set('grep', spec.grep)
  if (spec.regex) q.set('regex', spec.regex)
  for (const e of spec.events ?? []) q.append('event', e)
  if (spec.message) q.set('message', spec.message)
  if (spec.messageRegex) q.set('message_regex', spec.messageRegex)
  return q
}
