/**
 * Each secret family with values that must be censored AND look-alikes that must stay: a family
 * that also eats ordinary log text would blind the logs, so the negatives are as binding as the
 * positives. Values are fake.
 */
import { describe, expect, it } from 'vitest'
import { createCensor } from './censor.js'
import { createKeyMatcher } from './keys.js'
import { createScanner } from './patterns.js'

const scanner = createScanner({ patterns: true, customPatterns: [], where: 'redact' }, createCensor('redact', 4))!
const scan = (s: string) => scanner.scan(s, '')

const FAMILIES: Record<string, { censored: Array<[string, string]>; kept: string[] }> = {
  'URL with an empty user / a password': {
    censored: [
      ['redis://:SuperSecretPw@cache:6379/0', 'redis://:[REDACTED]@cache:6379/0'],
      ['amqp://guest:gu3st@rabbit/vhost', 'amqp://guest:[REDACTED]@rabbit/vhost'],
      ['postgres://app:p@ss@db:5432/risk', 'postgres://app:[REDACTED]@db:5432/risk'],
    ],
    kept: ['redis://cache:6379/0', 'https://example.com/a:b@c', 'see http://host:8080/path for 10:30@noon', 'user:pass@host without a scheme'],
  },
  'token as the URL user': {
    censored: [
      ['https://ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8@github.com/o/r.git', 'https://[REDACTED]@github.com/o/r.git'],
      ['https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.io/42', 'https://[REDACTED]@o1.ingest.sentry.io/42'],
    ],
    kept: ['ssh://git@github.com/o/r.git', 'postgres://app@db/risk', 'mailto://ops@example.com'],
  },
  Stripe: {
    censored: [
      ['sk_live_51HxYzAbCdEfGhIjKlMn', '[REDACTED]'],
      ['rk_live_51HxYzAbCdEfGhIjKlMn', '[REDACTED]'],
      ['key=sk_test_4eC39HqLyjWDarjtT1zdp7dc', 'key=[REDACTED]'],
      ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', '[REDACTED]'],
    ],
    kept: ['pk_live_51HxYzAbCdEfGhIjKlMn', 'task_live_status', 'sk_live_short'],
  },
  GitHub: {
    censored: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_']
      .map((p) => [`t ${p}A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8`, 't [REDACTED]'] as [string, string])
      .concat([['github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ012345', '[REDACTED]']]),
    kept: ['commit 3f786850e387550fdab836ed7e6dc881de23001b', 'ghp_short', 'the ghx_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8 id'],
  },
  Slack: {
    censored: ['xoxb', 'xoxp', 'xoxa', 'xoxr', 'xoxs']
      .map((p) => [`${p}-123456789012-AbCdEfGhIjKl`, '[REDACTED]'] as [string, string])
      .concat([['https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX', 'https://hooks.slack.com/services/[REDACTED]']]),
    kept: ['xoxo-hugs', 'xoxb-short', 'https://slack.com/services/T0/B0/X'],
  },
  'Google API key': {
    censored: [['?key=AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY&v=3', '?key=[REDACTED]&v=3']],
    kept: ['AIzaSyTooShort', 'AIRPORT AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWYX_longer'],
  },
  'PEM private key': {
    censored: [
      [
        '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\nkqhkiG9w0BAQEF\n-----END PRIVATE KEY-----',
        '-----BEGIN PRIVATE KEY-----[REDACTED]-----END PRIVATE KEY-----',
      ],
      [
        '-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXk\\n-----END OPENSSH PRIVATE KEY----- done',
        '-----BEGIN OPENSSH PRIVATE KEY-----[REDACTED]-----END OPENSSH PRIVATE KEY----- done',
      ],
      ['-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBn', '-----BEGIN EC PRIVATE KEY-----[REDACTED]'],
    ],
    kept: [
      '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----',
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
      'rotate the private key tomorrow',
    ],
  },
  'Authorization: Basic': {
    censored: [
      ['Authorization: Basic dXNlcjpodW50ZXIy', 'Authorization: Basic [REDACTED]'],
      ['authorization=basic YWRtaW46czNjcjN0IQ==', 'authorization=basic [REDACTED]'],
    ],
    kept: ['basic authentication failed', 'Basic configuration applied', 'basic settings ok'],
  },
  'query-string and assignment credentials': {
    censored: [
      ['/cb#access_token=ya29.a0AfH6SMB&expires_in=3599', '/cb#access_token=[REDACTED]&expires_in=3599'],
      ['?token=abc123&page=2', '?token=[REDACTED]&page=2'],
      ['?api_key=k-12345&apikey=k-6789', '?api_key=[REDACTED]&apikey=[REDACTED]'],
      ['?sv=2021&sig=Zm9vYmFy%2Bc2ln&se=2030', '?sv=2021&sig=[REDACTED]&se=2030'],
      [
        '?signature=abcdef&X-Amz-Signature=0123abcd&X-Amz-Credential=AKIA%2F2024',
        '?signature=[REDACTED]&X-Amz-Signature=[REDACTED]&X-Amz-Credential=[REDACTED]',
      ],
      ['?user=bob&password=hunter2', '?user=bob&password=[REDACTED]'],
      ['client_secret=Zm9vYmFy', 'client_secret=[REDACTED]'],
      ['aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'aws_secret_access_key=[REDACTED]'],
      ['DB_PASSWORD="p4ss w0rd" next', 'DB_PASSWORD="[REDACTED]" next'],
      ["secret='a b' x", "secret='[REDACTED]' x"],
      ['body {"username":"bob","password":"hunter2"}', 'body {"username":"bob","password":"[REDACTED]"}'],
      ["{'refresh_token': 'r-123'}", "{'refresh_token': '[REDACTED]'}"],
    ],
    kept: [
      'max_tokens=4096 token_count=12 tokens=3',
      'author=bob authority=ca1 authenticated=true',
      'key=orders:42 cache_key=x',
      'pass=12 fail=0',
      '"note": "password reset requested"',
      'password reset requested for bob',
    ],
  },
  'Cookie / Set-Cookie': {
    censored: [
      ['Set-Cookie: sid=31d4d96e407aad42; Path=/; Secure', 'Set-Cookie: [REDACTED]'],
      ['Cookie: a=1; session=xyz', 'Cookie: [REDACTED]'],
    ],
    kept: ['cookie: consent banner shown', 'cookies disabled'],
  },
}

describe('secret families', () => {
  for (const [family, { censored, kept }] of Object.entries(FAMILIES)) {
    it(`${family}: censored`, () => {
      for (const [input, output] of censored) expect(scan(input), input).toBe(output)
    })
    it(`${family}: look-alikes stay`, () => {
      for (const s of kept) expect(scan(s), s).toBe(s)
    })
  }
})

describe('secret key names', () => {
  const isSecret = createKeyMatcher({ defaults: true, extra: [] })!
  it.each([
    'password',
    'passwords',
    'dbPassword',
    'secrets',
    'client_secret',
    'webhook_secret',
    'refresh_token',
    'csrfToken',
    'private_key',
    'private_key_id',
    'privateKeyPem',
    'signature',
    'signatures',
    'sig',
    'apiKeys',
    'accessKeys',
    'auth',
    'authKey',
    'auth_header',
    'authCode',
    'Set-Cookie',
    'cookies',
    'proxy-authorization',
    'credentials',
  ])('%s is secret', (key) => expect(isSecret(key)).toBe(true))
  it.each([
    'author',
    'authority',
    'authenticated',
    'authMethod',
    'auth_type',
    'authProvider',
    'tokens',
    'max_tokens',
    'token_count',
    'key',
    'cache_key',
    'pass',
    'session',
    'signal',
    'design',
    'public_key',
    'key_id',
  ])('%s is not', (key) => expect(isSecret(key)).toBe(false))
})
