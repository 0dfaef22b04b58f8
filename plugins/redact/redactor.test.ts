import { describe, expect, it } from 'vitest'
import type { LogRecord } from '../../core/record.js'
import { createRedactor, type RedactorOptions } from './redactor.js'

function record(fields: Record<string, unknown>, message = 'm'): LogRecord {
  return { time: 0, level: 30, category: 'system', message, eventId: 'e1', bindings: ',"bound":"x"', fields }
}
const redact = (fields: Record<string, unknown>, options: RedactorOptions = {}) => createRedactor(options).redactRecord(record(fields)).fields

/** Deep snapshot that survives cycles, for proving the caller's object did not change. */
function snapshot(v: unknown, seen = new Set<unknown>()): unknown {
  if (typeof v !== 'object' || v === null) return v
  if (seen.has(v)) return '[cycle]'
  seen.add(v)
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(v)) out[k] = snapshot((v as Record<string, unknown>)[k], seen)
  return Array.isArray(v) ? Object.values(out) : out
}

describe('paths', () => {
  it('censors a top-level key, a nested key, a wildcard level and array items', () => {
    const out = redact(
      {
        apiKey: 'sk-123456',
        headers: { authorization: 'Basic dXNlcjpwYXNz', accept: 'json' },
        db: { password: 'hunter2', host: 'db' },
        orders: [
          { id: 1, card: 'visa-on-file' },
          { id: 2, card: 'amex-on-file' },
        ],
      },
      { paths: ['apiKey', 'headers.authorization', '*.password', 'orders[*].card'], defaultKeys: false },
    )
    expect(out).toEqual({
      apiKey: '[REDACTED]',
      headers: { authorization: '[REDACTED]', accept: 'json' },
      db: { password: '[REDACTED]', host: 'db' },
      orders: [
        { id: 1, card: '[REDACTED]' },
        { id: 2, card: '[REDACTED]' },
      ],
    })
  })

  it('an index path censors only that item; a quoted key with dots works', () => {
    const out = redact({ legs: [{ pin: '1' }, { pin: '2' }], 'x.y': { z: 'secret' } }, { paths: ['legs[1].pin', '["x.y"].z'], defaultKeys: false })
    expect(out).toEqual({ legs: [{ pin: '1' }, { pin: '[REDACTED]' }], 'x.y': { z: '[REDACTED]' } })
  })

  it('censors a whole object or array at a path, and ignores paths that are absent', () => {
    const out = redact(
      { account: { creds: { user: 'a', pass: 'b' }, list: [1, 2] }, other: 1 },
      { paths: ['account.creds', 'account.list', 'missing.deep'], defaultKeys: false },
    )
    expect(out).toEqual({ account: { creds: '[REDACTED]', list: '[REDACTED]' }, other: 1 })
  })

  it('paths reach into Map values and Error properties', () => {
    const err = Object.assign(new Error('boom'), { config: { headers: { authorization: 'xyz' } } })
    const out = redact(
      {
        m: new Map([
          ['token', 'abc'],
          ['ok', 'fine'],
        ]),
        err,
      },
      { paths: ['m.ok', 'err.config.headers.authorization'], defaultKeys: false },
    )
    expect([...(out.m as Map<string, string>)]).toEqual([
      ['token', 'abc'],
      ['ok', '[REDACTED]'],
    ])
    expect((out.err as { config: unknown }).config).toEqual({ headers: { authorization: '[REDACTED]' } })
  })
})

