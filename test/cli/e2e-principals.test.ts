/**
 * End to end, a named admin: `logwarden login --as ops-lead` against a daemon (child process)
 * whose auth-hmac lists principals, then an admin command audited by that name.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OPS_SECRET, readJsonLines, run, spawnDaemon, tempConfigHome, type Daemon } from './helpers.js'

let d: Daemon
let home: ReturnType<typeof tempConfigHome>

beforeAll(async () => {
  d = await spawnDaemon({ intervalMs: 200, principals: [{ name: 'ops-lead', role: 'admin', secret: '${env:LW_TEST_OPS_SECRET}' }] })
  home = tempConfigHome()
})
afterAll(() => {
  d?.cleanup()
  home?.cleanup()
})

describe('named admins from the CLI', () => {
  it('login --as ops-lead, then admin level: the audit names ops-lead; a wrong secret names the principal, not the secret', async () => {
    const wrong = await run(['login', '--url', d.url, '--as', 'ops-lead'], { env: { ...home.env, LOGWARDEN_SECRET: 'not-the-ops-lead-secret-at-all' } })
    expect(wrong.code).toBe(4)
    expect(wrong.stderr).toContain('did not accept this ops-lead secret')
    expect(wrong.stderr + wrong.stdout).not.toContain('not-the-ops-lead-secret-at-all')

    const login = await run(['login', '--url', d.url, '--as', 'ops-lead', '--json'], { env: { ...home.env, LOGWARDEN_SECRET: OPS_SECRET } })
    expect(login.code, login.stderr).toBe(0)
    expect(JSON.parse(login.stdout)).toMatchObject({ role: 'admin', principal: 'ops-lead' })
    const level = await run(['admin', 'level', 'debug', '--url', d.url], { env: home.env })
    expect(level.code, level.stderr).toBe(0)

    const deadline = Date.now() + 5000
    let record: Record<string, any> | undefined
    while (!record && Date.now() < deadline) {
      record = readJsonLines(readFileSync(join(d.logDir, 'audit.log'), 'utf8')).find((r) => r.event === 'admin_action' && r.action === 'level')
      if (!record) await new Promise((r) => setTimeout(r, 50))
    }
    expect(record).toMatchObject({ result: 'ok', actor: 'ops-lead', principal: 'ops-lead', role: 'admin' })
    expect(record!.message).toMatch(/^admin level by ops-lead from 127\.0\.0\.1: ok/)
    expect(readFileSync(join(d.logDir, 'audit.log'), 'utf8')).not.toContain(OPS_SECRET)
  })
})
