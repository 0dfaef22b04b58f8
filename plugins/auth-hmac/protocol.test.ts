/**
 * The login protocol of docs/auth-protocol.md, spoken with nothing but node:crypto and fetch
 * against a real logger's control API (not the project's client), and every way it is refused.
 */
import { createHmac } from 'node:crypto'
import { request } from 'node:http'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger, type Logger } from 'logwarden'
import { controlUrl } from 'logwarden/plugins/control'
import { NonceStore } from './store.js'

const ADMIN = 'admin-secret-for-tests-0123456789'
const READ = 'read-secret-for-tests-0123456789'
let dir: string
let log: Logger | undefined

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-auth-'))
  process.env.LW_AUTH_TEST_ADMIN = ADMIN
})
afterEach(async () => {
  await log?.close().catch(() => undefined)
  log = undefined
  rmSync(dir, { recursive: true, force: true })
})

async function start(auth: Record<string, unknown> = {}, control: Record<string, unknown> = {}): Promise<string> {
  const readFile = join(dir, 'read.secret')
  writeFileSync(readFile, `${READ}\n`, { mode: 0o600 })
  log = await createLogger({
    config: {
      plugins: [
        { 'sink-file': { dir: join(dir, 'logs') } },
        { 'auth-hmac': { secrets: { admin: { env: 'LW_AUTH_TEST_ADMIN' }, read: { file: readFile } }, ...auth } },
        { control: { port: 0, ...control } },
      ],
    },
  })
  return controlUrl(log.pipeline)!
}

const json = { 'content-type': 'application/json' }
const hmacOf = (secret: string, nonce: string) => createHmac('sha256', secret).update(nonce).digest('hex')

async function challenge(url: string, body: unknown = {}): Promise<{ nonce: string; expiresAt: string; algorithm: string }> {
  const res = await fetch(`${url}/auth/challenge`, { method: 'POST', headers: json, body: JSON.stringify(body) })
  expect(res.status).toBe(200)
  return (await res.json()) as any as { nonce: string; expiresAt: string; algorithm: string }
}

function verify(url: string, body: unknown): Promise<Response> {
  return fetch(`${url}/auth/verify`, { method: 'POST', headers: json, body: JSON.stringify(body) })
}

async function audit(): Promise<Record<string, any>[]> {
  await log!.flush()
  const file = join(dir, 'logs', 'audit.log')
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : []
}

const FAILED = { error: { code: 'LW_ERR_AUTH_FAILED', message: 'authentication failed' } }

