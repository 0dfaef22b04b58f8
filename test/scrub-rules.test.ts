/**
 * The core scrubber on its own (known values, secret names, its built-in rules, the injected
 * patterns) and the parse-error descriptions: where and what, never the source text.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Scrubber, isSecretName } from '../core/scrub.js'
import { describeLoadError } from '../core/config-errors.js'
import { LwError } from '../core/errors.js'
import { tempDir } from './helpers/sinks.js'

describe('Scrubber', () => {
  it('shows an ${env:} value as its reference, also percent-encoded, and a secret literal as [REDACTED]', () => {
    const s = new Scrubber().addEnv('HOOK', 'https://x.example/a b/zzz').addSecret('literal-1234')
    expect(s.scrub('POST https://x.example/a b/zzz failed')).toBe('POST ${env:HOOK} failed')
    expect(s.scrub('url=https%3A%2F%2Fx.example%2Fa%20b%2Fzzz')).not.toContain('x.example')
    expect(s.scrub('pw literal-1234.')).toBe('pw [REDACTED].')
  })

  it('ignores values too short to tell from ordinary words', () => {
    expect(new Scrubber().addEnv('N', 'abc').scrub('abc abc')).toBe('abc abc')
  })

  it('records strings under secret-like keys at any depth, not the others', () => {
    const s = new Scrubber().addConfigSecrets({ plugins: [{ x: { dbPassword: 'pw-aaaa1111', dir: '/var/log/app', auth: { user: 'u-bbbb2222' } } }] })
    expect(s.scrub('pw-aaaa1111 u-bbbb2222 /var/log/app')).toBe('[REDACTED] u-bbbb2222 /var/log/app')
  })

  it('an object under a secret-like key names where secrets are; only its own secret-like keys count', () => {
    const s = new Scrubber().addConfigSecrets({
      secrets: { admin: { env: 'LW_ADMIN_SECRET', file: '/run/admin' } },
      tokens: ['tok-aaaa1111'],
      auth: { password: 'pw-bbbb2222' },
    })
    expect(s.scrub('LW_ADMIN_SECRET /run/admin tok-aaaa1111 pw-bbbb2222')).toBe('LW_ADMIN_SECRET /run/admin tok-aaaa1111 [REDACTED]')
  })

  it('takes secret-named environment variables, never the shell working directories', () => {
    const s = new Scrubber().addSecretEnv({ DB_PASSWORD: 'env-pw-9999', DISCORD_WEBHOOK_URL: 'https://h.example/1', PWD: '/home/me', HOME: '/home/me' })
    expect(s.scrub('env-pw-9999 https://h.example/1 /home/me')).toBe('${env:DB_PASSWORD} ${env:DISCORD_WEBHOOK_URL} /home/me')
  })

  it.each([
    ['redis://:SuperSecretPw@host:6379', 'redis://:[REDACTED]@host:6379'],
    ['https://user:pa55word@example.com/x', 'https://user:[REDACTED]@example.com/x'],
    ['https://ghp0123456789abcdefXYZ@github.com/o/r', 'https://[REDACTED]@github.com/o/r'],
    ['Authorization: Bearer abc.DEF-123_456', 'Authorization: Bearer [REDACTED]'],
    ['https://discord.com/api/webhooks/123/tok-EN_x', 'https://discord.com/api/webhooks/123/[REDACTED]'],
    ['https://hooks.slack.com/services/T000/B000/XXXXXXXX', 'https://hooks.slack.com/services/[REDACTED]'],
    ['bot123456789:AAH0123456789abcdefghijklmnopqrstu/send', 'bot123456789:[REDACTED]/send'],
    ['GET /x?access_token=tok123&y=1', 'GET /x?access_token=[REDACTED]&y=1'],
    ['aws_secret_access_key=wJalrXUtnFEMI', 'aws_secret_access_key=[REDACTED]'],
    ['{"apiKey": "k-1234"}', '{"apiKey": "[REDACTED]"}'],
  ])('built-in rule: %s', (input, output) => {
    expect(new Scrubber().scrub(input)).toBe(output)
  })

  it('keeps what validation says about a secret-named option', () => {
    const text = '  logwarden.config.json: plugins[0].notify-telegram.token: must be string'
    expect(new Scrubber().scrub(text)).toBe(text)
  })

  it('applies injected patterns after the known values, and survives one that throws', () => {
    const s = new Scrubber().addSecret('known-aaaa')
    s.usePatterns((t) => t.replace(/sk_live_\w+/g, '[REDACTED]'))
    expect(s.scrub('known-aaaa sk_live_123')).toBe('[REDACTED] [REDACTED]')
    s.usePatterns(() => {
      throw new Error('bad pattern')
    })
    expect(s.scrub('known-aaaa')).toBe('[REDACTED]')
  })

  it('scrubs an error in place: message, stack and causes; code and class kept', () => {
    const s = new Scrubber().addSecret('secret-zzzz')
    const err = new LwError('LW_ERR_PLUGIN_FAILED', 'boom secret-zzzz', { cause: new Error('inner secret-zzzz') })
    expect(s.error(err)).toBe(err)
    expect([err.code, err.message, (err.cause as Error).message]).toEqual(['LW_ERR_PLUGIN_FAILED', 'boom [REDACTED]', 'inner [REDACTED]'])
    expect(err.stack).not.toContain('secret-zzzz')
    expect(s.error('thrown secret-zzzz').message).toBe('thrown [REDACTED]')
  })

  it('isSecretName: suffixes and exact names, not paths or counters', () => {
    expect(['apiKey', 'DISCORD_WEBHOOK_URL', 'client_secret', 'dbPassword', 'auth', 'x-api-key'].map(isSecretName)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ])
    expect(['secretFile', 'tokens', 'author', 'dir', 'maxTokens'].map(isSecretName)).toEqual([false, false, false, false, false])
  })
})

describe('describeLoadError', () => {
  const dirs: Array<() => void> = []
  afterEach(() => {
    for (const c of dirs.splice(0)) c()
  })

  /** the JSONError cosmiconfig's parser throws: only the file path is read from it */
  function jsonError(text: string): Error {
    const t = tempDir('lw-scrub-json-')
    dirs.push(t.cleanup)
    const file = join(t.dir, 'c.json')
    writeFileSync(file, text)
    return Object.assign(new Error(`JSON Error in ${file}:\n> 1 | ${text}`), { name: 'JSONError', filepath: file })
  }

  it.each([
    ['{"a": xyzsecret}', 'invalid JSON at line 1, column 7: Unexpected token'],
    ['{\n  "a": "s3cr3t"  "b": 1}', "invalid JSON at line 2, column 18: Expected ',' or '}' after property value"],
    ['{"a": "abc', 'invalid JSON at line 1, column 11: Unterminated string'],
    ['{"a": 1} xx', 'invalid JSON at line 1, column 10: Unexpected non-whitespace character after JSON'],
    ['\uFEFF{"a": 1,}', 'invalid JSON at line 1, column 9: Expected double-quoted property name'],
  ])('%j → line, column and reason only', (text, expected) => {
    const out = describeLoadError(jsonError(text))
    expect(out).toBe(expected)
    expect(out).not.toMatch(/xyzsecret|s3cr3t|abc|xx/)
  })

  it("YAML: line, column and js-yaml's reason, not its snippet", () => {
    const err = Object.assign(new Error('bad indentation (4:6)\n\n 3 |   token: secret-value'), {
      name: 'YAMLException',
      reason: 'bad indentation of a mapping entry',
      mark: { line: 3, column: 5, snippet: ' 3 |   token: secret-value' },
    })
    expect(describeLoadError(err)).toBe('invalid YAML at line 4, column 6: bad indentation of a mapping entry')
  })

  it('a parser error it cannot place says so, without the excerpt', () => {
    const err = Object.assign(new Error('JSON Error: > 1 | {"token": "x'), { name: 'JSONError' })
    expect(describeLoadError(err)).not.toContain('token')
  })
})
