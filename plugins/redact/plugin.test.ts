import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DEFAULTS, type ResolvedConfig } from '../../core/config-schema.js'
import { LwError } from '../../core/errors.js'
import { Pipeline, type PipelineHost } from '../../core/pipeline.js'
import type { LogRecord } from '../../core/record.js'
import { createSerializer } from '../../core/serialize.js'
import { validate } from '../../core/validate.js'
import plugin, { createRedactPlugin, redactSchema, type RedactOptions } from './index.js'

const config: ResolvedConfig = {
  level: 30,
  categories: ['system', 'enforcement', 'error', 'audit'],
  errorCopies: true,
  redact: true,
  queue: DEFAULTS.queue,
  batch: DEFAULTS.batch,
  workers: { threads: 1 },
  exit: DEFAULTS.exit,
  flushTimeoutMs: DEFAULTS.flushTimeoutMs,
  startTimeoutMs: DEFAULTS.startTimeoutMs,
  record: DEFAULTS.record,
  baseDir: process.cwd(),
}

/** A real Pipeline and serializer; the host records what the pipeline reports. */
function harness() {
  const internal: Array<[number, string, string, Record<string, unknown> | undefined]> = []
  const host: PipelineHost = {
    internal: (level, category, message, fields) => void internal.push([level, category, message, fields]),
    runTask: () => Promise.reject(new Error('no pool in this test')),
    stats: () => ({ level: 'info', redaction: 'on', lanes: [], plugins: [] }),
  }
  const pipeline = new Pipeline(config, host)
  const serializer = createSerializer(config.record)
  const lines: string[] = []
  pipeline.hooks.aggregate.tap('test', (line) => void lines.push(line))
  const log = (message: string, fields: Record<string, unknown>) => {
    const record: LogRecord = { time: Date.UTC(2025, 9, 15, 10, 23, 45, 123), level: 30, category: 'system', message, eventId: 'e', bindings: '', fields }
    pipeline.process(record, serializer.line)
    return lines[lines.length - 1]
  }
  return { pipeline, log, lines, internal }
}

function options(o: Record<string, unknown> = {}): RedactOptions {
  const copy = structuredClone(o)
  validate(redactSchema, copy, 'test', 'redact')
  return copy as unknown as RedactOptions
}

describe('options schema', () => {
  it('fills defaults', () => {
    expect(options()).toEqual({ paths: [], keys: [], defaultKeys: true, patterns: true, customPatterns: [], censor: 'redact', maskKeep: 4 })
  })

  it('rejects unknown options, censor modes and pattern names with LW_ERR_CONFIG_INVALID', () => {
    for (const bad of [{ pathz: [] }, { censor: 'hash' }, { patterns: ['bearer', 'nope'] }, { customPatterns: [{ name: 'x' }] }, { maskKeep: -1 }]) {
      let err: unknown
      try {
        options(bad)
      } catch (e) {
        err = e
      }
      expect((err as LwError).code).toBe('LW_ERR_CONFIG_INVALID')
    }
  })

  it('the README documents every option', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8')
    for (const name of Object.keys(redactSchema.properties as object)) expect(readme).toContain(`| \`${name}\``)
  })
})

describe('plugin in a real pipeline', () => {
  it('redacts fields, nested errors and the message in the serialized line', () => {
    const { pipeline, log } = harness()
    void plugin.apply(pipeline, options({ paths: ['apiKey'] }))
    const err = Object.assign(new Error('telegram https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ/sendMessage'), {
      code: 'ETIMEDOUT',
    })
    const line = log('auth with Bearer abcdefgh12345678', { apiKey: 'sk-123456', account_id: 'ABC123', err })
    const parsed = JSON.parse(line)
    expect(parsed.message).toBe('auth with Bearer [REDACTED]')
    expect(parsed.apiKey).toBe('[REDACTED]')
    expect(parsed.account_id).toBe('ABC123')
    expect(parsed.err.type).toBe('Error')
    expect(parsed.err.code).toBe('ETIMEDOUT')
    expect(parsed.err.message).toBe('telegram https://api.telegram.org/bot[REDACTED]/sendMessage')
    for (const secret of ['sk-123456', 'abcdefgh12345678', 'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ']) expect(line).not.toContain(secret)
  })

  it('runs after other redact taps, so what they add is redacted too', () => {
    const { pipeline, log } = harness()
    void plugin.apply(pipeline, options())
    pipeline.hooks.redact.tap('enricher', (r) => ({ ...r, fields: { ...r.fields, token: 'added-later' } }))
    expect(JSON.parse(log('m', {})).token).toBe('[REDACTED]')
  })

  it('bad paths and regexes fail at apply, not at log time', () => {
    const { pipeline } = harness()
    expect(() => plugin.apply(pipeline, options({ paths: ['a..b'] }))).toThrow(LwError)
    expect(() => plugin.apply(pipeline, options({ customPatterns: [{ name: 'x', regex: '[' }] }))).toThrow(
      /LW_ERR_REDACT_PATTERN|redact\.customPatterns\[0\]\.regex/,
    )
  })

  it('a field whose getter throws is written as the serializer would, scanned; the record is kept', () => {
    const { pipeline, log } = harness()
    void plugin.apply(pipeline, options())
    const evil = {
      ok: 1,
      get boom(): string {
        throw new Error('getter failed for AKIAIOSFODNN7EXAMPLE')
      },
    }
    let line = ''
    expect(() => {
      line = log('secret AKIAIOSFODNN7EXAMPLE inside', { evil })
    }).not.toThrow()
    expect(line).not.toContain('AKIAIOSFODNN7EXAMPLE')
    expect(JSON.parse(line)).toMatchObject({ message: 'secret [REDACTED] inside', evil: { ok: 1, boom: '[Unserializable: getter failed for [REDACTED]]' } })
  })

  it('anything else that throws while redacting withholds the record (fail closed)', () => {
    const { pipeline, log, internal } = harness()
    void plugin.apply(pipeline, options())
    const evil = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys')
        },
      },
    )
    let line = ''
    expect(() => {
      line = log('secret AKIAIOSFODNN7EXAMPLE inside', { evil })
    }).not.toThrow()
    expect(line).not.toContain('AKIAIOSFODNN7EXAMPLE')
    expect(JSON.parse(line).message).toBe('[withheld: redaction failed]')
    expect(internal.some(([, category, message]) => category === 'error' && message.includes('redact'))).toBe(true)
  })
})

describe('createRedactPlugin', () => {
  it('takes a censor function and validates the rest now', () => {
    const { pipeline, log } = harness()
    void createRedactPlugin({ paths: ['card'], censor: (v) => `#${String(v).length}` }).apply(pipeline, {})
    expect(JSON.parse(log('m', { card: 'abcd', password: 'pw' }))).toMatchObject({ card: '#4', password: '#2' })
    expect(() => createRedactPlugin({ paths: ['ok', '*.'] })).toThrow(/LW_ERR_REDACT_PATH|createRedactPlugin\(\)\.paths\[1\]/)
    expect(() => createRedactPlugin({ censor: 'hash' as never })).toThrow(/censor/)
  })

  it('a throwing censor function never reaches the caller and fails closed', () => {
    const { pipeline, log } = harness()
    void createRedactPlugin({
      censor: () => {
        throw new Error('bug')
      },
    }).apply(pipeline, {})
    const line = log('jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl', { token: 'abc' })
    expect(JSON.parse(line)).toMatchObject({ message: 'jwt [REDACTED]', token: '[REDACTED]' })
  })
})
