/**
 * End to end, the limits: an expired token (short token lifetime), 150 requests in a minute
 * (429 with Retry-After past 100), and no daemon at all.
 */
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readLogs } from 'logwarden'
import { READ_SECRET, run, spawnDaemon, tempConfigHome, type Daemon } from './helpers.js'

let d: Daemon
let short: Daemon
let home: ReturnType<typeof tempConfigHome>

beforeAll(async () => {
  // tokens of `short` live 3 s; `d` keeps the default hour, so a loaded machine cannot expire them mid-test
  ;[d, short] = await Promise.all([spawnDaemon({ intervalMs: 200 }), spawnDaemon({ tokenTtlMs: 3000, intervalMs: 200 })])
  home = tempConfigHome()
})
afterAll(() => {
  d?.cleanup()
  short?.cleanup()
  home?.cleanup()
})

async function audit(daemon: Daemon, pred: (r: Record<string, any>) => boolean): Promise<Record<string, any>> {
  const deadline = Date.now() + 5000
  for (;;) {
    for await (const r of readLogs({ dir: daemon.logDir, category: 'audit' })) if (pred(r)) return r
    if (Date.now() > deadline) throw new Error('no such audit record')
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('limits', () => {
  it('an expired token is refused (exit 4, log in again) and audited', async () => {
    const env = { ...home.env, LOGWARDEN_SECRET: READ_SECRET }
    const login = await run(['login', '--url', short.url, '--json'], { env })
    expect(login.code).toBe(0)
    const { cache } = JSON.parse(login.stdout)
    // the fresh token works (one direct request: a second CLI process could outlive 3 s on a busy machine)
    const cached = JSON.parse(readFileSync(cache, 'utf8'))
    const fresh = await fetch(`${short.url}/status`, { headers: { authorization: `Bearer ${cached.read.token}` } })
    expect(fresh.status === 200 || Date.now() > Date.parse(cached.read.expiresAt)).toBe(true)
    // the cache still holds it, but the daemon's clock says it is over
    await new Promise((r) => setTimeout(r, Date.parse(cached.read.expiresAt) - Date.now() + 100))
    const res = await fetch(`${short.url}/status`, { headers: { authorization: `Bearer ${cached.read.token}` } })
    expect(res.status).toBe(401)
    expect(await audit(short, (r) => r.event === 'auth_failed' && r.reason === 'expired token')).toMatchObject({ remote: '127.0.0.1', path: '/status' })
    // the CLI no longer sends a token it knows is over: it says to log in
    const again = await run(['status', '--url', short.url], { env: home.env })
    expect(again.code).toBe(4)
    expect(again.stderr).toContain(`this daemon needs a login: run \`logwarden login --role read --url ${short.url}\``)
  })

  it('150 requests in a minute: the first 100 pass, the rest get 429 with Retry-After; the CLI says so', async () => {
    const env = { ...home.env, LOGWARDEN_SECRET: READ_SECRET }
    const login = JSON.parse((await run(['login', '--url', d.url, '--json'], { env })).stdout)
    const token = JSON.parse(readFileSync(login.cache, 'utf8')).read.token
    const headers = { authorization: `Bearer ${token}` }
    const started = Date.now()
    const answers = await Promise.all(
      Array.from({ length: 150 }, async () => {
        const res = await fetch(`${d.url}/recent?limit=1`, { headers })
        await res.arrayBuffer()
        return { status: res.status, retryAfter: res.headers.get('retry-after') }
      }),
    )
    expect(Date.now() - started).toBeLessThan(60_000)
    expect(answers.filter((a) => a.status === 200)).toHaveLength(100)
    const limited = answers.filter((a) => a.status === 429)
    expect(limited).toHaveLength(50)
    for (const a of limited) expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1)
    const cli = await run(['recent', '--url', d.url], { env: home.env })
    expect(cli.code).toBe(6)
    expect(cli.stderr).toMatch(/the daemon is rate-limiting this client; retry in \d+ s/)
    expect(await audit(d, (r) => r.event === 'rate_limited')).toMatchObject({ actor: 'read', principal: 'read', token_id: login.tokenId, limit: 100 })
    // another client (here: unauthenticated, by address) is not affected
    expect((await fetch(`${d.url}/health`)).status).toBe(200)
  })

  it('no daemon: a clear message and exit 3', async () => {
    const probe = createServer()
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()))
    const port = (probe.address() as { port: number }).port
    await new Promise<void>((r) => probe.close(() => r()))
    for (const args of [['status'], ['recent'], ['tail'], ['admin', 'stop'], ['login']]) {
      const res = await run([...args, '--url', `http://127.0.0.1:${port}`], { env: { ...home.env, LOGWARDEN_SECRET: READ_SECRET } })
      expect(res.code, args.join(' ')).toBe(3)
      expect(res.stderr).toContain(`no logwarden daemon answers at http://127.0.0.1:${port} — start your app with the control plugin, or pass --url`)
    }
  })
})
