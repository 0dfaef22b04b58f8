/**
 * pino's documented call shapes, each written through a real logger and compared with what pino
 * itself writes for the same call (its `msg` is our `message`; the other keys are the same).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import pino from 'pino'
import { createLogger, stdSerializers, withCorrelation } from 'logwarden'
import { appendSink, readLines, tempDir } from './helpers/sinks.js'

let cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

async function setup(config: Record<string, unknown> = {}, options: Record<string, unknown> = {}) {
  const t = tempDir()
  const file = join(t.dir, 'out.log')
  const log = await createLogger({ config: { level: 'trace', plugins: [appendSink('mem', { file })], ...config }, ...options })
  cleanup.push(t.cleanup, () => log.close())
  return { log, file }
}

/** What pino writes for one call, parsed. */
function pinoRecord(call: Call): Record<string, unknown> {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString())
      done()
    },
  })
  const p = pino({ level: 'trace', base: undefined, timestamp: false }, stream)
  call(p as unknown as Loose)
  return JSON.parse(lines[0]!) as Record<string, unknown>
}

const OURS = new Set(['timestamp', 'level', 'category', 'message', 'event_id', 'correlation_id'])
function fieldsOf(r: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(r).filter(([k]) => !OURS.has(k)))
}

/** any logger: pino's printf types are stricter than pino itself; test/types checks ours */
type Loose = Record<'info' | 'warn' | 'error', (...args: unknown[]) => void>
type Call = (l: Loose) => void
const SAME_AS_PINO: Array<[string, Call]> = [
  ['(msg)', (l) => l.info('hello')],
  ['(fields, msg)', (l) => l.info({ order_id: 'o-1' }, 'object first')],
  ['(fields)', (l) => l.info({ order_id: 'o-1', qty: 2 })],
  ['(fields with msg)', (l) => l.info({ msg: 'from the object', order_id: 'o-1' })],
  ['(msg, %s)', (l) => l.info('hello %s', 'world')],
  ['(msg, %d %i %f)', (l) => l.info('%d items, %i whole, %f ratio', '42', 3.9, 0.5)],
  ['(msg, %j %o %O)', (l) => l.info('j=%j o=%o O=%O', { a: 1 }, [1, 2], 'str')],
  ['(msg, %%)', (l) => l.info('100%% sure, %s', 'yes')],
  ['(msg, %d with null)', (l) => l.info('n=%d', null)],
  ['(fields, msg, %s)', (l) => l.warn({ user: 'u1' }, 'user %s logged in from %s', 'bob', 'lab')],
  ['(null, msg)', (l) => l.info(null, 'no fields')],
  ['(undefined, msg)', (l) => l.info(undefined, 'no fields either')],
  ['(msg, unknown %x)', (l) => l.info('a %x %s', 'skipped', 'taken')],
  ['(fields with nested err)', (l) => l.info({ user: { id: 1, roles: ['a'] } }, 'nested')],
]

describe('pino call shapes', () => {
  it.each(SAME_AS_PINO)('%s: the same message and fields as pino', async (_name, call) => {
    const { log, file } = await setup()
    call(log)
    await log.flush()
    const [ours] = readLines(file)
    const theirs = pinoRecord(call)
    expect(ours!.message).toBe(theirs.msg ?? '')
    const { msg: _msg, level: _level, ...theirFields } = theirs
    expect(fieldsOf(ours!)).toEqual(theirFields)
  })

  it('(err, msg): the error under err with its stack and cause, the text as the message', async () => {
    const { log, file } = await setup()
    const cause = new Error('socket closed')
    const err = Object.assign(new Error('boom', { cause }), { code: 'E_CLOSE' })
    log.error(err, 'failed to close %s', 'o-1')
    log.error(err)
    log.error(new TypeError('bad'), { order_id: 'o-2' })
    await log.flush()
    const [a, b, c] = readLines(file)
    expect(a!.message).toBe('failed to close o-1')
    const e = a!.err as Record<string, unknown>
    expect(e).toMatchObject({ type: 'Error', message: 'boom', code: 'E_CLOSE', cause: { type: 'Error', message: 'socket closed' } })
    expect(e.stack).toMatch(/^Error: boom\n\s+at /)
    // never the characters of the message spread as fields
    expect(Object.keys(a!)).not.toContain('0')
    expect(b!.message).toBe('boom')
    expect(c).toMatchObject({ message: 'bad', order_id: 'o-2', err: { type: 'TypeError', message: 'bad' } })
    // pino agrees on the message and on the error's type and message
    const theirs = pinoRecord((p) => p.error(err, 'failed to close %s', 'o-1'))
    expect(theirs.msg).toBe(a!.message)
    expect(theirs.err).toMatchObject({ type: 'Error', message: expect.stringContaining('boom') as unknown })
  })

  it('ours stays ours: (msg, fields) is fields, (msg, err) is err, and leftover printf arguments are appended', async () => {
    const { log, file } = await setup()
    log.info('Position closed', { account_id: 'ABC123', pnl: -210 })
    log.warn('close rejected', new Error('rejected'))
    log.info('progress 50%', { step: 2 })
    log.info('user', 'bob', 3)
    log.info('obj %o', { a: 1 }, { b: 2 })
    await log.flush()
    const [a, b, c, d, e] = readLines(file)
    expect(a).toMatchObject({ message: 'Position closed', account_id: 'ABC123', pnl: -210 })
    expect(b).toMatchObject({ message: 'close rejected', err: { message: 'rejected' } })
    expect(c).toMatchObject({ message: 'progress 50%', step: 2 })
    expect(d!.message).toBe('user bob 3')
    expect(e!.message).toBe('obj {"a":1} {"b":2}')
    for (const r of [a, b, c, d, e]) expect(Object.keys(r!).some((k) => /^\d+$/.test(k))).toBe(false)
  })

  it('a raw node:http request or response logged as the first argument is serialized small', async () => {
    const { log, file } = await setup()
    const req = { method: 'GET', url: '/x', headers: { host: 'h' }, socket: { remoteAddress: '127.0.0.1', remotePort: 5 } }
    log.info(req, 'incoming')
    await log.flush()
    const [r] = readLines(file)
    expect(r).toMatchObject({ message: 'incoming', req: { method: 'GET', url: '/x', headers: { host: 'h' }, remoteAddress: '127.0.0.1', remotePort: 5 } })
  })
})

