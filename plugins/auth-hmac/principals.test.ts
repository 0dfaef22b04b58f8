/**
 * Named principals and the per-principal limits, against a real logger's control API on
 * loopback: audit records name the person, and no other local process (all are 127.0.0.1) can
 * lock a holder of a valid secret out or make /health answer 429.
 */
import { createHmac } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger, type Logger } from 'logwarden'
import { controlUrl } from 'logwarden/plugins/control'

const OPS = 'ops-lead-secret-for-tests-0123456789'
const ONCALL = 'oncall-secret-for-tests-0123456789'
const LEGACY = 'legacy-admin-secret-for-tests-01234'
let dir: string
let log: Logger | undefined

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-principals-'))
  process.env.LW_TEST_OPS_LEAD = OPS
  process.env.LW_TEST_LEGACY_ADMIN = LEGACY
})
afterEach(async () => {
  await log?.close().catch(() => undefined)
  log = undefined
  rmSync(dir, { recursive: true, force: true })
})

function authConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const oncallFile = join(dir, 'oncall.secret')
  writeFileSync(oncallFile, `${ONCALL}\n`, { mode: 0o600 })
  return {
    principals: [
      { name: 'ops-lead', role: 'admin', secret: '${env:LW_TEST_OPS_LEAD}' },
      { name: 'oncall', role: 'read', secretFile: oncallFile },
    ],
    ...extra,
  }
}

async function start(auth = authConfig(), control: Record<string, unknown> = {}): Promise<string> {
  log = await createLogger({
    config: { plugins: [{ 'sink-file': { dir: join(dir, 'logs') } }, { 'auth-hmac': auth }, { control: { port: 0, ...control } }] },
  })
  return controlUrl(log.pipeline)!
}

const json = { 'content-type': 'application/json' }
const hmacOf = (secret: string, nonce: string) => createHmac('sha256', secret).update(nonce).digest('hex')
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify(body) })

