/**
 * Every part of a record the serializer writes is redacted: the event (which is written from the
 * `event` field), the correlation id, bytes (written as base64, where no pattern would see a
 * secret), object Map keys and RegExp sources. Checked on the serialized line, as a sink sees it.
 */
import { describe, expect, it } from 'vitest'
import { createSerializer } from '../../core/serialize.js'
import { DEFAULTS } from '../../core/config-schema.js'
import type { LogRecord } from '../../core/record.js'
import { createRedactor } from './redactor.js'

const BEARER = 'Bearer abcDEF123456ghiJKL7890'
const TOKEN = 'abcDEF123456ghiJKL7890'
const redactor = createRedactor({}, DEFAULTS.record)
const { line } = createSerializer(DEFAULTS.record)

function written(fields: Record<string, unknown>, extra: Partial<LogRecord> = {}): string {
  const event = typeof fields.event === 'string' ? fields.event : undefined
  return line(redactor.redactRecord({ time: 0, level: 30, category: 'system', message: 'm', event, eventId: 'e1', bindings: '', fields, ...extra }))
}

/** Every base64 value in a line, decoded: a secret must not hide there either. */
function decodedBytes(text: string): string {
  return [...text.matchAll(/"base64":"([^"]*)"/g)].map((m) => Buffer.from(m[1], 'base64').toString('latin1')).join('\n')
}

describe('record fields beyond the fields object', () => {
  it('the event says what the censored event field says, once', () => {
    const out = JSON.parse(written({ event: BEARER, account_id: 'A1' }))
    expect(out.event).toBe('Bearer [REDACTED]')
    expect(out.field_event).toBeUndefined()
    expect(JSON.stringify(out)).not.toContain(TOKEN)
  })

  it('an event under a secret path is censored, and an innocent event is kept', () => {
    const byPath = createRedactor({ paths: ['event'] }, DEFAULTS.record)
    const r = byPath.redactRecord({
      time: 0,
      level: 30,
      category: 'system',
      message: 'm',
      event: 'lockout',
      eventId: 'e',
      bindings: '',
      fields: { event: 'lockout' },
    })
    expect(r.event).toBe('[REDACTED]')
    expect(JSON.parse(written({ event: 'position_closed' })).event).toBe('position_closed')
  })

  it('the correlation id is scanned', () => {
    expect(written({}, { correlationId: `req ${BEARER}` })).not.toContain(TOKEN)
  })
})

describe('bytes', () => {
  it.each([
    ['Buffer', (s: string) => Buffer.from(s)],
    ['Uint8Array', (s: string) => new Uint8Array(Buffer.from(s))],
    [
      'ArrayBuffer',
      (s: string) => {
        const b = Buffer.from(s)
        return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)
      },
    ],
  ])('a %s holding a secret is written with the secret censored, the other bytes kept', (_type, make) => {
    const text = written({ frame: make(`GET / HTTP/1.1\r\nAuthorization: ${BEARER}\r\n\r\n`) })
    const bytes = decodedBytes(text)
    expect(bytes).toBe('GET / HTTP/1.1\r\nAuthorization: Bearer [REDACTED]\r\n\r\n')
    expect(bytes).not.toContain(TOKEN)
  })

  it('binary bytes around a secret come back exactly, and clean bytes are the same object', () => {
    const head = Buffer.from([0, 255, 128, 7])
    const buf = Buffer.concat([head, Buffer.from(` key=AKIAIOSFODNN7EXAMPLE `), head])
    const out = redactor.redactValue({ b: buf }) as { b: Buffer }
    expect(Buffer.isBuffer(out.b)).toBe(true)
    expect(out.b.subarray(0, 4)).toEqual(head)
    expect(out.b.subarray(-4)).toEqual(head)
    expect(out.b.toString('latin1')).not.toContain('AKIAIOSFODNN7EXAMPLE')
    const clean = Buffer.from('nothing secret in here at all')
    expect((redactor.redactValue({ clean }) as { clean: Buffer }).clean).toBe(clean)
  })

  it('a secret straddling the serializer cut is still censored', () => {
    const cap = Math.floor((DEFAULTS.record.maxStringLength * 3) / 4)
    const buf = Buffer.concat([Buffer.alloc(cap - 10, 0x61), Buffer.from(` ${BEARER} `)])
    expect(decodedBytes(written({ buf }))).not.toContain(TOKEN.slice(0, 8))
  })
})

describe('containers', () => {
  it('Map values, object Map keys, Set items, RegExp sources', () => {
    const text = written({
      m: new Map<unknown, unknown>([
        ['note', BEARER],
        [{ auth: BEARER }, 1],
      ]),
      s: new Set([BEARER]),
      re: new RegExp(`Bearer ${TOKEN}`),
    })
    expect(text).not.toContain(TOKEN)
    expect(text).toContain('[REDACTED]')
  })

  it('error messages, stacks and causes', () => {
    const err = new Error(`call failed: ${BEARER}`, { cause: new Error('redis://:SuperSecretPw@cache:6379') })
    const text = written({ err })
    expect(text).not.toContain(TOKEN)
    expect(text).not.toContain('SuperSecretPw')
  })
})
