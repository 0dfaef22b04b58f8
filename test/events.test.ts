/**
 * Typed events end to end: a catalog from the config and from plugins, log.event's record (its
 * category, level, message, fields), invalid fields kept and flagged, the returned id, log.time,
 * read back by event name. Real sink-file files, real worker threads.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createLogger, defineEvents, readLogs, withCorrelation, type Logger, type LogwardenConfig } from 'logwarden'
import { tempDir } from './helpers/sinks.js'

let cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

async function setup(config: LogwardenConfig): Promise<{ log: Logger; dir: string; lines(category: string): Record<string, unknown>[] }> {
  const t = tempDir()
  const log = await createLogger({ config: { ...config, plugins: [...(config.plugins ?? []), { 'sink-file': { dir: t.dir } }] } })
  cleanup.push(t.cleanup, () => log.close())
  const lines = (category: string) =>
    readFileSync(join(t.dir, `${category}.log`), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
  return { log, dir: t.dir, lines }
}

const orderEvents: LogwardenConfig['events'] = {
  order_filled: {
    category: 'execution',
    message: 'Order {order_id} filled at {price}',
    fields: { order_id: { type: 'string' }, price: { type: 'number' }, side: { enum: ['buy', 'sell'] } },
    required: ['order_id', 'price'],
  },
  circuit_breaker: {
    category: 'risk',
    level: { default: 'info', when: [{ match: { halted: true }, level: 'critical' }] },
    message: 'Circuit breaker: {reason}',
    fields: { halted: { type: 'boolean' }, reason: { type: 'string' } },
    required: ['halted', 'reason'],
  },
}

describe('log.event with a catalog from the config', () => {
  it('writes the record in the event category, with event, rendered message and fields, and returns its event_id', async () => {
    const { log, lines } = await setup({ events: orderEvents })
    const id = log.event('order_filled', { order_id: 'O-1', price: 5000.25, side: 'buy' })
    await log.flush()
    const [r] = lines('execution')
    expect(r).toMatchObject({
      level: 'info',
      category: 'execution',
      event: 'order_filled',
      message: 'Order O-1 filled at 5000.25',
      order_id: 'O-1',
      price: 5000.25,
    })
    expect(typeof id).toBe('string')
    expect(r.event_id).toBe(id)
    expect(r).not.toHaveProperty('event_invalid')
  })

  it('takes the level from the fields: halted is critical, a reset is info', async () => {
    const { log, lines } = await setup({ events: orderEvents })
    log.event('circuit_breaker', { halted: true, reason: 'drawdown 8.5%' })
    log.event('circuit_breaker', { halted: false, reason: 'manual reset' })
    await log.flush()
    expect(lines('risk').map((r) => [r.level, r.message])).toEqual([
      ['critical', 'Circuit breaker: drawdown 8.5%'],
      ['info', 'Circuit breaker: manual reset'],
    ])
  })

  it('keeps an invalid event, flags each violation, counts it, and never throws', async () => {
    const { log, lines } = await setup({ events: orderEvents })
    expect(() => log.event('order_filled', { price: 'cheap', side: 'hold' } as never)).not.toThrow()
    await log.flush()
    const [r] = lines('execution')
    expect(r).toMatchObject({ event: 'order_filled', price: 'cheap', side: 'hold' })
    expect([...(r.event_invalid as string[])].sort()).toEqual(['order_id: is required', 'price: must be number', 'side: must be one of "buy", "sell"'])
    expect(r.message).toBe('Order {order_id} filled at cheap')
    expect(log.stats().events).toMatchObject({ invalid: 1, unknown: 0, validate: 'on' })
  })

  it('writes an undeclared event in the logger category, flagged, and counts it', async () => {
    const { log, lines } = await setup({ events: orderEvents })
    const id = log.event('order_filed' as never, { order_id: 'O-2' } as never)
    await log.flush()
    const [r] = lines('system')
    expect(r).toMatchObject({ event: 'order_filed', event_id: id, order_id: 'O-2', event_invalid: ['"order_filed" is not a declared event'] })
    expect(log.stats().events?.unknown).toBe(1)
  })

  it('does not check fields when validateEvents is off', async () => {
    const { log, lines } = await setup({ events: orderEvents, validateEvents: 'off' })
    log.event('order_filled', { price: 'cheap' } as never)
    await log.flush()
    expect(lines('execution')[0]).not.toHaveProperty('event_invalid')
    expect(log.stats().events).toMatchObject({ invalid: 0, validate: 'off' })
  })

  it('returns undefined and writes nothing below the threshold, except in audit', async () => {
    const { log, lines } = await setup({
      level: 'warn',
      events: { ...orderEvents, decided: { category: 'audit', message: 'decided {what}', fields: { what: { type: 'string' } } } },
    })
    expect(log.event('order_filled', { order_id: 'O-3', price: 1 })).toBeUndefined()
    const id = log.event('decided', { what: 'hold' })
    await log.flush()
    expect(lines('audit')).toEqual([expect.objectContaining({ event_id: id, message: 'decided hold', level: 'info' })])
    expect(() => lines('execution')).toThrow(/ENOENT/)
  })

  it('renders the message from redacted fields: a template never reveals a censored value', async () => {
    const { log, lines } = await setup({
      events: { login: { category: 'audit', message: 'login by {user} with {password}', fields: { user: { type: 'string' }, password: { type: 'string' } } } },
    })
    log.event('login', { user: 'ana', password: 'hunter2-very-secret' })
    await log.flush()
    const text = JSON.stringify(lines('audit'))
    expect(text).not.toContain('hunter2')
    expect(lines('audit')[0].message).toBe('login by ana with [REDACTED]')
  })
})

describe('catalogs from plugins', () => {
  const pack = defineEvents(
    {
      model_promoted: {
        category: 'models',
        level: (f) => (f.forced === true ? 'warn' : 'info'),
        message: (f) => `Model ${String(f.model)} promoted${f.forced === true ? ' (forced)' : ''}`,
        fields: { model: { type: 'string' }, forced: { type: 'boolean' } },
        required: ['model'],
      },
    },
    { name: 'test-pack' },
  )

  it('declares the categories of its events, computes levels and messages with functions', async () => {
    const { log, lines } = await setup({ plugins: [pack] })
    log.event('model_promoted', { model: 'v7' })
    log.event('model_promoted', { model: 'v8', forced: true })
    await log.flush()
    expect(lines('models').map((r) => [r.level, r.message])).toEqual([
      ['info', 'Model v7 promoted'],
      ['warn', 'Model v8 promoted (forced)'],
    ])
  })

  it('lets the config redeclare a plugin event, and refuses two plugins declaring one differently', async () => {
    const { log, lines } = await setup({ plugins: [pack], events: { model_promoted: { category: 'models', level: 'critical', message: 'promoted {model}' } } })
    log.event('model_promoted', { model: 'v9' })
    await log.flush()
    expect(lines('models')[0]).toMatchObject({ level: 'critical', message: 'promoted v9' })

    const other = defineEvents({ model_promoted: { category: 'models' } }, { name: 'other-pack' })
    await expect(createLogger({ config: { plugins: [pack, other] } })).rejects.toMatchObject({
      code: 'LW_ERR_EVENT_DUPLICATE',
      message: expect.stringContaining('test-pack'),
    })
  })

  it('makes its categories known to other plugins checks (a sink routing one of them)', async () => {
    const t = tempDir()
    cleanup.push(t.cleanup)
    const log = await createLogger({
      config: { plugins: [{ 'sink-console': { categories: ['models'], fd: 2, colors: false } }, pack, { 'sink-file': { dir: t.dir } }] },
    })
    cleanup.push(() => log.close())
    expect(log.category('models')).toBeDefined()
  })
})

describe('audit()', () => {
  it('takes a level: an emergency is critical, and still written below the threshold', async () => {
    const { log, lines } = await setup({ level: 'critical' })
    log.audit({ action: 'emergency_stop', actor: 'ess', level: 'critical', reason: 'drawdown' })
    log.audit({ action: 'config_viewed', actor: 'ops' })
    await log.flush()
    expect(lines('audit').map((r) => [r.level, r.event, r.message])).toEqual([
      ['critical', 'emergency_stop', 'emergency_stop by ess'],
      ['info', 'config_viewed', 'config_viewed by ops'],
    ])
    expect(lines('audit')[0]).not.toHaveProperty('field_level')
  })
})

describe('log.time', () => {
  it('writes the event with duration_ms measured across an await, in the correlation scope it started in', async () => {
    const { log, lines } = await setup({ events: orderEvents })
    let end!: (more?: Record<string, unknown>) => string | undefined
    await withCorrelation(async () => {
      end = log.time('order_filled', { order_id: 'O-4' })
      await new Promise((r) => setTimeout(r, 60))
    }, 'corr-42')
    // ended outside the scope: still the scope's record
    const id = end({ price: 10 })
    expect(end({ price: 11 })).toBe(id)
    await log.flush()
    const records = lines('execution')
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({ event_id: id, correlation_id: 'corr-42', order_id: 'O-4', price: 10, message: 'Order O-4 filled at 10' })
    // a generous bound below and none above that a loaded machine could break
    expect(records[0].duration_ms).toBeGreaterThanOrEqual(55)
  })
})

describe('reading events back', () => {
  it('readLogs({ event }) keeps only the named events, message as the catalog rendered it', async () => {
    const { log, dir } = await setup({ events: orderEvents })
    log.event('order_filled', { order_id: 'O-5', price: 1 })
    log.event('circuit_breaker', { halted: true, reason: 'x' })
    log.info('not an event', { event: 'order_fill' })
    // a field named like the key, nested, must not match
    log.info('nested', { details: { event: 'order_filled' } })
    await log.flush()
    const found: Record<string, unknown>[] = []
    for await (const r of readLogs({ dir, event: 'order_filled' })) found.push(r)
    expect(found.map((r) => [r.event, r.message])).toEqual([['order_filled', 'Order O-5 filled at 1']])
    const both: unknown[] = []
    for await (const r of readLogs({ dir, event: ['order_filled', 'circuit_breaker'] })) both.push(r.event)
    expect(both.sort()).toEqual(['circuit_breaker', 'order_filled'])
  })
})

describe('validateEvents: dev', () => {
  it('checks fields unless NODE_ENV is production', async () => {
    const { EventRegistry } = await import('../core/events/registry.js')
    const catalog = { e: { category: 'system', fields: { n: { type: 'number' } } } }
    const before = process.env.NODE_ENV
    try {
      process.env.NODE_ENV = 'development'
      expect(new EventRegistry(catalog, 'dev').get('e')!.check({ n: 'x' })).toEqual(['n: must be number'])
      process.env.NODE_ENV = 'production'
      const prod = new EventRegistry(catalog, 'dev')
      expect(prod.get('e')!.check({ n: 'x' })).toBeUndefined()
      expect(prod.stats().validate).toBe('off')
    } finally {
      if (before === undefined) delete process.env.NODE_ENV
      else process.env.NODE_ENV = before
    }
  })
})

describe('the events key of the config', () => {
  it('is checked at start: each problem with its path', async () => {
    const bad = {
      events: { order_filled: { message: 'x', level: 'loud' }, 'Bad Name': { category: 'execution' } },
      validateEvents: 'maybe',
    } as unknown as LogwardenConfig
    const err = (await createLogger({ config: bad }).catch((e: unknown) => e)) as Error & { code: string }
    expect(err.code).toBe('LW_ERR_CONFIG_INVALID')
    expect(err.message).toContain('events.order_filled.category: is required')
    expect(err.message).toContain('events.order_filled.level: a level (info, critical…)')
    expect(err.message).toContain('events: event names start with a lower-case letter')
    expect(err.message).toContain('validateEvents: must be one of "on", "off", "dev"')
  })
})
