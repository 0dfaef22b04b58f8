/**
 * Which channels a record goes to: the instance's routes (category, minimum level, event types,
 * field matches) and the trader's per-account preferences from seed 001 (`channels.<kind>.enabled`,
 * `severity_levels`, `notify_on`, `rate_limit.aggregate_similar`).
 */
import { eventType } from './alert.js'
import { parseLevel, recordLevel } from './severity.js'
import type { Severity } from './types.js'

export interface RouteSpec {
  /** channel name; default: the account's own channel when it has one, else `default` */
  channel?: string
  categories?: string[]
  minLevel?: string | number
  events?: string[]
  /** field path (dots for nesting) → value or list of accepted values */
  match?: Record<string, unknown>
}

export type NotifyOn = 'enforcement_action' | 'lockout' | 'cooldown' | 'connection_loss' | 'daily_reset'

export interface AccountChannelPrefs {
  enabled?: boolean
  severity_levels?: Severity[]
  [key: string]: unknown
}

export interface AccountSpec {
  account_id: string
  account_name?: string
  channels?: Record<string, AccountChannelPrefs>
  notify_on?: Partial<Record<NotifyOn, boolean>>
  rate_limit?: { max_per_minute?: number; aggregate_similar?: boolean }
}

export const DEFAULT_ROUTES: RouteSpec[] = [
  { categories: ['enforcement'], minLevel: 'info' },
  { categories: ['system', 'error'], minLevel: 'warn' },
]

export interface RouteTarget {
  channel: string
  aggregate: boolean
  /** the index of the first route that sends it there (in `routes`, or in the default routes) */
  route: number
}

interface CompiledRoute {
  channel?: string
  categories?: Set<string>
  minLevel: number
  events?: Set<string>
  match?: Array<[string[], string[]]>
}

/** The `notify_on` switch an event falls under; undefined when none applies. */
export function notifyKind(category: string, event: string | undefined): NotifyOn | undefined {
  const e = (event ?? '').toLowerCase()
  if (/lock/.test(e)) return 'lockout'
  if (/cooldown/.test(e)) return 'cooldown'
  if (/connection_(lost|loss)|disconnect/.test(e)) return 'connection_loss'
  if (/daily_reset/.test(e)) return 'daily_reset'
  if (category === 'enforcement') return 'enforcement_action'
  return undefined
}

function getPath(record: Record<string, unknown>, path: string[]): unknown {
  let v: unknown = record
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined
    v = (v as Record<string, unknown>)[key]
  }
  return v
}

function accountOf(record: Record<string, unknown>): string | undefined {
  const accountId = record.account_id ?? (record.details as Record<string, unknown> | undefined)?.account_id
  return typeof accountId === 'string' || typeof accountId === 'number' ? String(accountId) : undefined
}

export class Router {
  readonly #routes: CompiledRoute[]
  readonly #specs: RouteSpec[]
  readonly #accounts = new Map<string, AccountSpec>()

  constructor(
    routes: RouteSpec[],
    accounts: AccountSpec[],
    /** `discord` / `telegram`: the key in an account's `channels` */
    private readonly accountKey: string,
    /** account id → its own channel name, for accounts with their own webhook / chat */
    private readonly accountChannels: Map<string, string>,
  ) {
    this.#specs = routes.length ? routes : DEFAULT_ROUTES
    this.#routes = this.#specs.map((r) => ({
      ...(r.channel ? { channel: r.channel } : {}),
      ...(r.categories ? { categories: new Set(r.categories) } : {}),
      minLevel: parseLevel(r.minLevel ?? 'info') ?? 30,
      ...(r.events ? { events: new Set(r.events) } : {}),
      ...(r.match ? { match: Object.entries(r.match).map(([k, v]) => [k.split('.'), (Array.isArray(v) ? v : [v]).map(String)] as [string[], string[]]) } : {}),
    }))
    for (const a of accounts) this.#accounts.set(String(a.account_id), a)
  }

  /** channel names the routes name explicitly (validated against the configured channels) */
  get routeChannels(): string[] {
    return this.#routes.flatMap((r) => (r.channel ? [r.channel] : []))
  }

  account(id: string | undefined): AccountSpec | undefined {
    return id === undefined ? undefined : this.#accounts.get(id)
  }

  /** A route as the preview names it: `routes[1]: categories enforcement, events lockout, from info`. */
  describeRoute(index: number): string {
    const r = this.#specs[index]
    if (!r) return `routes[${index}]`
    const parts = [
      ...(r.categories ? [`categories ${r.categories.join(', ')}`] : []),
      ...(r.events ? [`events ${r.events.join(', ')}`] : []),
      ...(r.match
        ? [
            `match ${Object.entries(r.match)
              .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : String(v)}`)
              .join(' ')}`,
          ]
        : []),
      `from ${String(r.minLevel ?? 'info')}`,
    ]
    return `${this.#specs === DEFAULT_ROUTES ? 'default route' : 'routes'}[${index}]: ${parts.join(', ')}`
  }

  /** Why the account's own preferences keep a record from every channel; undefined when they do not. */
  accountRefusal(record: Record<string, unknown>, groupCategory: string, severity: Severity): string | undefined {
    const category = typeof record.category === 'string' ? record.category : groupCategory
    const account = accountOf(record)
    const prefs = this.account(account)
    if (!prefs) return undefined
    const own = prefs.channels?.[this.accountKey]
    if (own?.enabled === false) return `account ${account} has channels.${this.accountKey}.enabled false`
    if (own?.severity_levels && !own.severity_levels.includes(severity))
      return `account ${account} takes only ${own.severity_levels.join(', ')} on ${this.accountKey} (this is ${severity})`
    const kind = notifyKind(category, eventType(record))
    if (kind && prefs.notify_on?.[kind] === false) return `account ${account} has notify_on.${kind} false`
    return undefined
  }

  /** The channels a record goes to (deduplicated); empty when no route matches or the account opted out. */
  route(record: Record<string, unknown>, groupCategory: string, severity: Severity): RouteTarget[] {
    const level = recordLevel(record.level)
    const category = typeof record.category === 'string' ? record.category : groupCategory
    const event = eventType(record)
    const account = accountOf(record)
    const prefs = this.account(account)
    if (prefs && this.accountRefusal(record, groupCategory, severity) !== undefined) return []

    const out: RouteTarget[] = []
    for (const [index, r] of this.#routes.entries()) {
      if (r.categories && !r.categories.has(groupCategory) && !r.categories.has(category)) continue
      if (level < r.minLevel) continue
      if (r.events && !(event && r.events.has(event))) continue
      if (
        r.match &&
        !r.match.every(([path, accepted]) => {
          const v = getPath(record, path)
          return v !== undefined && v !== null && accepted.includes(String(v))
        })
      )
        continue
      const channel = r.channel ?? (account && this.accountChannels.get(account)) ?? 'default'
      if (!out.some((t) => t.channel === channel)) {
        out.push({ channel, aggregate: prefs?.rate_limit?.aggregate_similar !== false, route: index })
      }
    }
    return out
  }
}

/** The cheap main-thread filter for a notifier's sink spec: union of route categories, lowest level. */
export function prefilter(routes: RouteSpec[] | undefined): { categories: string[] | '*'; minLevel: number } {
  const list = routes?.length ? routes : DEFAULT_ROUTES
  const categories = list.some((r) => !r.categories) ? '*' : [...new Set(list.flatMap((r) => r.categories ?? []))]
  const minLevel = Math.min(...list.map((r) => parseLevel(r.minLevel ?? 'info') ?? 30))
  return { categories, minLevel }
}
