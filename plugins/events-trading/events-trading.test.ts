/**
 * The trading pack: every event, written with the fields the design gives it, lands in its
 * category at its level, valid; the levels that depend on fields follow them.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fieldsSchema, precompiledEventName } from '../../core/events/validator.js'
import { join } from 'node:path'
import { createLogger, typedEvents, type Logger } from 'logwarden'
import tradingEvents, { tradingCatalog } from 'logwarden/plugins/events-trading'
import { tempDir } from '../../test/helpers/sinks.js'

let cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

const violation = { current_value: -210, limit: -200, threshold_exceeded_by: -10 }
const position = { symbol: 'MNQ', side: 'long', quantity: 2, entry_price: 5042.5, exit_price: 5000, unrealized_pnl: -210 }
const closed = { type: 'close_position', positions_closed: 1, contracts_closed: 2 }
const success = { status: 'success', order_id: '1234567890', fill_price: 5000, realized_pnl: -210 }
const after = { realized_pnl_today: -360, open_positions: 1, lockout: false }
const account = { account_id: 'ABC123', account_name: 'TopstepX Main' }

/** One example per event: [name, fields, category, level, message] */
const examples: Array<[string, Record<string, unknown>, string, string, string]> = [
  [
    'order_submitted',
    { order_id: 'O1', symbol: 'MNQ', side: 'buy', quantity: 2, order_type: 'limit', price: 5040 },
    'execution',
    'info',
    'Order O1 submitted: buy 2 MNQ',
  ],
  [
    'order_filled',
    { order_id: 'O1', symbol: 'MNQ', side: 'buy', quantity: 2, fill_price: 5040.25, fees: 1.24, remaining_quantity: 0, filled_at: '2026-11-30T10:00:00.120Z' },
    'execution',
    'info',
    'Order O1 filled: 2 MNQ at 5040.25',
  ],
  [
    'order_cancelled',
    { order_id: 'O2', symbol: 'ES', reason: 'timeout', remaining_quantity: 1, cancelled_at: '2026-11-30T10:01:00Z' },
    'execution',
    'info',
    'Order O2 cancelled: timeout',
  ],
  ['circuit_breaker', { halted: true, reason: 'Drawdown exceeds 8.5%' }, 'risk', 'critical', 'Circuit breaker HALTED: Drawdown exceeds 8.5%'],
  [
    'risk_block',
    { symbol: 'BTCUSDT', action: 'trade_leverage_20x', reason: 'Max leverage', blocker: 'RiskGuard' },
    'risk',
    'warn',
    'Blocked trade_leverage_20x on BTCUSDT: Max leverage',
  ],
  ['emergency_triggered', { trigger_reason: 'Drawdown exceeds 8.5%', positions_closed: 3 }, 'audit', 'critical', 'Emergency stop: Drawdown exceeds 8.5%'],
  ['emergency_recovered', { recovered_by: 'ops', reason: 'drawdown back under 5%' }, 'audit', 'warn', 'Emergency stop cleared by ops'],
  [
    'policy_changed',
    { policy_name: 'risk_mode', old_value: 'NORMAL', new_value: 'AGGRESSIVE', changed_by: 'AI-HFOS', reason: 'Auto-adjustment' },
    'audit',
    'info',
    'Policy risk_mode changed from NORMAL to AGGRESSIVE by AI-HFOS: Auto-adjustment',
  ],
  [
    'trade_decision',
    { symbol: 'ES', decision: 'enter', side: 'long', strategy: 'breakout', confidence: 0.72, reason: 'range break' },
    'audit',
    'info',
    'Decision on ES: enter (range break)',
  ],
  [
    'trade_executed',
    { trade_id: 'T1', symbol: 'ES', side: 'long', quantity: 1, price: 6001.5, order_id: 'O3' },
    'audit',
    'info',
    'Trade T1: long 1 ES at 6001.5',
  ],
  ['trade_closed', { trade_id: 'T1', symbol: 'ES', exit_price: 6010, realized_pnl: 425, reason: 'target' }, 'audit', 'info', 'Trade T1 on ES closed: PnL 425'],
  [
    'model_promoted',
    { model_name: 'signal-rl', version: 'v8', previous_version: 'v7', promoted_by: 'ci', metrics: { sharpe: 1.9 } },
    'audit',
    'info',
    'Model signal-rl v8 promoted by ci',
  ],
  [
    'position_closed',
    { ...account, rule: 'UnrealizedLoss', violation, position, action: closed, result: success, state_after: after },
    'enforcement',
    'info',
    'Position closed: MNQ (UnrealizedLoss)',
  ],
  [
    'position_reduced',
    {
      ...account,
      rule: 'MaxContracts',
      violation: { current_value: 5, limit: 4 },
      position: { symbol: 'ES', quantity: 1 },
      action: { type: 'reduce_position', contracts_closed: 1 },
      result: success,
    },
    'enforcement',
    'info',
    'Position reduced: ES (MaxContracts)',
  ],
  [
    'account_flattened',
    {
      ...account,
      rule: 'DailyRealizedLoss',
      violation: { current_value: -550, limit: -500 },
      action: { type: 'flatten', positions_closed: 5 },
      result: success,
      state_after: { ...after, open_positions: 0 },
    },
    'enforcement',
    'critical',
    'Account ABC123 flattened (DailyRealizedLoss)',
  ],
  [
    'account_locked_out',
    {
      ...account,
      rule: 'DailyRealizedLoss',
      violation: { current_value: -550, limit: -500 },
      action: { type: 'lockout' },
      result: success,
      state_after: { open_positions: 0, lockout: true, lockout_until: '2026-11-30T23:00:00Z' },
    },
    'enforcement',
    'critical',
    'Account ABC123 locked out until 2026-11-30T23:00:00Z (DailyRealizedLoss)',
  ],
  ['cooldown_started', { ...account, rule: 'TradeFrequency', duration_s: 300 }, 'enforcement', 'warn', 'Cooldown started for ABC123: 300 s (TradeFrequency)'],
  ['cooldown_expired', { ...account, rule: 'TradeFrequency' }, 'enforcement', 'info', 'Cooldown expired for ABC123'],
  ['daily_reset', { ...account, state_after: { realized_pnl_today: 0, open_positions: 0, lockout: false } }, 'enforcement', 'info', 'Daily reset for ABC123'],
]

