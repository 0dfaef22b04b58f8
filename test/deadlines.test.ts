/**
 * Deadlines: close() waits at most exit.timeoutMs per sink, whatever flushTimeoutMs says, and
 * createLogger() rejects with a coded error instead of pending forever when a plugin's start
 * does not settle. Real worker threads; the /proc case in a child process it can kill.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createLogger, type LogwardenPlugin } from 'logwarden'
import { appendSink, tempDir } from './helpers/sinks.js'

const t = tempDir('lw-deadline-')
afterAll(() => t.cleanup())

async function rejection(p: Promise<unknown>): Promise<{ err: { code?: string; message: string }; ms: number }> {
  const started = Date.now()
  try {
    await p
  } catch (err) {
    return { err: err as { code?: string; message: string }, ms: Date.now() - started }
  }
  throw new Error('expected a rejection')
}

describe('close() with a stuck sink', () => {
  it('returns within exit.timeoutMs (2 s), not flushTimeoutMs (30 s); the records go to the crash file', async () => {
    const crashFile = join(t.dir, 'crash.log')
    const log = await createLogger({
      config: {
        flushTimeoutMs: 30_000,
        exit: { timeoutMs: 2000, crashFile },
        plugins: [appendSink('stuck', { stuck: true, file: join(t.dir, 'never') })],
      },
    })
    for (let i = 0; i < 100; i++) log.info('unconfirmed', { i })
    const started = Date.now()
    await log.close()
    const ms = Date.now() - started
    expect(ms).toBeGreaterThanOrEqual(1900)
    expect(ms).toBeLessThan(4000)
    const crash = readFileSync(crashFile, 'utf8')
    expect(crash).toMatch(/sink "stuck": 100 record\(s\) not confirmed by the sink/)
    expect(crash.split('\n').filter((l) => l.includes('"unconfirmed"'))).toHaveLength(100)
  })
})

describe('createLogger() with a start that never settles', () => {
  const never = () => new Promise<void>(() => {})

  it('a plugin whose apply never settles: LW_ERR_PLUGIN_TIMEOUT naming it, within startTimeoutMs', async () => {
    const hang: LogwardenPlugin = { name: 'hangs-in-apply', apply: never }
    const { err, ms } = await rejection(createLogger({ config: { startTimeoutMs: 500, plugins: [hang] } }))
    expect(err.code).toBe('LW_ERR_PLUGIN_TIMEOUT')
    expect(err.message).toContain('plugin "hangs-in-apply" did not finish apply within 500 ms')
    expect(ms).toBeLessThan(3000)
  })

  it('a plugin whose init tap never settles', async () => {
    const hang: LogwardenPlugin = { name: 'hangs-in-init', apply: (p) => p.hooks.init.tapPromise('hangs-in-init', never) }
    const { err, ms } = await rejection(createLogger({ config: { startTimeoutMs: 500, plugins: [hang] } }))
    expect(err.code).toBe('LW_ERR_PLUGIN_TIMEOUT')
    expect(err.message).toContain('plugin "hangs-in-init" did not finish init')
    expect(ms).toBeLessThan(3000)
  })

  it('a sink whose start (createSink in its worker) never settles: the error names the plugin that declared it', async () => {
    const plugin = appendSink('never-starts', { startNever: true, file: join(t.dir, 'never') })
    const { err, ms } = await rejection(createLogger({ config: { startTimeoutMs: 500, plugins: [plugin] } }))
    expect(err.code).toBe('LW_ERR_PLUGIN_TIMEOUT')
    expect(err.message).toContain('plugin "test-never-starts" did not finish starting its sink "never-starts"')
    expect(ms).toBeLessThan(3000)
  })

  it('a sink starting in the background whose start never settles: createLogger resolves, the stall is reported, close() is bounded and the records reach the crash file', async () => {
    const crashFile = join(t.dir, 'bg-crash.log')
    const seen = join(t.dir, 'bg-errors.log')
    const started = Date.now()
    const log = await createLogger({
      config: {
        startTimeoutMs: 500,
        exit: { timeoutMs: 1000, crashFile },
        plugins: [
          appendSink('bg-never', { startNever: true, file: join(t.dir, 'never') }, { start: 'background' }),
          appendSink('errors', { file: seen }, { categories: ['error'] }),
        ],
      },
    })
    expect(Date.now() - started).toBeLessThan(3000)
    log.info('queued behind a start that hangs', { n: 1 })
    await new Promise((r) => setTimeout(r, 900))
    const closing = Date.now()
    await log.close()
    expect(Date.now() - closing).toBeLessThan(3000)
    expect(readFileSync(seen, 'utf8')).toContain('sink \\"bg-never\\" has not started within 500 ms')
    const crash = readFileSync(crashFile, 'utf8')
    expect(crash).toContain('not started within 500 ms')
    expect(crash).toContain('queued behind a start that hangs')
  })

  it('...and an app that never closes still exits by itself once startTimeoutMs passed, the record in the crash file', async () => {
    const crashFile = join(t.dir, 'bg-natural-crash.log')
    const sink = new URL('./fixtures/append-sink.mjs', import.meta.url).href
    const script = `import { createLogger } from 'logwarden'
const log = await createLogger({ config: { startTimeoutMs: 500, exit: { timeoutMs: 1000, crashFile: ${JSON.stringify(crashFile)} }, plugins: [{ name: 'bg', apply: (p) => p.addSink({ name: 'bg', kind: 'append', module: ${JSON.stringify(sink)}, options: { startNever: true, file: '/dev/null' }, start: 'background' }) }] } })
log.info('logged before a natural exit', { n: 1 })`
    const started = Date.now()
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: new URL('..', import.meta.url).pathname,
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000)
    const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(signal ?? c)))
    clearTimeout(killer)
    expect(code).toBe(0)
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(readFileSync(crashFile, 'utf8')).toContain('logged before a natural exit')
  }, 20_000)

  it('startTimeoutMs is bounded by what setTimeout can wait', async () => {
    const log = await createLogger({ config: { startTimeoutMs: 2 ** 31 - 1, plugins: [] } })
    await log.close()
    const { err } = await rejection(createLogger({ config: { startTimeoutMs: 2 ** 31, plugins: [] } }))
    expect(err.code).toBe('LW_ERR_CONFIG_INVALID')
    expect(err.message).toContain('startTimeoutMs')
  })
})

describe('a log directory that cannot be created', () => {
  it("under /proc (where Node's recursive mkdir spins): LW_ERR_FILE_DIR within the deadline", async () => {
    const child = spawn(process.execPath, [new URL('./fixtures/start-child.mjs', import.meta.url).pathname, '/proc/logwarden-test/logs'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    // a child stuck in native code ignores everything but SIGKILL
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(signal ?? c)))
    clearTimeout(killer)
    expect(code).toBe(0)
    const result = JSON.parse(out.trim()) as { code: string; cause: string; message: string; ms: number }
    // createLogger rejects with the sink's own, documented code
    expect(result).toMatchObject({ code: 'LW_ERR_FILE_DIR' })
    expect(result.message).toContain('/proc/logwarden-test/logs')
    expect(result.ms).toBeLessThan(3000)
  })
})
