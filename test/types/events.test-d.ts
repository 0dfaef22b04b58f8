/**
 * Type tests for typed events: a catalog declared in TypeScript types `log.event` / `log.time`
 * through `typedEvents`. Each `@ts-expect-error` must stay an error.
 */
import { describe, expectTypeOf, it } from 'vitest'
import { defineEvents, typedEvents, type EndTimer, type FieldsOf, type Logger } from 'logwarden'
import tradingEvents from 'logwarden/plugins/events-trading'

declare const log: Logger

const shop = defineEvents({
  order_filled: {
    category: 'execution',
    message: 'Order {order_id} filled at {price}',
    fields: { order_id: { type: 'string' }, price: { type: 'number' }, side: { enum: ['buy', 'sell'] }, tags: { type: 'array', items: { type: 'string' } } },
    required: ['order_id', 'price'],
  },
  closed: { category: 'audit', fields: { pnl: { type: 'number' } }, additionalFields: false },
  free: { category: 'system' },
})

describe('a TS catalog', () => {
  const events = typedEvents(log, shop)

  it('derives each field type, required and optional, from the declaration', () => {
    type F = FieldsOf<typeof shop.events>['order_filled']
    expectTypeOf<F['order_id']>().toEqualTypeOf<string>()
    expectTypeOf<F['price']>().toEqualTypeOf<number>()
    expectTypeOf<F['side']>().toEqualTypeOf<'buy' | 'sell' | undefined>()
    expectTypeOf<F['tags']>().toEqualTypeOf<string[] | undefined>()
  })

  it('accepts the right fields and returns the event id', () => {
    expectTypeOf(events.event('order_filled', { order_id: 'O1', price: 1, side: 'buy' })).toEqualTypeOf<string | undefined>()
    // undeclared fields are allowed unless the event says additionalFields: false
    events.event('order_filled', { order_id: 'O1', price: 1, venue: 'CME' })
    events.event('free', { anything: 1 })
  })

  it('rejects wrong types, missing required fields, unknown names', () => {
    // @ts-expect-error price is a number
    events.event('order_filled', { order_id: 'O1', price: '1' })
    // @ts-expect-error order_id is required
    events.event('order_filled', { price: 1 })
    // @ts-expect-error side is buy or sell
    events.event('order_filled', { order_id: 'O1', price: 1, side: 'hold' })
    // @ts-expect-error not a declared event
    events.event('order_filed', { order_id: 'O1', price: 1 })
    // @ts-expect-error closed declares no other field
    events.event('closed', { pnl: 1, extra: true })
  })

  it('types log.time: partial fields now, the rest at the end', () => {
    const end = events.time('order_filled', { order_id: 'O1' })
    expectTypeOf(end).toEqualTypeOf<EndTimer<FieldsOf<typeof shop.events>['order_filled']>>()
    end({ price: 2 })
    // @ts-expect-error price is a number
    end({ price: 'two' })
  })
})

describe('the trading pack', () => {
  const trading = typedEvents(log, tradingEvents)
  it('types the seed fields', () => {
    trading.event('circuit_breaker', { halted: true, reason: 'drawdown' })
    trading.event('position_closed', {
      account_id: 'A',
      rule: 'UnrealizedLoss',
      violation: { current_value: -210, limit: -200 },
      position: { symbol: 'MNQ', quantity: 2 },
      action: { type: 'close_position' },
      result: { status: 'success' },
    })
    const rest = { account_id: 'A', rule: 'R', violation: { current_value: 1, limit: 0 }, position: { symbol: 'X' }, action: { type: 'c' } }
    // @ts-expect-error result.status is success or failure
    trading.event('position_closed', { ...rest, result: { status: 'ok' } })
    // @ts-expect-error halted is a boolean
    trading.event('circuit_breaker', { halted: 'yes', reason: 'x' })
  })
})

describe('the untyped logger', () => {
  it('takes any event name and fields, and returns the id', () => {
    expectTypeOf(log.event('anything', { a: 1 })).toEqualTypeOf<string | undefined>()
    expectTypeOf(log.time('anything')).returns.toEqualTypeOf<string | undefined>()
    log.audit({ action: 'emergency_stop', actor: 'ops', level: 'critical' })
  })
})
