/**
 * The risk manager's enforcement actions — in `enforcement`, each with the rule, the violation
 * (current value vs limit), the position, the action, its result and the account's state after.
 * A failed action (`result.status: failure`) is critical, whatever the event.
 */
import { action, position, result, stateAfter, str, violation } from './fields.js'

type LevelName = 'info' | 'warn' | 'critical'

const common = {
  account_id: str,
  account_name: str,
  rule: str,
  violation,
  position,
  action,
  result,
  state_after: stateAfter,
} as const

function levelUnlessFailed(level: LevelName): (f: Record<string, unknown>) => LevelName {
  return (f) => ((f.result as { status?: unknown } | undefined)?.status === 'failure' ? 'critical' : level)
}

export const enforcementEvents = {
  position_closed: {
    category: 'enforcement',
    title: 'Position Closed',
    level: levelUnlessFailed('info'),
    message: 'Position closed: {position.symbol} ({rule})',
    description: 'A position was closed because a per-trade limit was exceeded.',
    fields: common,
    required: ['account_id', 'rule', 'violation', 'position', 'action', 'result'],
  },
  position_reduced: {
    category: 'enforcement',
    title: 'Position Reduced',
    level: levelUnlessFailed('info'),
    message: 'Position reduced: {position.symbol} ({rule})',
    description: 'Part of a position was closed to bring it back under a limit (max contracts).',
    fields: common,
    required: ['account_id', 'rule', 'violation', 'position', 'action', 'result'],
  },
  account_flattened: {
    category: 'enforcement',
    title: 'Account Flattened',
    level: levelUnlessFailed('critical'),
    message: 'Account {account_id} flattened ({rule})',
    description: 'Every position of the account was closed (a daily limit was hit).',
    fields: common,
    required: ['account_id', 'rule', 'violation', 'action', 'result'],
  },
  account_locked_out: {
    category: 'enforcement',
    title: 'Account Locked Out',
    level: levelUnlessFailed('critical'),
    message: 'Account {account_id} locked out until {state_after.lockout_until} ({rule})',
    description: 'Trading is locked for the account until the time given.',
    fields: common,
    required: ['account_id', 'rule', 'violation', 'action', 'result', 'state_after'],
  },
  cooldown_started: {
    category: 'enforcement',
    title: 'Cooldown Started',
    level: levelUnlessFailed('warn'),
    message: 'Cooldown started for {account_id}: {duration_s} s ({rule})',
    description: 'Trading pauses for a while after a rule fired (frequency, consecutive losses).',
    fields: { ...common, duration_s: { type: 'number', minimum: 0 }, until: str },
    required: ['account_id', 'rule', 'duration_s'],
  },
  cooldown_expired: {
    category: 'enforcement',
    title: 'Cooldown Expired',
    level: 'info',
    message: 'Cooldown expired for {account_id}',
    description: 'A cooldown ended; trading may resume.',
    fields: { account_id: str, account_name: str, rule: str, state_after: stateAfter },
    required: ['account_id'],
  },
  daily_reset: {
    category: 'enforcement',
    title: 'Daily Reset',
    level: 'info',
    message: 'Daily reset for {account_id}',
    description: 'Daily counters (realized PnL, lockouts) were reset at the session boundary.',
    fields: { account_id: str, account_name: str, state_before: stateAfter, state_after: stateAfter },
    required: ['account_id'],
  },
} as const