describe('auth-hmac login (node:crypto + fetch only)', () => {
  it('challenge → HMAC → token; the token opens read endpoints and, for admin, admin ones', async () => {
    const url = await start()
    const c = await challenge(url)
    expect(c.nonce).toMatch(/^[0-9a-f]{64}$/)
    expect(c.algorithm).toBe('HMAC-SHA256')
    const expires = Date.parse(c.expiresAt) - Date.now()
    expect(expires).toBeGreaterThan(55_000)
    expect(expires).toBeLessThanOrEqual(60_000)

    const res = await verify(url, { nonce: c.nonce, hmac: hmacOf(ADMIN, c.nonce) })
    expect(res.status).toBe(200)
    const issued = (await res.json()) as any
    expect(issued).toMatchObject({ role: 'admin', tokenId: expect.stringMatching(/^tok_[0-9a-f]{12}$/) })
    expect(Buffer.from(issued.token, 'base64url')).toHaveLength(32)
    expect(Date.parse(issued.expiresAt) - Date.now()).toBeGreaterThan(3_500_000)

    expect((await fetch(`${url}/status`)).status).toBe(401)
    const auth = { authorization: `Bearer ${issued.token}` }
    expect((await fetch(`${url}/status`, { headers: auth })).status).toBe(200)
    const level = await fetch(`${url}/admin/level`, { method: 'POST', headers: { ...auth, ...json }, body: '{"level":"debug"}' })
    expect((await level.json()) as any).toMatchObject({ ok: true, level: 'debug' })
    expect((await fetch(`${url}/health`)).status).toBe(200) // public

    const records = await audit()
    // the older one-secret-per-role form: a principal named after its role
    expect(records).toContainEqual(
      expect.objectContaining({ event: 'auth_login', token_id: issued.tokenId, role: 'admin', principal: 'admin', remote: '127.0.0.1' }),
    )
    expect(records).toContainEqual(
      expect.objectContaining({ event: 'admin_action', action: 'level', result: 'ok', token_id: issued.tokenId, actor: 'admin', principal: 'admin' }),
    )
    // the token itself never reaches a log
    expect(readFileSync(join(dir, 'logs', 'audit.log'), 'utf8')).not.toContain(issued.token)
  })

  it('a read token reads but is refused admin endpoints (403, audited)', async () => {
    const url = await start()
    const c = await challenge(url, { role: 'read' })
    const issued = (await (await verify(url, { nonce: c.nonce, hmac: hmacOf(READ, c.nonce) })).json()) as any
    expect(issued.role).toBe('read')
    const auth = { authorization: `Bearer ${issued.token}` }
    expect((await fetch(`${url}/recent`, { headers: auth })).status).toBe(200)
    const res = await fetch(`${url}/admin/reload`, { method: 'POST', headers: { ...auth, ...json } })
    expect(res.status).toBe(403)
    expect(((await res.json()) as any).error.code).toBe('LW_ERR_CONTROL_FORBIDDEN')
    expect(await audit()).toContainEqual(
      expect.objectContaining({ event: 'admin_action', action: 'reload', result: 'refused', token_id: issued.tokenId, role: 'read' }),
    )
  })

  it('wrong HMAC, replayed nonce, unknown nonce, bad token: one 401 answer, each counted, audited once per (reason, claim) per window', async () => {
    const url = await start()
    const c1 = await challenge(url)
    const wrong = await verify(url, { nonce: c1.nonce, hmac: hmacOf('not-the-secret-at-all-000', c1.nonce) })
    expect(wrong.status).toBe(401)
    expect((await wrong.json()) as any).toEqual(FAILED)

    const c2 = await challenge(url)
    const ok = await verify(url, { nonce: c2.nonce, hmac: hmacOf(ADMIN, c2.nonce) })
    expect(ok.status).toBe(200)
    const replay = await verify(url, { nonce: c2.nonce, hmac: hmacOf(ADMIN, c2.nonce) })
    expect(replay.status).toBe(401)
    expect((await replay.json()) as any).toEqual(FAILED)

    const forged = 'f'.repeat(64)
    expect((await (await verify(url, { nonce: forged, hmac: hmacOf(ADMIN, forged) })).json()) as any).toEqual(FAILED)
    const badToken = await fetch(`${url}/status`, { headers: { authorization: 'Bearer not-a-token' } })
    expect(badToken.status).toBe(401)
    expect(badToken.headers.get('www-authenticate')).toContain('Bearer')
    expect((await badToken.json()) as any).toEqual(FAILED)

    const reasons = (await audit()).filter((r) => r.event === 'auth_failed').map((r) => r.reason)
    // the replay and the forged nonce share a reason and a claim (no principal named): one record
    expect(reasons).toEqual(['bad hmac', 'unknown or already used nonce', 'unknown token'])
    const { token } = (await ok.json()) as any
    const status = (await (await fetch(`${url}/status`, { headers: { authorization: `Bearer ${token}` } })).json()) as any
    expect(status.control.authFailures).toBe(4)
  })

  it('expired nonces and expired tokens are refused', async () => {
    const url = await start({ nonceTtlMs: 1500, tokenTtlMs: 1500 })
    const c = await challenge(url)
    const fresh = await challenge(url)
    const issued = (await (await verify(url, { nonce: fresh.nonce, hmac: hmacOf(ADMIN, fresh.nonce) })).json()) as any
    expect((await fetch(`${url}/status`, { headers: { authorization: `Bearer ${issued.token}` } })).status).toBe(200)
    await new Promise((r) => setTimeout(r, 1600))
    expect((await (await verify(url, { nonce: c.nonce, hmac: hmacOf(ADMIN, c.nonce) })).json()) as any).toEqual(FAILED)
    const expired = await fetch(`${url}/admin/level`, {
      method: 'POST',
      headers: { authorization: `Bearer ${issued.token}`, ...json },
      body: '{"level":"debug"}',
    })
    expect(expired.status).toBe(401)
    const records = await audit()
    expect(records).toContainEqual(expect.objectContaining({ event: 'auth_failed', reason: 'expired nonce' }))
    expect(records).toContainEqual(
      expect.objectContaining({ event: 'admin_action', action: 'level', result: 'refused', reason: 'authentication failed: expired token' }),
    )
  })

  it('rate-limits failed authentications per claimed principal (none named: one bucket)', async () => {
    const url = await start({}, { rateLimit: { maxAuthFailures: 3 } })
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) {
      const c = await fetch(`${url}/auth/challenge`, { method: 'POST', headers: json, body: '{}' })
      if (c.status !== 200) {
        statuses.push(c.status)
        continue
      }
      const { nonce } = (await c.json()) as any
      statuses.push((await verify(url, { nonce, hmac: '0'.repeat(64) })).status)
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429])
  })

  it('keeps issued tokens across a reload (same secret)', async () => {
    const configFile = join(dir, 'logwarden.config.json')
    writeFileSync(configFile, JSON.stringify({ plugins: [{ 'auth-hmac': { secrets: { admin: { env: 'LW_AUTH_TEST_ADMIN' } } } }, { control: { port: 0 } }] }))
    log = await createLogger({ configFile })
    const url = controlUrl(log.pipeline)!
    const c = await challenge(url)
    const { token } = (await (await verify(url, { nonce: c.nonce, hmac: hmacOf(ADMIN, c.nonce) })).json()) as any
    const headers = { authorization: `Bearer ${token}`, ...json }
    expect((await fetch(`${url}/admin/reload`, { method: 'POST', headers })).status).toBe(200)
    expect((await fetch(`${url}/status`, { headers })).status).toBe(200)
  })
})