async function setup(): Promise<{ log: Logger; lines(category: string): Record<string, unknown>[] }> {
  const t = tempDir()
  const log = await createLogger({ config: { level: 'trace', plugins: ['events-trading', { 'sink-file': { dir: t.dir } }] } })
  cleanup.push(t.cleanup, () => log.close())
  return {
    log,
    lines: (category) =>
      readFileSync(join(t.dir, `${category}.log`), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  }
}

describe('events-trading', () => {
  it('has an example here for every event it declares', () => {
    expect(examples.map(([name]) => name).sort()).toEqual(Object.keys(tradingCatalog).sort())
  })

  it('has its validators generated at build time, judging like the examples say', () => {
    const require = createRequire(import.meta.url)
    for (const [name, fields] of examples) {
      const file = new URL(
        `../../dist/core/precompiled/${precompiledEventName(fieldsSchema(tradingCatalog[name as keyof typeof tradingCatalog]))}`,
        import.meta.url,
      )
      expect(existsSync(file), name).toBe(true)
      const validate = require(file.pathname) as (data: unknown) => boolean
      expect(validate(fields), name).toBe(true)
      // every event requires fields
      expect(validate({}), name).toBe(false)
    }
  })

  it('declares execution and risk, and every event category', () => {
    expect([...tradingEvents.categories].sort()).toEqual(['audit', 'enforcement', 'execution', 'risk'])
  })

  it('writes each event with its fields in its category, at its level, with its message, valid', async () => {
    const { log, lines } = await setup()
    const ids = new Map<string, string | undefined>()
    for (const [name, fields] of examples) ids.set(name, log.event(name, fields))
    await log.flush()
    const byEvent = new Map<string, Record<string, unknown>>()
    for (const category of ['execution', 'risk', 'audit', 'enforcement']) for (const r of lines(category)) byEvent.set(r.event as string, r)
    for (const [name, fields, category, level, message] of examples) {
      const r = byEvent.get(name)
      expect(r, name).toMatchObject({ ...fields, category, level, message, event_id: ids.get(name) })
      expect(r, name).not.toHaveProperty('event_invalid')
    }
    expect(log.stats().events).toMatchObject({ invalid: 0, unknown: 0 })
  })

  it('follows the fields: a failed enforcement is critical, a circuit breaker reset is info', async () => {
    const { log, lines } = await setup()
    const failed = { ...account, rule: 'UnrealizedLoss', violation, position, action: closed, result: { status: 'failure', error: 'broker timeout' } }
    log.event('position_closed', failed)
    log.event('circuit_breaker', { halted: false, reason: 'manual' })
    await log.flush()
    expect(lines('enforcement')[0]).toMatchObject({ level: 'critical', event: 'position_closed' })
    expect(lines('risk')[0]).toMatchObject({ level: 'info', message: 'Circuit breaker reset: manual' })
  })

  it('flags a fill without its price, and an unknown side', async () => {
    const { log, lines } = await setup()
    const events = typedEvents(log, tradingEvents)
    // @ts-expect-error fill_price is required
    events.event('order_filled', { order_id: 'O9', symbol: 'MNQ', quantity: 1, side: 'up' as 'buy' })
    await log.flush()
    expect(lines('execution')[0].event_invalid).toEqual(['fill_price: is required', 'side: must be one of "buy", "sell", "long", "short"'])
  })
})
