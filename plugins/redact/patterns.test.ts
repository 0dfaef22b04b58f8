import { describe, expect, it } from 'vitest'
import { LwError } from '../../core/errors.js'
import { createCensor } from './censor.js'
import { BUILTIN_PATTERN_NAMES, createScanner, luhn, type BuiltinPatternName, type Scanner } from './patterns.js'

const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'
const TG = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ'
const DISCORD_TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcdefghijklmnopqrstuvwxyzABCD'
const GH = 'ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'
const GOOGLE = 'AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY'
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn\n/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yP\n-----END RSA PRIVATE KEY-----'

function scanner(patterns: boolean | string[] = true, mode: 'redact' | 'mask' | 'remove' = 'redact'): Scanner {
  return createScanner({ patterns, customPatterns: [], where: 'redact' }, createCensor(mode, 4))!
}
const scan = (s: string, patterns: boolean | string[] = true) => scanner(patterns).scan(s, '')

describe('luhn', () => {
  it('accepts valid and rejects invalid numbers', () => {
    expect(luhn('4111111111111111')).toBe(true)
    expect(luhn('378282246310005')).toBe(true)
    expect(luhn('4111111111111112')).toBe(false)
    expect(luhn('79927398713')).toBe(true)
    expect(luhn('79927398710')).toBe(false)
  })
})

