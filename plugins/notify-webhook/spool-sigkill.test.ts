/**
 * The durability promise, for a notifier built on the public kit alone: a process SIGKILL'd while
 * the webhook is down loses no alert; after a restart with it up, every alert arrives exactly
 * once. Runs the compiled worker in a child process (needs `npm run build`).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readdir } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { LoopbackServer, waitFor } from 'logwarden/testing'
import { positionClosed, sleep, tempDir } from '../notify-common/testing/harness.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const childScript = join(root, 'dist/plugins/notify-common/testing/spool-child.js')
const workerModule = pathToFileURL(join(root, 'dist/plugins/notify-webhook/worker.js')).href
const SECRET = 'hook-secret-0123456789'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function run(args: object): { child: ChildProcess; out: string[]; err: string[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [childScript, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] })
  const out: string[] = []
  const err: string[] = []
  child.stdout!.setEncoding('utf8').on('data', (d: string) => out.push(...d.split('\n').filter(Boolean)))
  child.stderr!.setEncoding('utf8').on('data', (d: string) => err.push(d))
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
  return { child, out, err, exited }
}

describe('notify-webhook spool across SIGKILL', () => {
  it('every alert accepted before the kill arrives exactly once after restart', async () => {
    const server = new LoopbackServer()
    await server.listen()
    cleanups.push(() => server.close())
    server.respond(() => ({ status: 0, reset: true })) // the endpoint is down: every connection is reset
    const { dir, cleanup } = await tempDir()
    cleanups.push(cleanup)
    const options = {
      url: `${server.origin}/hooks/${SECRET}`,
      body: { text: '{{text}}' },
      spool: { dir },
      aggregate: { windowMs: 0 },
      rateLimit: { max: 0 },
      retry: { tries: 2, baseDelayMs: 20, maxDelayMs: 50 },
      breaker: { failures: 1, openMs: 60_000, maxOpenMs: 60_000 },
      timeoutMs: 1000,
    }
    const records = Array.from({ length: 12 }, (_, i) => positionClosed({ account_id: `K${i}`, event_id: `kill-${i}` }))

    const first = run({ module: workerModule, options, records })
    await waitFor(() => first.out.includes('ready'), 15_000, 'child ready')
    await waitFor(() => server.requests.length > 0, 15_000, 'an attempt while the endpoint is down')
    first.child.kill('SIGKILL')
    expect(await first.exited).toBeNull()
    expect((await readdir(dir)).filter((f) => f.endsWith('.alert.json'))).toHaveLength(12)

    expect(server.delivered).toHaveLength(0)
    server.clearResponders() // the endpoint is back
    // the host re-sends the last batch after a crash: deduplication keeps it single
    const second = run({ module: workerModule, options, records: records.slice(-1) })
    await waitFor(() => server.delivered.length >= 12, 15_000, '12 deliveries')
    await waitFor(() => second.out.includes('ready'), 5000, 'second child ready')
    await sleep(200) // time for a duplicate to show up, if there were one
    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)
    const accounts = server.delivered.map((q) => /K\d+/.exec((q.body as { text: string }).text)?.[0])
    expect(accounts.sort()).toEqual(records.map((r) => String(r.account_id)).sort())
    expect((await readdir(dir)).filter((f) => f.endsWith('.alert.json'))).toHaveLength(0)
    const printed = [...first.out, ...first.err, ...second.out, ...second.err].join('\n')
    expect(printed).not.toContain(SECRET)
  }, 30_000)
})