async function login(url: string, secret: string, who: Record<string, unknown> = {}): Promise<Response> {
  const { nonce } = (await (await post(`${url}/auth/challenge`, who)).json()) as any
  return post(`${url}/auth/verify`, { nonce, hmac: hmacOf(secret, nonce), ...who })
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

describe('named principals', () => {
  it('each logs in with its own secret and role; every audited action names the principal', async () => {
    const url = await start(authConfig({ secrets: { admin: { env: 'LW_TEST_LEGACY_ADMIN' } } }))
    const ops = (await (await login(url, OPS, { principal: 'ops-lead' })).json()) as any
    expect(ops).toMatchObject({ role: 'admin', principal: 'ops-lead' })
    const reload = await post(`${url}/admin/reload`, {}, { authorization: `Bearer ${ops.token}` })
    expect(reload.status).toBe(200)

    // no principal named: the secret that matches decides who it is
    const oncall = (await (await login(url, ONCALL)).json()) as any
    expect(oncall).toMatchObject({ role: 'read', principal: 'oncall' })
    const refused = await post(`${url}/admin/level`, { level: 'debug' }, { authorization: `Bearer ${oncall.token}` })
    expect(refused.status).toBe(403)
    // the older form still works beside them, as a principal named after its role
    const legacy = (await (await login(url, LEGACY, { role: 'admin' })).json()) as any
    expect(legacy).toMatchObject({ role: 'admin', principal: 'admin' })

    // a principal's secret opens only that principal
    const wrong = await login(url, ONCALL, { principal: 'ops-lead' })
    expect(wrong.status).toBe(401)

    const records = await audit()
    expect(records).toContainEqual(expect.objectContaining({ event: 'auth_login', principal: 'ops-lead', role: 'admin', token_id: ops.tokenId }))
    const reloadRecord = records.find((r) => r.event === 'admin_action' && r.action === 'reload')
    expect(reloadRecord).toMatchObject({ result: 'ok', actor: 'ops-lead', principal: 'ops-lead', token_id: ops.tokenId })
    expect(reloadRecord!.message).toMatch(/^admin reload by ops-lead from 127\.0\.0\.1: ok/)
    expect(records).toContainEqual(
      expect.objectContaining({ event: 'admin_action', action: 'level', result: 'refused', actor: 'oncall', principal: 'oncall', role: 'read' }),
    )
    expect(records).toContainEqual(expect.objectContaining({ event: 'auth_failed', reason: 'bad hmac', principal: 'ops-lead' }))
    const text = readFileSync(join(dir, 'logs', 'audit.log'), 'utf8')
    for (const secret of [OPS, ONCALL, LEGACY, ops.token, oncall.token, legacy.token]) expect(text).not.toContain(secret)
  })

  it('refuses two principals of one name, one secret for two principals, and a short secret, never echoing a secret', async () => {
    const cfg = (auth: unknown) => ({ config: { plugins: [{ 'auth-hmac': auth }, { control: { port: 0 } }] } })
    const p = (name: string, role: string, secret: string) => ({ name, role, secret })
    await expect(createLogger(cfg({ principals: [p('ops-lead', 'admin', OPS), p('ops-lead', 'read', ONCALL)] }))).rejects.toMatchObject({
      code: 'LW_ERR_AUTH_CONFIG',
      message: expect.stringContaining('two principals are named "ops-lead"'),
    })
    const same = createLogger(cfg({ principals: [p('ops-lead', 'admin', OPS), p('deputy', 'admin', OPS)] }))
    await expect(same).rejects.toMatchObject({ code: 'LW_ERR_AUTH_CONFIG', message: expect.stringMatching(/ops-lead and deputy have the same secret/) })
    await expect(same).rejects.not.toMatchObject({ message: expect.stringContaining(OPS) })
    const short = createLogger(cfg({ principals: [p('ops-lead', 'admin', 'short-pw-123')] }))
    await expect(short).rejects.toMatchObject({ code: 'LW_ERR_AUTH_SECRET', message: expect.stringMatching(/ops-lead \(admin\) secret is too short/) })
    await expect(short).rejects.not.toMatchObject({ message: expect.stringContaining('short-pw-123') })
    await expect(createLogger(cfg({ principals: [{ name: 'x y', role: 'admin', secret: OPS }] }))).rejects.toMatchObject({ code: 'LW_ERR_CONFIG_INVALID' })
    await expect(createLogger(cfg({ principals: [{ name: 'ops', role: 'admin' }] }))).rejects.toMatchObject({ code: 'LW_ERR_CONFIG_INVALID' })
  })
})

describe('limits per principal, not per address', () => {
  it('a flood of failures from other local clients never locks out a valid login nor /health; the lockout is audited once', async () => {
    const url = await start(authConfig(), { rateLimit: { maxAuthFailures: 3, max: 20, windowMs: 60_000 } })
    // another local process: bad proofs claiming ops-lead, bad bearer tokens, all from 127.0.0.1
    const bad: number[] = []
    for (let i = 0; i < 8; i++) bad.push((await login(url, 'x'.repeat(32), { principal: 'ops-lead' })).status)
    expect(bad.slice(0, 3)).toEqual([401, 401, 401])
    expect(bad.slice(3).every((s) => s === 429)).toBe(true)
    for (let i = 0; i < 30; i++) {
      const r = await fetch(`${url}/status`, { headers: { authorization: `Bearer forged-token-${i}` } })
      expect(r.status).toBe(401)
      await r.arrayBuffer()
    }
    // the same bad token again and again is locked out
    const again: number[] = []
    for (let i = 0; i < 5; i++) again.push((await fetch(`${url}/status`, { headers: { authorization: 'Bearer stolen-guess' } })).status)
    expect(again).toEqual([401, 401, 401, 429, 429])

    // the monitoring probe and the real admin do not notice
    expect((await fetch(`${url}/health`)).status).toBe(200)
    const ok = await login(url, OPS, { principal: 'ops-lead' })
    expect(ok.status).toBe(200)
    const { token } = (await ok.json()) as any
    expect((await post(`${url}/admin/level`, { level: 'warn' }, { authorization: `Bearer ${token}` })).status).toBe(200)

    const records = await audit()
    const lockouts = records.filter((r) => r.event === 'auth_lockout')
    expect(lockouts.map((r) => r.claimed)).toEqual(['ops-lead', expect.stringMatching(/^tok_[0-9a-f]{12}$/)])
    // 8 bad proofs for ops-lead, one reason: one record, then silence for the window
    expect(records.filter((r) => r.event === 'auth_failed' && r.principal === 'ops-lead')).toHaveLength(1)
    // 30 forged tokens: 30 claims, each audited (distinct), yet none counted against the address
    expect(records.filter((r) => r.event === 'auth_failed' && r.reason === 'unknown token').length).toBeGreaterThanOrEqual(30)
    expect(records).toContainEqual(expect.objectContaining({ event: 'admin_action', action: 'level', result: 'ok', principal: 'ops-lead' }))
  })
})