describe('built-in patterns', () => {
  it('bearer: keeps the scheme, censors the token', () => {
    expect(scan('Authorization: Bearer sk-live-abcdef123456')).toBe('Authorization: Bearer [REDACTED]')
    expect(scan('authorization=bearer abcdefgh12345678==')).toBe('authorization=bearer [REDACTED]')
    // prose and short words after "bearer" stay
    expect(scan('the bearer token expired for user 42')).toBe('the bearer token expired for user 42')
  })

  it('jwt: three base64url segments starting eyJ, alone or after Bearer', () => {
    expect(scan(`token ${JWT} rejected`)).toBe('token [REDACTED] rejected')
    expect(scan(`Bearer ${JWT}`)).toBe('Bearer [REDACTED]')
    // unsigned (alg none) tokens end with a dot and are still tokens
    expect(scan('eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.')).toBe('[REDACTED]')
    // two segments, or not starting eyJ: not a JWT
    expect(scan('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0')).toBe('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0')
    expect(scan('file.name.tar.gz and abcde.fghij.klmno')).toBe('file.name.tar.gz and abcde.fghij.klmno')
  })

  it.each([
    'https://discord.com/api/webhooks/1234567890123456789/',
    'https://discordapp.com/api/webhooks/1234567890123456789/',
    'https://ptb.discord.com/api/webhooks/1234567890123456789/',
    'https://canary.discord.com/api/v10/webhooks/1234567890123456789/',
    'HTTPS://Discord.com/api/webhooks/1234567890123456789/',
  ])('discordWebhook: %s<token> keeps the id, censors the token', (prefix) => {
    const url = `${prefix}${DISCORD_TOKEN}`
    const out = scan(`POST ${url}?wait=true failed`)
    expect(out).toBe(`POST ${prefix}[REDACTED]?wait=true failed`)
    expect(out).not.toContain(DISCORD_TOKEN)
  })

  it('discordWebhook: other URLs stay', () => {
    const s = 'https://discord.com/channels/1234567890/987654321 and https://example.com/webhooks/12/abc'
    expect(scan(s)).toBe(s)
  })

  it('telegramBotToken: alone and inside api.telegram.org/bot<token>/', () => {
    expect(scan(`token ${TG}`)).toBe('token [REDACTED]')
    expect(scan(`https://api.telegram.org/bot${TG}/sendMessage`)).toBe('https://api.telegram.org/bot[REDACTED]/sendMessage')
    // a time, a ratio, or a short tail after the colon is not a token
    expect(scan('at 12:30:45 ratio 1234567:89 id 1234567:abcdefghij')).toBe('at 12:30:45 ratio 1234567:89 id 1234567:abcdefghij')
  })

  it('awsAccessKey: AKIA/ASIA + 16', () => {
    expect(scan('key AKIAIOSFODNN7EXAMPLE used')).toBe('key [REDACTED] used')
    expect(scan('ASIAY34FZKBOKMUTVV7A')).toBe('[REDACTED]')
    // too short, too long, or lower case
    expect(scan('AKIAIOSFODNN7EXAMPL AKIAIOSFODNN7EXAMPLEX akiaiosfodnn7example')).toBe('AKIAIOSFODNN7EXAMPL AKIAIOSFODNN7EXAMPLEX akiaiosfodnn7example')
  })

  it.each([
    ['4111111111111111'],
    ['4111 1111 1111 1111'],
    ['4111-1111-1111-1111'],
    ['5555555555554444'],
    ['3782 822463 10005'],
    ['6011000990139424'],
    ['4222222222222'],
  ])('cardNumber: %s is censored', (card) => {
    expect(scan(`card ${card}, thanks`)).toBe('card [REDACTED], thanks')
  })

  it.each([
    ['Luhn-invalid', 'card 4111111111111112'],
    ['order id (starts with 1, an epoch ms)', 'order 1718000000000 filled at 1718000000123456'],
    ['order id glued to a prefix', 'order ORD-4111111111111111 and X4111111111111111'],
    ['a decimal', 'pnl 0.4111111111111111'],
    ['too long', 'id 41111111111111111111111'],
    ['mixed separators', '4111 1111-1111 1111'],
    ['all one digit', 'ref 4444444444444444'],
    ['phone-like groups', '+1 555 123 4567 and 2024-01-15 12:30'],
  ])('cardNumber: %s stays', (_why, s) => {
    expect(scan(s)).toBe(s)
  })

  it('urlCredentials: censors the password only', () => {
    expect(scan('connecting to postgres://app:s3cr3t-pw@db.internal:5432/risk')).toBe('connecting to postgres://app:[REDACTED]@db.internal:5432/risk')
    expect(scan('https://example.com/a:b@c')).toBe('https://example.com/a:b@c')
  })

  it('patterns: a list enables only those', () => {
    const s = `Bearer abcdefgh12345678 AKIAIOSFODNN7EXAMPLE`
    expect(scan(s, ['awsAccessKey'])).toBe('Bearer abcdefgh12345678 [REDACTED]')
    expect(createScanner({ patterns: false, customPatterns: [], where: 'r' }, createCensor('redact', 4))).toBeUndefined()
  })

  it('leaves ordinary strings as the same string and skips short ones', () => {
    const s = 'UnrealizedLoss violated: -210 > -200 on MNQ for ABC123 at 2025-10-15T10:23:45.123Z'
    expect(scan(s)).toBe(s)
    expect(scanner().minLength).toBeGreaterThan(4)
  })

  it('mask keeps the last 4; remove cuts the secret out', () => {
    expect(scanner(true, 'mask').scan('card 4111 1111 1111 1234 ok'.replace('1234', '1111'), '')).toBe('card ******1111 ok')
    expect(scanner(true, 'mask').scan('Bearer abcdefgh12345678', '')).toBe('Bearer ******5678')
    expect(scanner(true, 'remove').scan('key AKIAIOSFODNN7EXAMPLE used', '')).toBe('key  used')
  })

  // One example per built-in (the Record type makes a new built-in without an example a compile
  // error; the first assertion catches it at run time too)
  const EXAMPLES: Record<BuiltinPatternName, [string, string]> = {
    awsAccessKey: ['key AKIAIOSFODNN7EXAMPLE used', 'key [REDACTED] used'],
    basicAuth: ['Authorization: Basic dXNlcjpodW50ZXIy', 'Authorization: Basic [REDACTED]'],
    bearer: ['Authorization: Bearer sk-live-abcdef123456', 'Authorization: Bearer [REDACTED]'],
    cardNumber: ['card 4111111111111111, thanks', 'card [REDACTED], thanks'],
    cookieHeader: ['Set-Cookie: sid=31d4d96e407aad42; Path=/; HttpOnly', 'Set-Cookie: [REDACTED]'],
    credentialParam: ['GET /v1/report?client_secret=Zm9vYmFyYmF6 200', 'GET /v1/report?client_secret=[REDACTED] 200'],
    discordWebhook: [
      `POST https://discord.com/api/webhooks/1234567890123456789/${DISCORD_TOKEN}`,
      'POST https://discord.com/api/webhooks/1234567890123456789/[REDACTED]',
    ],
    githubToken: [`push with ${GH}`, 'push with [REDACTED]'],
    googleApiKey: [`maps ${GOOGLE} loaded`, 'maps [REDACTED] loaded'],
    jwt: [`token ${JWT} rejected`, 'token [REDACTED] rejected'],
    privateKey: [PEM, '-----BEGIN RSA PRIVATE KEY-----[REDACTED]-----END RSA PRIVATE KEY-----'],
    slackToken: ['slack xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', 'slack [REDACTED]'],
    slackWebhook: ['POST https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX', 'POST https://hooks.slack.com/services/[REDACTED]'],
    stripeKey: ['charge with sk_live_51HxYzAbCdEfGhIjKlMn failed', 'charge with [REDACTED] failed'],
    telegramBotToken: [`token ${TG}`, 'token [REDACTED]'],
    urlCredentials: ['postgres://app:s3cr3t-pw@db.internal:5432/risk', 'postgres://app:[REDACTED]@db.internal:5432/risk'],
    urlToken: ['clone https://Zx9Yw8Vu7Ts6Rq5Po4Nm3@git.example.com/repo', 'clone https://[REDACTED]@git.example.com/repo'],
  }

  it('every built-in, enabled alone, censors its example, and the others leave that example alone', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual([...BUILTIN_PATTERN_NAMES].sort())
    for (const name of BUILTIN_PATTERN_NAMES) {
      const [text, censored] = EXAMPLES[name]
      expect(scan(text, [name]), name).toBe(censored)
      expect(
        scan(
          text,
          BUILTIN_PATTERN_NAMES.filter((n) => n !== name),
        ),
        `all but ${name}`,
      ).toBe(text)
    }
  })
})

