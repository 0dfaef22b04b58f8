/**
 * `logwarden tail` against real daemons in child processes: the project's config is the default
 * target, the backlog comes from the files when the daemon keeps fewer records, and a daemon
 * restart is a notice and a reconnection (with a fresh login) instead of an exit.
 */
import { createServer } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { READ_SECRET, run, spawnDaemon, start, tempConfigHome, type Daemon } from './helpers.js'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port
      srv.close(() => resolve(port))
    })
    srv.on('error', reject)
  })
}

async function daemon(o: Parameters<typeof spawnDaemon>[0]): Promise<Daemon> {
  const d = await spawnDaemon(o)
  cleanups.push(() => d.cleanup())
  return d
}

describe('the project config is the default target', () => {
  it('login and status from the project directory reach the port of its control plugin; LOGWARDEN_URL wins', async () => {
    const port = await freePort()
    const d = await daemon({ port })
    const home = tempConfigHome()
    cleanups.push(() => home.cleanup())
    const login = await run(['login'], { cwd: d.dir, env: { ...home.env, LOGWARDEN_SECRET: READ_SECRET } })
    expect(login.code, login.stderr).toBe(0)
    expect(login.stdout).toContain(`logged in to http://127.0.0.1:${port}`)
    const status = await run(['status', '--json'], { cwd: d.dir, env: home.env })
    expect(status.code, status.stderr).toBe(0)
    expect(JSON.parse(status.stdout).control.url).toContain(`:${port}`)
    const other = await run(['status'], { cwd: d.dir, env: { ...home.env, LOGWARDEN_URL: 'http://127.0.0.1:1' } })
    expect(other.code).toBe(3)
    expect(other.stderr).toContain('http://127.0.0.1:1')
  }, 60_000)
})

describe('tail from a daemon', () => {
  it('prints the last records first, from the files when the daemon keeps fewer', async () => {
    const d = await daemon({ recent: 5, intervalMs: 10 })
    const home = tempConfigHome()
    cleanups.push(() => home.cleanup())
    expect((await run(['login', '--url', d.url], { env: { ...home.env, LOGWARDEN_SECRET: READ_SECRET } })).code).toBe(0)
    // enough ticks in the files for a backlog of 30
    await new Promise((r) => setTimeout(r, 1500))
    const tail = start(['tail', '--url', d.url, '-c', 'system', '--grep', 'tick', '-n', '30', '--json', '--level', 'info'], {
      ...home.env,
      LOGWARDEN_LOG_DIR: d.logDir,
    })
    cleanups.push(() => tail.stop())
    // run from the daemon's directory, so the log directory is found from its config
    await tail.waitFor(() => tail.lines.length >= 35, 20_000)
    const seqs = tail.lines.map((l) => JSON.parse(l.line).seq as number)
    // in order, no gap and no repeat across the seam between files, memory and the live stream
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[i - 1]! + 1)
  }, 60_000)

  it('a daemon restart: a notice, a new login with LOGWARDEN_SECRET, and the stream goes on', async () => {
    const port = await freePort()
    const first = await daemon({ port, intervalMs: 20 })
    const home = tempConfigHome()
    cleanups.push(() => home.cleanup())
    const env = { ...home.env, LOGWARDEN_SECRET: READ_SECRET }
    expect((await run(['login', '--url', first.url], { env })).code).toBe(0)
    const tail = start(['tail', '--url', first.url, '-c', 'system', '--grep', 'tick', '-n', '0', '--json'], env)
    cleanups.push(() => tail.stop())
    await tail.waitFor((l) => l.includes('"tick"'))
    first.kill()
    await first.exited
    const before = tail.lines.length
    await new Promise((r) => setTimeout(r, 500))
    const second = await daemon({ port, intervalMs: 20 })
    await tail.waitFor(() => tail.lines.length >= before + 5, 20_000)
    expect(tail.child.exitCode).toBeNull()
    expect(tail.stderr()).toContain(`lost the daemon at ${second.url}; reconnecting`)
    expect(tail.stderr()).toContain('refused the cached token (it restarted?); logging in again')
    expect(tail.stderr()).toContain(`reconnected to ${second.url}`)
  }, 90_000)

  it('without a secret at hand, a refused token after a restart says to log in again', async () => {
    const port = await freePort()
    const first = await daemon({ port })
    const home = tempConfigHome()
    cleanups.push(() => home.cleanup())
    expect((await run(['login', '--url', first.url], { env: { ...home.env, LOGWARDEN_SECRET: READ_SECRET } })).code).toBe(0)
    const tail = start(['tail', '--url', first.url, '-n', '0', '--json'], { ...home.env, LOGWARDEN_SECRET: '' })
    cleanups.push(() => tail.stop())
    await tail.waitFor(() => tail.lines.length > 0)
    first.kill()
    await first.exited
    await daemon({ port })
    const code = await new Promise((r) => tail.child.once('exit', r))
    expect(code).toBe(2)
    expect(tail.stderr()).toContain('run `logwarden login`')
  }, 90_000)

  it('an unknown category is refused by the daemon, with the known ones', async () => {
    const d = await daemon({})
    const home = tempConfigHome()
    cleanups.push(() => home.cleanup())
    expect((await run(['login', '--url', d.url], { env: { ...home.env, LOGWARDEN_SECRET: READ_SECRET } })).code).toBe(0)
    const res = await run(['tail', '--url', d.url, '-c', 'enforcment'], { env: home.env, timeoutMs: 20_000 })
    expect(res.code).toBe(2)
    expect(res.stderr).toContain('unknown category "enforcment" in this daemon. Did you mean "enforcement"?')
  }, 60_000)
})