describe('default secret keys', () => {
  it('match at any depth, case-insensitively, ignoring - and _', () => {
    const out = redact({
      password: 'p',
      API_KEY: 'k1',
      'api-key': 'k2',
      ApiKey: 'k3',
      nested: { deeper: { Authorization: 'Bearer x', 'Set-Cookie': ['a=b'], webhookUrl: 'u', botToken: 't' } },
      list: [{ client_secret: 's' }, { refresh_token: 'r' }],
      dbPassword: 'suffix',
      githubToken: 'suffix',
      'x-api-key': 'suffix',
      discord_webhook_url: 'suffix',
    })
    expect(out).toEqual({
      password: '[REDACTED]',
      API_KEY: '[REDACTED]',
      'api-key': '[REDACTED]',
      ApiKey: '[REDACTED]',
      nested: { deeper: { Authorization: '[REDACTED]', 'Set-Cookie': '[REDACTED]', webhookUrl: '[REDACTED]', botToken: '[REDACTED]' } },
      list: [{ client_secret: '[REDACTED]' }, { refresh_token: '[REDACTED]' }],
      dbPassword: '[REDACTED]',
      githubToken: '[REDACTED]',
      'x-api-key': '[REDACTED]',
      discord_webhook_url: '[REDACTED]',
    })
  })

  it('leave counters, sessions (RTH) and ordinary keys alone', () => {
    const fields = { token_count: 12, max_tokens: 100, tokens: 5, session: 'RTH', key: 'MNQ', passwordPolicy: 'strong', account_id: 'ABC123' }
    expect(redact(fields)).toBe(fields)
  })

  it('keys adds names; defaultKeys: false turns the built-ins off', () => {
    expect(redact({ ssn: '123', password: 'p' }, { keys: ['SSN'], defaultKeys: false })).toEqual({ ssn: '[REDACTED]', password: 'p' })
  })

  it('undefined values stay absent; null, numbers and objects are censored', () => {
    const out = redact({ password: undefined, token: null, pin: 1, secret: 1234, credentials: { u: 'a' } })
    expect(out).toEqual({ password: undefined, token: '[REDACTED]', pin: 1, secret: '[REDACTED]', credentials: '[REDACTED]' })
  })
})

describe('value patterns in fields and message', () => {
  it('scan every string at any depth, in arrays, Sets, Maps and URLs, and the message', () => {
    const r = createRedactor().redactRecord(
      record(
        {
          note: 'used Bearer abcdefgh12345678 here',
          deep: { list: ['ok', 'AKIAIOSFODNN7EXAMPLE'] },
          set: new Set(['4111 1111 1111 1111']),
          map: new Map([['hook', 'https://discord.com/api/webhooks/123/abcdefghijklmnopqrstuvwxyz']]),
          url: new URL('https://u:pw12345@example.com/x'),
        },
        'sending to https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ/sendMessage',
      ),
    )
    expect(r.message).toBe('sending to https://api.telegram.org/bot[REDACTED]/sendMessage')
    expect(r.fields.note).toBe('used Bearer [REDACTED] here')
    expect(r.fields.deep).toEqual({ list: ['ok', '[REDACTED]'] })
    expect(r.fields.set).toEqual(['[REDACTED]'])
    expect([...(r.fields.map as Map<string, string>)]).toEqual([['hook', 'https://discord.com/api/webhooks/123/[REDACTED]']])
    expect(r.fields.url).toBe('https://u:[REDACTED]@example.com/x')
  })

  it('a key that is itself a secret is renamed', () => {
    const out = redact({ 'https://discord.com/api/webhooks/1/abcdefghijklmnopqrstuvwxyz': 'failing' })
    expect(out).toEqual({ 'https://discord.com/api/webhooks/1/[REDACTED]': 'failing' })
  })

  it('objects with toJSON are redacted through their JSON form', () => {
    const money = { toJSON: () => ({ note: 'AKIAIOSFODNN7EXAMPLE' }) }
    expect(redact({ money })).toEqual({ money: { note: '[REDACTED]' } })
    const plain = { toJSON: () => ({ note: 'fine' }) }
    expect(redact({ plain }).plain).toBe(plain)
  })

  it('leaves bindings untouched and returns the same record when nothing matches', () => {
    const r = record({ account_id: 'ABC123', rule: 'UnrealizedLoss', pnl: -210.5, when: new Date(0) })
    expect(createRedactor({ paths: ['apiKey'] }).redactRecord(r)).toBe(r)
    const changed = createRedactor().redactRecord(record({ token: 'x' }))
    expect(changed.bindings).toBe(',"bound":"x"')
  })
})