/** POST from a chosen loopback address (127.0.0.0/8 is all loopback on Linux): another client. */
function postFrom(localAddress: string, url: string, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const u = new URL(url)
  const data = JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path, method: 'POST', localAddress, headers: { ...json, 'content-length': Buffer.byteLength(data) } },
      (res) => {
        let text = ''
        res.on('data', (c) => (text += c))
        res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined }))
      },
    )
    req.on('error', reject)
    req.end(data)
  })
}

describe('pending challenges cannot lock admins out', () => {
  it('NonceStore: one address holds at most maxPerAddress (its oldest go), the process at most max (the oldest go)', () => {
    const store = new NonceStore(10, 3)
    const now = 1_000_000
    const a = [1, 2, 3, 4, 5].map(() => store.create(60_000, now, '10.0.0.1').nonce)
    expect(store.size).toBe(3)
    expect(a.slice(0, 2).map((n) => store.take(n, now))).toEqual([undefined, undefined]) // dropped for newer ones
    expect(store.take(a[2]!, now)).toMatchObject({ remote: '10.0.0.1' })
    // many addresses fill the process bound: a new challenge drops the oldest, it is never refused
    const others = Array.from({ length: 12 }, (_, i) => store.create(60_000, now + i, `10.0.1.${i}`).nonce)
    expect(store.size).toBe(10)
    const admin = store.create(60_000, now + 100, '127.0.0.1', 'admin')
    expect(store.size).toBe(10)
    expect(store.take(admin.nonce, now + 200)).toMatchObject({ role: 'admin', remote: '127.0.0.1' })
    // the oldest went first: a[3], a[4] (10.0.0.1), then others[0..1]; the newest are all there
    expect([a[3], a[4], others[0], others[1], others[2]].map((n) => store.take(n!, now + 200))).toEqual([undefined, undefined, undefined, undefined, undefined])
    expect(others.slice(3).every((n) => store.take(n, now + 200) !== undefined)).toBe(true)
  })

  it('NonceStore: at a bound, expired nonces go before a live one, even behind a live one (TTLs differ)', () => {
    const store = new NonceStore(2, 2)
    const now = 1_000_000
    const live = store.create(60_000, now, '10.0.2.1').nonce // older, but alive
    const short = store.create(1000, now, '10.0.2.2').nonce // newer, expired by now + 5000
    const third = store.create(60_000, now + 5000, '10.0.2.3').nonce
    expect(store.size).toBe(2)
    expect(store.take(short, now + 5000)).toBeUndefined() // swept, not 'expired'
    expect(store.take(live, now + 5000)).toMatchObject({ remote: '10.0.2.1' })
    expect(store.take(third, now + 5000)).toMatchObject({ remote: '10.0.2.3' })
  })

  it('over HTTP: two addresses asking in a loop fill the bounds, yet an admin on a third still logs in', async () => {
    const url = await start({ maxPendingNonces: 30, maxPendingNoncesPerAddress: 20 })
    const flood: Record<string, string[]> = { '127.0.0.2': [], '127.0.0.3': [] }
    for (let i = 0; i < 25; i++) {
      for (const addr of Object.keys(flood)) {
        const res = await postFrom(addr, url, '/auth/challenge', {})
        expect(res.status).toBe(200) // never refused: the oldest pending nonce makes room
        flood[addr]!.push(res.body.nonce)
      }
    }
    const c = await postFrom('127.0.0.1', url, '/auth/challenge', { role: 'admin' })
    expect(c.status).toBe(200)
    const login = await postFrom('127.0.0.1', url, '/auth/verify', { nonce: c.body.nonce, hmac: hmacOf(ADMIN, c.body.nonce) })
    expect(login.status).toBe(200)
    expect(login.body.role).toBe('admin')
    // the flood's own oldest nonces were the ones dropped; its newest still answer
    const lastOf2 = flood['127.0.0.2']!.at(-1)!
    expect((await postFrom('127.0.0.2', url, '/auth/verify', { nonce: lastOf2, hmac: hmacOf(ADMIN, lastOf2) })).status).toBe(200)
    const firstOf2 = flood['127.0.0.2']![0]!
    expect((await postFrom('127.0.0.2', url, '/auth/verify', { nonce: firstOf2, hmac: hmacOf(ADMIN, firstOf2) })).status).toBe(401)
  })
})