describe('the cheap checks before the regexes', () => {
  // the gate and each family's characters and anchor only decide what runs: none may hide a
  // secret the family's regexes catch, whatever its case or its credential name
  const flip = (s: string) => [...s].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join('')
  it('case-insensitive families are found in any case', () => {
    for (const word of ['Bearer', 'BEARER', 'bEaReR']) expect(scan(`h ${word} abcdefgh12345678`)).toBe(`h ${word} [REDACTED]`)
    for (const word of ['Basic', 'BASIC', 'bAsIc']) expect(scan(`${word} dXNlcjpodW50ZXIy`)).toBe(`${word} [REDACTED]`)
    expect(scan('SET-COOKIE: sid=31d4d96e407aad42')).toBe('SET-COOKIE: [REDACTED]')
    expect(scan(`POST https://DISCORD.COM/API/WEBHOOKS/123/${DISCORD_TOKEN}`)).toBe('POST https://DISCORD.COM/API/WEBHOOKS/123/[REDACTED]')
    expect(scan('https://HOOKS.SLACK.COM/services/T0000/B0000/XXXXXXXXXXXX')).toBe('https://HOOKS.SLACK.COM/services/[REDACTED]')
  })

  it('every credential name, in every form, in any case', () => {
    const names = [
      'password',
      'passwords',
      'passwd',
      'passphrase',
      'pwd',
      'secret',
      'secrets',
      'token',
      'api_key',
      'apikeys',
      'access.key',
      'private-key',
      'secret_keys',
      'signature',
      'sig',
      'credential',
      'credentials',
      'auth',
      'authorization',
      'cookie',
      'session_id',
      'dsn',
      'X-Amz-Signature',
      'dbPassword',
    ]
    for (const name of names) {
      for (const n of [name, name.toUpperCase(), flip(name)]) {
        expect(scan(`?${n}=hunter2hunter2&x=1`), n).toBe(`?${n}=[REDACTED]&x=1`)
        expect(scan(`{"${n}": "hunter2 hunter2"}`), n).toBe(`{"${n}": "[REDACTED]"}`)
      }
    }
  })

  it('a secret after a censored one is still found by the families that follow', () => {
    expect(scan(`postgres://app:pw@db ?token=abcdefgh ${GH} ${GOOGLE}`)).toBe('postgres://app:[REDACTED]@db ?token=[REDACTED] [REDACTED] [REDACTED]')
  })

  it('strings without any family character or word are the same string', () => {
    for (const s of ['Position 1234 closed due to unrealized loss limit exceeded for order 1001234', 'connection to broker lost, retrying in 5 s (attempt 3)'])
      expect(scan(s)).toBe(s)
  })
})