describe('censor modes', () => {
  const fields = { apiKey: 'sk-1234567890', pin: 42, note: 'card 4111111111111111', orders: [{ card: 'x' }, { id: 2 }] }
  const paths = ['orders[0]']

  it('redact (default)', () => {
    expect(redact(fields, { paths })).toEqual({ apiKey: '[REDACTED]', pin: 42, note: 'card [REDACTED]', orders: ['[REDACTED]', { id: 2 }] })
  })

  it('remove: drops keys and array items, cuts secrets out of strings', () => {
    expect(redact(fields, { paths, censor: 'remove' })).toEqual({ pin: 42, note: 'card ', orders: [{ id: 2 }] })
  })

  it('mask: asterisks plus the last maskKeep characters, only when as many stay hidden', () => {
    expect(redact({ ...fields, secret: 'abc', token: 1234567890 }, { paths, censor: 'mask' })).toEqual({
      apiKey: '******7890',
      pin: 42,
      note: 'card ******1111',
      orders: ['[REDACTED]', { id: 2 }],
      secret: '******',
      token: '******7890',
    })
    expect(redact({ apiKey: 'sk-123456' }, { censor: 'mask', maskKeep: 2 })).toEqual({ apiKey: '******56' })
    expect(redact({ apiKey: 'sk-123456' }, { censor: 'mask', maskKeep: 0 })).toEqual({ apiKey: '******' })
  })

  it('a function receives the value and path', () => {
    const seen: unknown[] = []
    const out = redact(
      { user: { password: 'hunter2' }, note: 'key AKIAIOSFODNN7EXAMPLE' },
      {
        censor: (v, ctx) => {
          seen.push([v, ctx.path, ctx.pattern])
          return `<${ctx.pattern ?? 'key'}>`
        },
      },
    )
    expect(out).toEqual({ user: { password: '<key>' }, note: 'key <awsAccessKey>' })
    expect(seen).toEqual([
      ['hunter2', 'user.password', undefined],
      ['AKIAIOSFODNN7EXAMPLE', 'note', 'awsAccessKey'],
    ])
  })

  it('a throwing function fails closed to [REDACTED] and never throws', () => {
    const redactor = createRedactor({
      censor: () => {
        throw new Error('censor bug')
      },
    })
    const r = redactor.redactRecord(record({ token: 'abc', note: 'Bearer abcdefgh12345678' }, 'AKIAIOSFODNN7EXAMPLE'))
    expect(r.fields).toEqual({ token: '[REDACTED]', note: 'Bearer [REDACTED]' })
    expect(r.message).toBe('[REDACTED]')
  })
})

describe('errors', () => {
  class HttpError extends Error {
    code = 'E_HTTP'
    status = 401
    headers = { authorization: 'Bearer abcdefgh12345678' }
    constructor(message: string, options?: { cause?: unknown }) {
      super(message, options)
      this.name = 'HttpError'
    }
  }

  it('returns a new Error with message, stack, own props and the cause chain redacted', () => {
    const root = new Error('db login postgres://app:pw123456@db/x failed')
    const err = new HttpError('POST https://discord.com/api/webhooks/42/tokentokentokentoken failed', { cause: root })
    const out = redact({ err }).err as HttpError
    expect(out).not.toBe(err)
    expect(out).toBeInstanceOf(HttpError)
    expect(out.name).toBe('HttpError')
    expect(out.code).toBe('E_HTTP')
    expect(out.status).toBe(401)
    expect(out.message).toBe('POST https://discord.com/api/webhooks/42/[REDACTED] failed')
    expect(out.stack).toContain('HttpError: POST https://discord.com/api/webhooks/42/[REDACTED] failed')
    expect(out.stack).toContain('redactor.test.ts') // the frames are kept
    expect(out.stack).not.toContain('tokentoken')
    expect(out.headers).toEqual({ authorization: '[REDACTED]' })
    const cause = out.cause as Error
    expect(cause).not.toBe(root)
    expect(cause.message).toBe('db login postgres://app:[REDACTED]@db/x failed')
    expect(cause.stack).not.toContain('pw123456')
    // the caller's error is untouched
    expect(err.message).toContain('tokentokentokentoken')
    expect(err.headers.authorization).toBe('Bearer abcdefgh12345678')
    expect(root.message).toContain('pw123456')
  })

  it('AggregateError items are redacted; an innocent error is returned as is', () => {
    const agg = new AggregateError([new Error('AKIAIOSFODNN7EXAMPLE leaked'), new Error('fine')], 'two failures')
    const out = redact({ agg }).agg as AggregateError
    expect(out).toBeInstanceOf(AggregateError)
    expect(out.errors.map((e: Error) => e.message)).toEqual(['[REDACTED] leaked', 'fine'])
    const fine = new TypeError('x is not a function')
    expect(redact({ fine }).fine).toBe(fine)
  })

  it('a path to the message censors it in the stack too', () => {
    const err = new Error('user alice@example.com not found')
    const out = redact({ err }, { paths: ['err.message'] }).err as Error
    expect(out.message).toBe('[REDACTED]')
    expect(out.stack).not.toContain('alice@example.com')
    expect(out.stack!.split('\n')[0]).toBe('Error: [REDACTED]')
  })
})