describe('auth-hmac secrets', () => {
  const cfg = (secrets: unknown) => ({ config: { plugins: [{ 'auth-hmac': { secrets } }, { control: { port: 0 } }] } })

  it('refuses a group/world-readable secret file, naming the fix', async () => {
    const file = join(dir, 'admin.secret')
    writeFileSync(file, 'x'.repeat(32))
    chmodSync(file, 0o644)
    await expect(createLogger(cfg({ admin: { file } }))).rejects.toMatchObject({
      code: 'LW_ERR_AUTH_SECRET',
      message: expect.stringMatching(/mode 0644.*chmod 600/),
    })
  })

  it('refuses a missing variable, a short secret and one secret for both roles, never echoing a secret', async () => {
    delete process.env.LW_AUTH_NOT_SET
    await expect(createLogger(cfg({ admin: { env: 'LW_AUTH_NOT_SET' } }))).rejects.toMatchObject({
      code: 'LW_ERR_AUTH_SECRET',
      message: expect.stringContaining('LW_AUTH_NOT_SET'),
    })
    process.env.LW_AUTH_SHORT = 'short-one'
    const short = createLogger(cfg({ admin: { env: 'LW_AUTH_SHORT' } }))
    await expect(short).rejects.toMatchObject({ code: 'LW_ERR_AUTH_SECRET', message: expect.stringContaining('too short') })
    await expect(short).rejects.not.toMatchObject({ message: expect.stringContaining('short-one') })
    await expect(createLogger(cfg({ admin: { env: 'LW_AUTH_TEST_ADMIN' }, read: { env: 'LW_AUTH_TEST_ADMIN' } }))).rejects.toMatchObject({
      code: 'LW_ERR_AUTH_CONFIG',
    })
    await expect(createLogger(cfg({}))).rejects.toMatchObject({ code: 'LW_ERR_CONFIG_INVALID' })
  })
})
