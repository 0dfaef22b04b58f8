/**
 * Record → Notification: the seed 001 layout (title with event and rule, Account, Position,
 * Unrealized PnL, Limit, Action, Time) from the fields a risk manager logs, wherever they sit
 * (top level or under `details`). Records without that shape get their own fields listed.
 */
import { maxSeverity, recordLevel, recordSeverity } from './severity.js'
import { clean, display, humanize } from './text.js'
import { formatMoney, formatPrice, formatTime } from './time.js'
import type { Facts, Field, Notification, Severity } from './types.js'
import type { WorkerCatalog } from '../../core/events/registry.js'
import { compileTemplate, type Render } from '../../core/events/template.js'

export interface AlertFormat {
  timezone: string
  footer?: string
  /** display names for rule ids: `{ UnrealizedLoss: 'Unrealized Loss Limit' }` */
  ruleLabels?: Record<string, string>
  /** account names from the per-account config, when records carry only the id */
  accountNames?: Map<string, string>
  /** the logger's event catalog (titles, message templates), when it declares events */
  events?: WorkerCatalog
}

const templates = new Map<string, Render>()

/** Own entries only: an event named `constructor` is not Object's. */
function catalogEntry(fmt: AlertFormat, event: string | undefined): WorkerCatalog[string] | undefined {
  return event !== undefined && fmt.events !== undefined && Object.hasOwn(fmt.events, event) ? fmt.events[event] : undefined
}

/** The catalog's template of this event rendered from the record, when it has one. */
function catalogMessage(fmt: AlertFormat, event: string | undefined, record: Rec): string | undefined {
  const template = catalogEntry(fmt, event)?.message
  if (template === undefined) return undefined
  let render = templates.get(template)
  if (!render) templates.set(template, (render = compileTemplate(template)))
  return render(record)
}

type Rec = Record<string, unknown>

/** Keys the record writes itself, never shown as extra fields. */
const RECORD_KEYS = new Set(['timestamp', 'level', 'category', 'message', 'event', 'event_id', 'correlation_id', 'severity'])
/** Keys the layout consumes. */
const LAYOUT_KEYS = new Set([
  'account_id',
  'account_name',
  'rule',
  'rule_name',
  'details',
  'position',
  'action',
  'violation',
  'result',
  'state_after',
  'reason',
  'limit',
  'unrealized_pnl',
  'realized_pnl',
  'symbol',
])
const MAX_EXTRA_FIELDS = 15

const ACTION_TEXT: Record<string, string> = {
  close_position: 'Position closed automatically',
  reduce_position: 'Position reduced',
  flatten: 'All positions flattened',
  flatten_account: 'All positions flattened',
  flatten_all: 'All positions flattened',
  lockout: 'Account locked out',
  lock_account: 'Account locked out',
  cooldown: 'Cooldown started',
  start_cooldown: 'Cooldown started',
}

const EVENT_FROM_ACTION: Record<string, string> = {
  close_position: 'Position Closed',
  reduce_position: 'Position Reduced',
  flatten: 'Account Flattened',
  flatten_account: 'Account Flattened',
  flatten_all: 'Account Flattened',
  lockout: 'Account Locked Out',
  lock_account: 'Account Locked Out',
  cooldown: 'Cooldown Started',
  start_cooldown: 'Cooldown Started',
}