describe('safety', () => {
  it('never mutates the caller objects (copy on write along changed paths only)', () => {
    const shared = { id: 7 }
    const fields = {
      apiKey: 'sk-1',
      user: { name: 'a', password: 'p', prefs: shared },
      list: [{ token: 't' }, shared],
      err: Object.assign(new Error('Bearer abcdefgh12345678'), { secret: 's' }),
    }
    const before = snapshot(fields)
    const errBefore = [fields.err.message, fields.err.stack]
    for (const censor of ['redact', 'remove', 'mask'] as const) {
      const out = redact(fields, { paths: ['apiKey'], censor })
      expect(out).not.toBe(fields)
      // untouched branches are shared, not copied
      expect((out.user as { prefs: unknown }).prefs).toBe(shared)
    }
    expect(snapshot(fields)).toEqual(before)
    expect([fields.err.message, fields.err.stack]).toEqual(errBefore)
  })

  it('circular objects terminate and are still redacted', () => {
    const a: Record<string, unknown> = { token: 'x', name: 'a' }
    a.self = a
    a.list = [a, { back: a, password: 'p' }]
    const wide: Record<string, unknown> = {}
    for (let i = 0; i < 20; i++) wide[`k${i}`] = wide
    const started = Date.now()
    const out = redact({ a, wide })
    expect(Date.now() - started).toBeLessThan(1000)
    const ra = out.a as Record<string, unknown>
    expect(ra.token).toBe('[REDACTED]')
    expect(ra.self).toBe(a) // a cycle is written as [Circular] by the serializer; left as is
    expect((ra.list as unknown[])[1]).toEqual({ back: a, password: '[REDACTED]' })
    expect(a.token).toBe('x')
  })

  it('stops at the serializer depth limit and array cap', () => {
    const deep = { l1: { l2: { l3: { token: 'x' } } } }
    const r = createRedactor({}, { maxDepth: 3, maxArrayLength: 2 })
    // at depth 3 the serializer writes "[Object]": nothing below it is written, nothing to scan
    expect(r.redactRecord(record({ deep })).fields.deep).toBe(deep)
    const shallow = { l1: { token: 'x' } }
    expect(r.redactRecord(record({ shallow })).fields.shallow).toEqual({ l1: { token: '[REDACTED]' } })
    const list = ['a', 'b', 'AKIAIOSFODNN7EXAMPLE']
    expect(r.redactRecord(record({ list })).fields.list).toBe(list)
  })

  it('redactValue and redactString for other callers (CLI output)', () => {
    const r = createRedactor()
    expect(r.redactString('Bearer abcdefgh12345678')).toBe('Bearer [REDACTED]')
    expect(r.redactValue({ a: { token: 'x' } })).toEqual({ a: { token: '[REDACTED]' } })
  })
})

describe('odd keys', () => {
  it('a "__proto__" key from JSON.parse is redacted as an own key, never as the prototype', () => {
    const fields = JSON.parse('{"__proto__":{"token":"abc"},"password":"p"}') as Record<string, unknown>
    const out = redact(fields)
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ token: '[REDACTED]' })
    expect(out.password).toBe('[REDACTED]')
  })
})
