import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import { createLogger, withCorrelation, type Logger } from 'logwarden'
import { appendSink, readLines, tempDir } from './helpers/sinks.js'

let cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

async function setup(config: Record<string, unknown> = {}, sinkExtra = {}) {
  const t = tempDir()
  const file = join(t.dir, 'out.log')
  const log = await createLogger({ config: { plugins: [appendSink('mem', { file }, sinkExtra)], ...config } })
  cleanup.push(t.cleanup, () => log.close())
  return { log, file, dir: t.dir }
}

describe('logger API', () => {
  it('writes the documented record shape: timestamp, level, category, message, event_id, fields', async () => {
    const { log, file } = await setup()
    log.info('Position closed', { account_id: 'ABC123', pnl: -210 })
    await log.flush()
    const [r] = readLines(file)
    expect(Object.keys(r).slice(0, 5)).toEqual(['timestamp', 'level', 'category', 'message', 'event_id'])
    expect(r).toMatchObject({ level: 'info', category: 'system', message: 'Position closed', account_id: 'ABC123', pnl: -210 })
    expect(r.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    expect(Math.abs(Date.parse(r.timestamp as string) - Date.now())).toBeLessThan(60_000)
  })

  it('gives every record a unique event_id', async () => {
    const { log, file } = await setup()
    for (let i = 0; i < 500; i++) log.info('x', { i })
    await log.flush()
    const ids = readLines(file).map((r) => r.event_id)
    expect(ids).toHaveLength(500)
    expect(new Set(ids).size).toBe(500)
  })

  it('drops records below the threshold and honours runtime level changes in children', async () => {
    const { log, file } = await setup({ level: 'warn' })
    const child = log.child({ account_id: 'A' })
    log.info('hidden')
    child.debug('hidden')
    log.warn('shown-1')
    log.level = 'debug'
    child.debug('shown-2')
    expect(log.isLevelEnabled('trace')).toBe(false)
    await log.flush()
    expect(readLines(file).map((r) => r.message)).toEqual(['shown-1', 'shown-2'])
  })

  it('child() binds fields before the call fields; category() routes; fatal is critical', async () => {
    const { log, file } = await setup({ categories: ['execution'] })
    const acct = log.child({ account_id: 'ABC123' }).child({ strategy: 's1' })
    acct.category('execution').info('order filled', { order_id: 7 })
    log.fatal('meltdown')
    await log.flush()
    const [a, b] = readLines(file)
    expect(Object.keys(a).slice(-3)).toEqual(['account_id', 'strategy', 'order_id'])
    expect(a).toMatchObject({ category: 'execution', account_id: 'ABC123', strategy: 's1' })
    expect(b).toMatchObject({ level: 'critical', message: 'meltdown' })
  })

  it('an unknown category is an error at the call that names it', async () => {
    const { log } = await setup()
    expect(() => log.category('risk')).toThrowError(/unknown log category "risk".*system, enforcement, error, audit/s)
    expect(() => log.category('risk')).toThrow(expect.objectContaining({ code: 'LW_ERR_UNKNOWN_CATEGORY' }))
  })

  it('enforcement(), audit() and systemEvent() write the seeds\u2019 records', async () => {
    const { log, file } = await setup()
    log.enforcement({ account_id: 'ABC123', rule: 'UnrealizedLoss', action: 'close_position', details: { pnl: -210, limit: -200 } })
    log.audit({ action: 'config_reload', actor: 'admin', details: { file: 'x.yaml' } })
    log.systemEvent('connection_lost', { level: 'error', broker: 'topstep' })
    await log.flush()
    const records = readLines(file)
    const enf = records.find((r) => r.category === 'enforcement')!
    expect(enf).toMatchObject({ level: 'warn', event: 'close_position', account_id: 'ABC123', rule: 'UnrealizedLoss', details: { pnl: -210, limit: -200 } })
    expect(records.find((r) => r.category === 'audit')).toMatchObject({ event: 'config_reload', actor: 'admin', message: 'config_reload by admin' })
    expect(records.find((r) => r.category === 'system')).toMatchObject({ level: 'error', event: 'connection_lost', broker: 'topstep' })
  })

  it('delivers error-level records to the error category too to a sink that asks, unless the config turns copies off', async () => {
    const { log, file } = await setup({}, { errorCopies: true })
    log.category('enforcement').error('close failed')
    await log.flush()
    const lines = readLines(file)
    expect(lines.filter((r) => r.message === 'close failed')).toHaveLength(2) // original + error copy
    const off = await setup({ errorCopies: false }, { errorCopies: true })
    off.log.category('enforcement').error('close failed')
    await off.log.flush()
    expect(readLines(off.file)).toHaveLength(1)
  })

  it('a sink that does not ask for error copies receives each error record once', async () => {
    const { log, file } = await setup()
    log.category('enforcement').error('close failed')
    log.category('error').critical('direct')
    await log.flush()
    expect(readLines(file).map((r) => r.message)).toEqual(['close failed', 'direct'])
  })

  it('withCorrelation() stamps every record inside, across awaits', async () => {
    const { log, file } = await setup()
    await withCorrelation(async () => {
      log.info('a')
      await new Promise((r) => setTimeout(r, 5))
      log.info('b')
    }, 'corr-1')
    log.info('outside')
    await log.flush()
    expect(readLines(file).map((r) => r.correlation_id)).toEqual(['corr-1', 'corr-1', undefined])
  })

  it('Error values keep name, message, stack, code and the cause chain; log.error(err) works', async () => {
    const { log, file } = await setup()
    const err = Object.assign(new TypeError('bad fill', { cause: new Error('socket closed') }), { code: 'E_FILL' })
    log.error(err)
    log.warn('with fields', err)
    await log.flush()
    const [a, b] = readLines(file)
    expect(a).toMatchObject({ message: 'bad fill', err: { type: 'TypeError', message: 'bad fill', code: 'E_FILL', cause: { message: 'socket closed' } } })
    expect((a.err as { stack: string }).stack).toContain('TypeError: bad fill')
    expect(b).toMatchObject({ message: 'with fields', err: { type: 'TypeError' } })
  })

  it('never throws and never loses a hostile record', async () => {
    const { log, file } = await setup({ record: { maxStringLength: 100 } })
    const circular: Record<string, unknown> = { a: 1 }
    circular.self = circular
    const hostile = {
      circular,
      big: 2n ** 70n,
      map: new Map([['k', { v: 1 }]]),
      set: new Set([1, 2]),
      buf: Buffer.from('hi'),
      undef: undefined,
      fn: function named() {},
      long: 'x'.repeat(5000),
      sym: Symbol('s'),
      date: new Date(0),
      get boom(): never {
        throw new Error('getter exploded')
      },
      nested: { a: { b: { c: { d: { e: { f: { g: { h: { i: { j: { k: 1 } } } } } } } } } } },
      level: 'user field named level',
    }
    expect(() => log.info('hostile', hostile)).not.toThrow()
    await log.flush()
    const [r] = readLines(file)
    expect(r).toMatchObject({
      message: 'hostile',
      level: 'info',
      field_level: 'user field named level',
      circular: { a: 1, self: '[Circular]' },
      big: (2n ** 70n).toString(),
      map: { k: { v: 1 } },
      set: [1, 2],
      buf: { type: 'Buffer', length: 2, base64: 'aGk=' },
      fn: '[Function named]',
      sym: 'Symbol(s)',
      date: '1970-01-01T00:00:00.000Z',
      boom: '[Unserializable: getter exploded]',
    })
    expect('undef' in r).toBe(false)
    expect((r.long as string).startsWith('x'.repeat(100) + '…[truncated 4900 chars]')).toBe(true)
    expect(JSON.stringify(r.nested)).toContain('[Object]')
  })

  it('testChannel() reaches the sink in its worker and answers', async () => {
    const { log } = await setup()
    await expect(log.testChannel('mem')).resolves.toEqual({ ok: true, sink: 'mem' })
    await expect(log.testChannel('nope')).rejects.toThrow(/no sink named "nope"/)
  })
})

export type { Logger }

describe('bound fields', () => {
  it('a call field overrides a bound one, and nested children override their parents: no key twice', async () => {
    const t = tempDir()
    const file = join(t.dir, 'out.log')
    const log = await createLogger({ config: { plugins: [appendSink('mem', { file })] } })
    cleanup.push(t.cleanup, () => log.close())
    const acct = log.child({ account_id: 'ABC123', desk: 'futures' })
    acct.child({ account_id: 'XYZ789' }).info('nested')
    acct.enforcement({ account_id: 'QRS456', rule: 'R', action: 'close_position' })
    acct.info('plain')
    await log.flush()
    const text = readFileSync(file, 'utf8').trim().split('\n')
    for (const line of text) expect(line.match(/"account_id"/g)).toHaveLength(1)
    // one batch groups lines by category, so compare without order across categories
    expect(
      readLines(file)
        .map((r) => [r.message, r.account_id, r.desk])
        .sort(),
    ).toEqual([
      ['R: close_position', 'QRS456', 'futures'],
      ['nested', 'XYZ789', 'futures'],
      ['plain', 'ABC123', 'futures'],
    ])
  })
})