function isObj(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** First defined value among `record[k]`, `record.details[k]`, for each key in order. */
function pick(record: Rec, ...keys: string[]): unknown {
  const details = isObj(record.details) ? record.details : undefined
  for (const k of keys) {
    if (record[k] !== undefined && record[k] !== null) return record[k]
    if (details && details[k] !== undefined && details[k] !== null) return details[k]
  }
  return undefined
}

function str(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined
  return clean(display(v))
}

/** The event type: `event`, else the action's type. */
export function eventType(record: Rec): string | undefined {
  if (typeof record.event === 'string' && record.event) return record.event
  const action = pick(record, 'action')
  if (typeof action === 'string') return action
  if (isObj(action) && typeof action.type === 'string') return action.type
  return undefined
}

function describeAction(record: Rec): string | undefined {
  const action = pick(record, 'action')
  let text: string | undefined
  if (typeof action === 'string') text = ACTION_TEXT[action] ?? humanize(action)
  else if (isObj(action)) {
    const type = typeof action.type === 'string' ? action.type : undefined
    text = type ? (ACTION_TEXT[type] ?? humanize(type)) : str(action)
    const n = action.positions_closed
    if (typeof n === 'number' && n > 1) text += ` (${n} positions)`
  }
  const result = pick(record, 'result')
  const status = isObj(result) ? result.status : result
  if (text && typeof status === 'string' && /fail|error/i.test(status)) {
    const why = isObj(result) ? str(result.error ?? result.message) : undefined
    text += ` — FAILED${why ? `: ${why}` : ''}`
  }
  return text
}

function describePosition(record: Rec): { text?: string; symbol?: string } {
  const pos = pick(record, 'position')
  if (isObj(pos)) {
    const symbol = str(pos.symbol)
    const qty = typeof pos.quantity === 'number' ? pos.quantity : undefined
    const price = formatPrice(pos.entry_price ?? pos.price ?? pos.avg_price)
    let text = symbol ?? ''
    if (qty !== undefined) text += `${text ? ' ' : ''}${qty} ${Math.abs(qty) === 1 ? 'contract' : 'contracts'}`
    if (price) text += ` @ ${price}`
    return { text: text || str(pos), symbol }
  }
  if (pos !== undefined) return { text: str(pos) }
  const symbol = str(pick(record, 'symbol'))
  return { text: symbol, symbol }
}

export interface BuiltAlert {
  notification: Notification
  facts: Facts
  level: number
}

/** Builds the notification of one record; never throws on odd shapes (hostile input is expected). */
export function buildAlert(record: Rec, category: string, fmt: AlertFormat): BuiltAlert {
  const level = recordLevel(record.level)
  const severity: Severity = recordSeverity(record)
  const timestamp = typeof record.timestamp === 'string' ? record.timestamp : new Date().toISOString()
  const time = formatTime(timestamp, fmt.timezone)
  const message = str(record.message)

  const event = eventType(record)
  const actionRaw = pick(record, 'action')
  // log.enforcement() sets event to the action (`close_position`): read it as what happened
  const catalogTitle = catalogEntry(fmt, event)?.title
  const eventLabel =
    catalogTitle ?? (event && (typeof record.event === 'string' || actionRaw !== undefined) ? (EVENT_FROM_ACTION[event] ?? humanize(event)) : undefined)

  const violation = pick(record, 'violation')
  const limitRaw = pick(record, 'limit') ?? (isObj(violation) ? violation.limit : undefined)
  const rule = str(pick(record, 'rule'))
  let ruleLabel = rule ? (fmt.ruleLabels?.[rule] ?? str(pick(record, 'rule_name')) ?? humanize(rule)) : undefined
  // `UnrealizedLoss` enforced a limit: read as `Unrealized Loss Limit`, as the seed titles it
  if (ruleLabel && rule && !fmt.ruleLabels?.[rule] && limitRaw !== undefined && !/limit/i.test(ruleLabel)) ruleLabel += ' Limit'

  const account = str(pick(record, 'account_id'))
  const accountName = str(pick(record, 'account_name')) ?? (account ? fmt.accountNames?.get(account) : undefined)
  const position = describePosition(record)
  const posObj = pick(record, 'position')
  const unrealized = formatMoney(pick(record, 'unrealized_pnl') ?? (isObj(posObj) ? posObj.unrealized_pnl : undefined))
  const realized = formatMoney(pick(record, 'realized_pnl'))
  const limit = formatMoney(limitRaw)
  const reason = str(pick(record, 'reason'))
  const action = describeAction(record)

  const fields: Field[] = []
  const add = (name: string, value: string | undefined) => {
    if (value !== undefined && value !== '') fields.push({ name, value })
  }
  add('Account', account ? `${account}${accountName ? ` (${accountName})` : ''}` : undefined)
  add('Position', position.text)
  add('Unrealized PnL', unrealized)
  add('Realized PnL', realized)
  add('Limit', limit)
  add('Reason', reason)
  add('Action', action)
  const structured = position.text !== undefined || action !== undefined

  let extras = 0
  const addExtras = (source: Rec) => {
    for (const [key, value] of Object.entries(source)) {
      if (RECORD_KEYS.has(key) || LAYOUT_KEYS.has(key) || value === undefined || value === null) continue
      if (extras++ >= MAX_EXTRA_FIELDS) continue
      add(clean(humanize(key)) || key, str(value))
    }
  }
  addExtras(record)
  if (isObj(record.details)) addExtras(record.details)
  if (extras > MAX_EXTRA_FIELDS) add('More', `${extras - MAX_EXTRA_FIELDS} more field(s) in the log record`)
  add('Time', time)

  const title = eventLabel ? (ruleLabel ? `${eventLabel} - ${ruleLabel}` : eventLabel) : (message ?? humanize(category))
  // a declared event reads as its catalog template says, whatever shape its fields have
  const fromCatalog = catalogMessage(fmt, event, record)
  const description = fromCatalog ?? (message && message !== title && !structured ? message : undefined)

  return {
    level,
    notification: {
      severity,
      title,
      ...(description ? { description } : {}),
      fields,
      ...(fmt.footer ? { footer: fmt.footer } : {}),
      timestamp,
    },
    facts: {
      category,
      ...(event ? { event } : {}),
      ...(eventLabel ? { eventLabel } : {}),
      ...(account ? { account } : {}),
      ...(accountName ? { accountName } : {}),
      ...(rule ? { rule } : {}),
      ...(ruleLabel ? { ruleLabel } : {}),
      ...(reason ? { reason } : {}),
      ...(action ? { action } : {}),
      ...(position.symbol ? { symbol: position.symbol } : {}),
      time,
    },
  }
}

export { maxSeverity }