describe('custom patterns', () => {
  const censor = createCensor('redact', 4)
  it('censors the whole match, or only the `secret` group', () => {
    const s = createScanner(
      {
        patterns: false,
        customPatterns: [
          { name: 'stripe', regex: 'sk_live_[A-Za-z0-9]{8,}' },
          { name: 'pin', regex: 'pin=(?<secret>\\d{4,6})', flags: 'i' },
        ],
        where: 'redact',
      },
      censor,
    )!
    expect(s.scan('charged with sk_live_abcdEFGH1234, PIN=123456 ok', '')).toBe('charged with [REDACTED], PIN=[REDACTED] ok')
  })

  it('an invalid regex fails at start with LW_ERR_REDACT_PATTERN naming the option', () => {
    let err: unknown
    try {
      createScanner(
        {
          patterns: true,
          customPatterns: [
            { name: 'ok', regex: 'a+' },
            { name: 'broken', regex: '(unclosed' },
          ],
          where: 'redact',
        },
        censor,
      )
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(LwError)
    expect((err as LwError).code).toBe('LW_ERR_REDACT_PATTERN')
    expect((err as LwError).message).toContain('redact.customPatterns[1].regex')
    expect((err as LwError).message).toContain('"broken"')
  })

  it('bad flags and empty-matching regexes are rejected', () => {
    expect(() => createScanner({ patterns: false, customPatterns: [{ name: 'f', regex: 'a', flags: 'uv' }], where: 'r' }, censor)).toThrow(
      /LW_ERR_REDACT_PATTERN|invalid custom pattern/,
    )
    expect(() => createScanner({ patterns: false, customPatterns: [{ name: 'e', regex: 'x*' }], where: 'r' }, censor)).toThrow('empty string')
  })

  it('a lookahead that matches empty in some places does not loop forever', () => {
    const s = createScanner({ patterns: false, customPatterns: [{ name: 'la', regex: '(?=k)' }], where: 'r' }, censor)!
    expect(s.scan('kkk', '')).toBe('kkk')
  })
})

describe('clean-string cache', () => {
  it('remembers only clean strings: a secret is censored every time it is seen', () => {
    const s = scanner()
    const clean = 'UnrealizedLoss violated on account ABC123'
    const secret = 'key AKIAIOSFODNN7EXAMPLE used'
    for (let i = 0; i < 3; i++) {
      expect(s.scan(clean, '')).toBe(clean)
      expect(s.scan(secret, '')).toBe('key [REDACTED] used')
    }
  })

  it('stays correct past its size limit', () => {
    const s = scanner()
    for (let i = 0; i < 3000; i++) expect(s.scan(`order ${i} filled for account ABC123`, '')).toBe(`order ${i} filled for account ABC123`)
    expect(s.scan('card 4111111111111111 on file', '')).toBe('card [REDACTED] on file')
  })
})
