/**
 * Fake secrets of every family for the fuzz test, from a seeded PRNG (the same run every time).
 * Each one carries CANARY in the part that must be censored, so one search finds any leak; the
 * families whose secret cannot hold letters (card numbers) or only appears encoded (Basic) come
 * from small pools searched value by value.
 */

export const CANARY = 'CNRY'

/** mulberry32: tiny, seeded, good enough to spread values over the families and containers. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/** Luhn-valid numbers starting 2–6 */
export const CARDS = ['4111111111111111', '5555555555554444', '4012888888881881', '6011000990139424', '5105105105105100', '3782822463100050'.slice(0, 15)]
/** base64 of user:password, as sent in `Authorization: Basic` */
export const BASIC = Array.from({ length: 8 }, (_, i) => Buffer.from(`svc${i}:${CANARY}pw-${i}-x9`).toString('base64'))

export interface Secrets {
  /** a secret in the shape of a random family, as it would appear inside text */
  text(): string
  /** a value for a secret-named key, and that key */
  keyed(): [string, string]
  family(): string
}

export function secrets(rand: () => number): Secrets {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]
  const str = (n: number, chars = ALNUM) => Array.from({ length: n }, () => chars[Math.floor(rand() * chars.length)]).join('')
  const tok = (n: number) => CANARY + str(n)
  const card = () => {
    const c = pick(CARDS)
    return rand() < 0.5 || c.length !== 16 ? c : c.replace(/(\d{4})(?=\d)/g, '$1 ')
  }
  const FAMILIES: Record<string, () => string> = {
    urlEmptyUser: () => `redis://:${tok(12)}@cache.internal:6379/0`,
    urlPassword: () => `postgres://app:${tok(10)}@db.internal:5432/risk`,
    urlToken: () => `https://${tok(20)}@git.example.com/org/repo.git`,
    discord: () => `https://discord.com/api/webhooks/123456789012345678/${tok(60)}`,
    slackWebhook: () => `https://hooks.slack.com/services/T0123ABCD/B0123ABCD/${tok(20)}`,
    telegram: () => `https://api.telegram.org/bot7123456789:AA${tok(31)}/sendMessage`,
    bearer: () => `Authorization: Bearer ${tok(24)}`,
    basic: () => `Authorization: Basic ${pick(BASIC)}`,
    jwt: () => `eyJhbGciOiJIUzI1NiJ9.eyJ${tok(20)}.${tok(30)}`,
    aws: () => `AKIA${CANARY}${str(12, UPPER)}`,
    awsSecret: () => `aws_secret_access_key=${tok(36)}`,
    stripe: () => `${pick(['sk_live_', 'rk_live_', 'sk_test_'])}${tok(24)}`,
    github: () => `${pick(['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'])}${tok(32)}`,
    githubPat: () => `github_pat_11AB${tok(70)}`,
    slack: () => `${pick(['xoxb', 'xoxp', 'xoxa', 'xoxr', 'xoxs'])}-1234567890-${tok(20)}`,
    google: () => `AIza${tok(31)}`,
    pem: () => `-----BEGIN ${pick(['RSA ', 'EC ', 'OPENSSH ', ''])}PRIVATE KEY-----\n${tok(60)}\n${tok(60)}\n-----END PRIVATE KEY-----`,
    query: () =>
      `https://api.example.com/v1/x?page=2&${pick(['access_token', 'token', 'api_key', 'apikey', 'sig', 'signature', 'X-Amz-Signature', 'X-Amz-Credential', 'password', 'client_secret'])}=${tok(16)}&z=1`,
    jsonInString: () => `{"user":"bob","${pick(['password', 'client_secret', 'refresh_token', 'api_key'])}":"${tok(12)}"}`,
    cookie: () => `${pick(['Set-Cookie', 'Cookie'])}: sid=${tok(20)}; Path=/; HttpOnly`,
    card,
  }
  const names = Object.keys(FAMILIES)
  const KEYS = [
    'apiKey',
    'password',
    'passwords',
    'client_secret',
    'refresh_token',
    'private_key',
    'private_key_id',
    'signature',
    'authorization',
    'cookie',
    'x-api-key',
    'db_password',
    'secrets',
    'authKey',
  ]
  let last = ''
  return {
    text() {
      last = pick(names)
      return FAMILIES[last]()
    },
    keyed: () => [pick(KEYS), tok(8 + Math.floor(rand() * 20))],
    family: () => last,
  }
}
