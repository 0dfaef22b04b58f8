/** examples/daemon-with-control.ts, run as its header says: started, logged in to, read, stopped. */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { ROOT, run, tempConfigHome } from './helpers.js'

const ADMIN = 'example-admin-secret-0123456789'
const READ = 'example-read-secret-0123456789'
let cleanup: Array<() => void> = []
afterEach(() => {
  for (const c of cleanup) c()
  cleanup = []
})

it('examples/daemon-with-control: login, tail/recent, admin level, stop (exit 0)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lw-example-'))
  const home = tempConfigHome()
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }), home.cleanup)
  const child = spawn(process.execPath, [join(ROOT, 'dist/examples/daemon-with-control.js')], {
    cwd: dir,
    env: { ...process.env, LOG_DIR: join(dir, 'logs'), CONTROL_PORT: '0', LOGWARDEN_ADMIN_SECRET: ADMIN, LOGWARDEN_READ_SECRET: READ },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  cleanup.push(() => child.exitCode === null && child.kill('SIGKILL'))
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`example did not start: ${out}`)), 15_000)
    child.stdout.on('data', () => {
      const m = /control API at (http:\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    })
  })
  const env = home.env
  expect((await run(['login', '--url', url], { env: { ...env, LOGWARDEN_SECRET: READ } })).code).toBe(0)
  // the example closes a position every second
  let recent = await run(['recent', '--url', url], { env })
  for (let i = 0; i < 20 && !recent.stdout.includes('Position Closed'); i++) {
    await new Promise((r) => setTimeout(r, 500))
    recent = await run(['recent', '--url', url], { env })
  }
  expect(recent.code).toBe(0)
  expect(recent.stdout).toContain('Position Closed')
  expect((await run(['login', '--url', url, '--role', 'admin'], { env: { ...env, LOGWARDEN_SECRET: ADMIN } })).code).toBe(0)
  expect((await run(['admin', 'level', 'debug', '--url', url], { env })).stdout).toContain('level: info → debug')
  const stop = await run(['admin', 'stop', '--url', url], { env })
  expect(stop.code).toBe(0)
  expect(await exited).toBe(0)
})
