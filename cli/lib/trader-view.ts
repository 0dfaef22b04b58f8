/**
 * Seed 001's trader view of the enforcement log: plain language, no jargon, enforcement in red,
 * lockouts impossible to miss.
 *
 *   [09:45:12] ⚠️ ACCOUNT LOCKED OUT ⚠️
 *     Reason: Daily realized loss limit exceeded
 *     Details: Realized loss -$550 (limit: -$500)
 *     Action: All positions closed, trading locked until 5:00 PM CT
 */
import { clock, sanitize, type Colors } from '../../lib/human/index.js'

export const LOCKOUT_TITLE = '⚠️ ACCOUNT LOCKED OUT ⚠️'

type Rec = Record<string, unknown>

const TITLES: Record<string, string> = {
  close_position: 'Position Closed',
  position_closed: 'Position Closed',
  reduce_position: 'Position Reduced',
  position_reduced: 'Position Reduced',
  flatten: 'Account Flattened',
  flatten_account: 'Account Flattened',
  account_flattened: 'Account Flattened',
  cooldown: 'Cooldown Started',
  cooldown_started: 'Cooldown Started',
  start_cooldown: 'Cooldown Started',
  cooldown_expired: 'Cooldown Ended',
  reject_order: 'Order Rejected',
  order_rejected: 'Order Rejected',
}

const ACTIONS: Record<string, string> = {
  close_position: 'Position closed automatically',
  position_closed: 'Position closed automatically',
  reduce_position: 'Position reduced automatically',
  position_reduced: 'Position reduced automatically',
  flatten: 'All positions closed',
  flatten_account: 'All positions closed',
  account_flattened: 'All positions closed',
  cooldown: 'New trades paused',
  cooldown_started: 'New trades paused',
  start_cooldown: 'New trades paused',
  reject_order: 'Order blocked',
  order_rejected: 'Order blocked',
}

const REASONS: Record<string, string> = {
  UnrealizedLoss: 'Unrealized loss limit exceeded',
  DailyRealizedLoss: 'Daily realized loss limit exceeded',
  DailyLoss: 'Daily loss limit exceeded',
  MaxContracts: 'Max contracts exceeded',
  MaxPositionSize: 'Max position size exceeded',
  TradeFrequency: 'Too many trades in a short time',
}

function words(s: string): string {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase()
}

function titleCase(s: string): string {
  return words(s).replace(/\b\w/g, (c) => c.toUpperCase())
}

function sentence(s: string): string {
  const w = words(s)
  return w.charAt(0).toUpperCase() + w.slice(1)
}

function details(r: Rec): Rec {
  return r.details && typeof r.details === 'object' ? (r.details as Rec) : {}
}

export function isLockout(r: Rec): boolean {
  const action = String(r.action ?? r.event ?? '').toLowerCase()
  return /lock/.test(action) || details(r).lockout === true || r.lockout === true
}

/** a record's text, escaped for the terminal (sanitize) */
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? sanitize(v) : undefined
}

export interface TraderEntry {
  time: string
  title: string
  account?: string
  reason: string
  details: string
  action: string
  lockout: boolean
  failed: boolean
}

export function describeEnforcement(r: Rec): TraderEntry {
  const d = details(r)
  const action = str(r.action) ?? str(r.event) ?? 'enforcement'
  const lockout = isLockout(r)
  const rule = str(r.rule)
  const result = String(d.result ?? r.result ?? '').toLowerCase()
  const failed = result === 'failure' || result === 'failed' || result === 'error'
  let actionText = str(d.action_taken) ?? (lockout ? 'All positions closed, trading locked' : (ACTIONS[action] ?? sentence(action)))
  if (lockout && str(d.until) && !str(d.action_taken)) actionText += ` until ${str(d.until)}`
  if (failed) actionText = `${actionText} — FAILED${str(d.error) ? `: ${str(d.error)}` : ''}`
  return {
    time: clock(r.timestamp, false, false),
    title: lockout ? LOCKOUT_TITLE : (TITLES[action] ?? titleCase(action)),
    account: str(r.account_id),
    reason: str(d.reason) ?? str(r.reason) ?? (rule ? (REASONS[rule] ?? `${sentence(rule)} rule triggered`) : 'Risk rule triggered'),
    details: str(d.summary) ?? str(r.message) ?? '',
    action: actionText,
    lockout,
    failed,
  }
}

export function renderTraderView(records: Rec[], c: Colors, o: { showAccount: boolean }): string {
  const out = [c.bold('=== ENFORCEMENT LOG ==='), '']
  if (records.length === 0) {
    out.push('No enforcement actions.')
    return out.join('\n')
  }
  for (const r of records) {
    const e = describeEnforcement(r)
    const title = e.lockout ? c.bgRed(c.white(c.bold(e.title))) : c.bold(c.red(e.title))
    const account = o.showAccount && e.account ? `  ${c.dim(`(${e.account})`)}` : ''
    out.push(`[${e.time}] ${title}${account}`)
    out.push(`  Reason: ${e.reason}`)
    if (e.details) out.push(`  Details: ${e.details}`)
    out.push(`  Action: ${e.failed ? c.bold(c.red(e.action)) : e.action}`)
    out.push('')
  }
  return out.join('\n').trimEnd()
}