describe('the pino logger surface', () => {
  it('child(bindings, { level, serializers }), bindings(), setBindings, levels, isLevelEnabled, silent', async () => {
    const { log, file } = await setup({ level: 'info' })
    const child = log.child({ component: 'db' }, { level: 'debug', serializers: { user: (u: { id: number }) => ({ id: u.id }) } })
    expect(child.level).toBe('debug')
    expect(log.level).toBe('info')
    expect(child.isLevelEnabled('debug')).toBe(true)
    expect(log.isLevelEnabled('debug')).toBe(false)
    child.debug({ user: { id: 7, password: 'x', name: 'n' } }, 'child debug')
    log.debug('hidden')
    expect(child.bindings()).toEqual({ component: 'db' })
    child.setBindings({ shard: 3 })
    expect(child.bindings()).toEqual({ component: 'db', shard: 3 })
    child.info('after setBindings')
    expect(log.levels.values).toMatchObject({ trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, critical: 60 })
    expect(log.levels.labels[30]).toBe('info')
    child.level = 'silent'
    expect(child.level).toBe('silent')
    child.error('not written')
    log.silent('nothing')
    await new Promise<void>((resolve, reject) => void log.flush((err) => (err ? reject(err) : resolve())))
    const records = readLines(file)
    expect(records.map((r) => r.message)).toEqual(['child debug', 'after setBindings'])
    expect(records[0]).toMatchObject({ component: 'db', user: { id: 7 } })
    expect((records[0]!.user as Record<string, unknown>).name).toBeUndefined()
    expect(records[1]).toMatchObject({ component: 'db', shard: 3 })
  })

  it('a reqId or correlation_id binding is the correlation id; a withCorrelation scope wins', async () => {
    const { log, file } = await setup()
    const req = log.child({ reqId: 'req-1' })
    req.info('in request')
    withCorrelation(() => req.info('in scope'), 'scope-1')
    log.child({ correlation_id: 'c-9' }).info('bound')
    await log.flush()
    const [a, b, c] = readLines(file)
    expect(a).toMatchObject({ correlation_id: 'req-1' })
    expect(a!.reqId).toBeUndefined()
    expect(b).toMatchObject({ correlation_id: 'scope-1' })
    expect(c).toMatchObject({ correlation_id: 'c-9' })
    expect(c!.field_correlation_id).toBeUndefined()
  })

  it('base fields and mixin are opt-in; stdSerializers is exported', async () => {
    let n = 0
    const { log, file } = await setup(
      {},
      { base: { service: 'risk' }, mixin: (level: number) => ({ seq: ++n, lvl: level }), serializers: { err: stdSerializers.err } },
    )
    log.warn('one', { seq: 'call wins' })
    log.child({ a: 1 }).info('two')
    await log.flush()
    const [a, b] = readLines(file)
    expect(a).toMatchObject({ pid: process.pid, service: 'risk', seq: 'call wins', lvl: 40 })
    expect(typeof a!.hostname).toBe('string')
    expect(b).toMatchObject({ pid: process.pid, service: 'risk', a: 1, seq: 2, lvl: 30 })
    const { log: plain, file: plainFile } = await setup()
    plain.info('no base')
    await plain.flush()
    expect(readLines(plainFile)[0]!.pid).toBeUndefined()
  })
})
