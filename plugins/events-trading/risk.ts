/** Circuit breaker and risk blocks — in `risk`. */
import { str } from './fields.js'

export const riskEvents = {
  circuit_breaker: {
    category: 'risk',
    title: 'Circuit Breaker',
    // halted is critical (trading stopped); a reset is information
    level: { default: 'info', when: [{ match: { halted: true }, level: 'critical' }] },
    message: (f: Record<string, unknown>) => `Circuit breaker ${f.halted === true ? 'HALTED' : 'reset'}: ${String(f.reason ?? '')}`,
    description: 'Trading halted (critical) or resumed (info) by the circuit breaker.',
    fields: {
      halted: { type: 'boolean' },
      reason: str,
      trigger: str,
      drawdown_pct: { type: 'number' },
      resume_at: str,
    },
    required: ['halted', 'reason'],
  },
  risk_block: {
    category: 'risk',
    title: 'Risk Block',
    level: 'warn',
    message: 'Blocked {action} on {symbol}: {reason}',
    description: 'A trade or action was refused by a risk check (`blocker` names it).',
    fields: { symbol: str, action: str, reason: str, blocker: str, limit: { type: 'number' }, value: { type: 'number' } },
    required: ['action', 'reason'],
  },
} as const
