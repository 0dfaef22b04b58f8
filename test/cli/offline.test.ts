/**
 * The commands that need no daemon, run as the real binary: help, config validate/print, init,
 * plugins, query over crafted .gz/.log files, tail --dir across rotations, usage errors.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger } from 'logwarden'
import { readJsonLines, run, start } from './helpers.js'

let dir: string
/** child processes a test started: stopped even when the test fails half-way */
const stops: Array<() => Promise<unknown>> = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-cli-offline-'))
})
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('help', () => {
  it('every command has --help with examples', async () => {
    const commands = [
      'tail',
      'query',
      'recent',
      'status',
      'login',
      'plugins',
      'init',
      'admin reload',
      'admin level',
      'admin test-notify',
      'admin stop',
      'config validate',
      'config print',
    ]
    const results = await Promise.all(commands.map((c) => run([...c.split(' '), '--help'])))
    results.forEach((res, i) => {
      expect(res.code, commands[i]).toBe(0)
      expect(res.stdout, commands[i]).toContain('EXAMPLES')
      expect(res.stdout, commands[i]).toContain(`$ logwarden ${commands[i]}`)
    })
    expect(results[0]!.stdout).toContain('--where=<test>...')
  })

  it('usage errors exit 2', async () => {
    expect((await run(['tail', '--bogus'])).code).toBe(2)
    const level = await run(['query', '--dir', dir, '--level', 'loud'])
    expect(level.code).toBe(2)
    expect(level.stderr).toContain('unknown level "loud"')
    const where = await run(['tail', '--dir', dir, '--where', '=ABC123'])
    expect(where.code).toBe(2)
    expect(where.stderr).toContain('key=value')
    const since = await run(['query', '--dir', dir, '--since', 'yesterdayish'])
    expect(since.code).toBe(2)
    expect(since.stderr).toContain("neither a date (ISO 8601) nor a duration such as '2h'")
    const missing = await run(['query', '--dir', join(dir, 'nope')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain(`no log directory at ${join(dir, 'nope')}`)
  })
})

describe('config', () => {
  it('validate: ok (exit 0), invalid (exit 5, each problem with its path)', async () => {
    const good = join(dir, 'good.json')
    writeFileSync(good, JSON.stringify({ level: 'info', plugins: [{ 'sink-file': { dir: './logs' } }, { control: {} }] }))
    const ok = await run(['config', 'validate', good])
    expect(ok.code).toBe(0)
    expect(ok.stdout).toContain(`${good}: valid (plugins: redact, sink-file, control; redaction on)`)
    const off = join(dir, 'off.json')
    writeFileSync(off, JSON.stringify({ redact: false, plugins: [{ 'sink-file': { dir: './logs' } }] }))
    expect((await run(['config', 'validate', off])).stdout).toContain(`${off}: valid (plugins: sink-file; redaction off)`)
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, JSON.stringify({ level: 'loud', plugins: [{ control: { port: 'x', colour: true } }] }))
    const res = await run(['config', 'validate', bad])
    expect(res.code).toBe(5)
    expect(res.stderr).toContain('LW_ERR_CONFIG_INVALID')
    expect(res.stderr).toContain('level')
    const json = await run(['config', 'validate', bad, '--json'])
    expect(json.code).toBe(5)
    expect(JSON.parse(json.stdout).error.code).toBe('LW_ERR_CONFIG_INVALID')
    const badPlugin = join(dir, 'bad-plugin.json')
    writeFileSync(badPlugin, JSON.stringify({ plugins: [{ control: { colour: true } }] }))
    const plugin = await run(['config', 'validate', badPlugin])
    expect(plugin.code).toBe(5)
    expect(plugin.stderr).toContain('plugins[0].control: unknown option "colour"')
  })

  it('print: defaults filled in; ${env:} values shown as the reference; other secrets censored', async () => {
    const file = join(dir, 'logwarden.config.json')
    const hook = 'https://discord.com/api/webhooks/123456789012345678/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789'
    writeFileSync(
      file,
      JSON.stringify({
        plugins: [{ 'sink-file': { dir: './logs' } }, { 'notify-discord': { webhookUrl: '${env:LW_PRINT_TEST_HOOK}' } }, { control: {} }],
      }),
    )
    const res = await run(['config', 'print', file, '--json'], { env: { LW_PRINT_TEST_HOOK: hook } })
    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
    expect(res.stdout).not.toContain('AbCdEfGhIjKlMnOpQrStUvWxYz')
    const view = JSON.parse(res.stdout)
    expect(view.level).toBe('info')
    // redaction is on although the file does not list it: the core adds redact first
    expect(view.redaction).toBe('on')
    expect(Object.keys(view.plugins[0])).toEqual(['redact'])
    // path options are resolved against the config file's directory by the core, as the daemon runs them
    expect(view.plugins[1]['sink-file']).toMatchObject({ dir: join(dir, 'logs'), fileMode: 0o600 })
    expect(view.plugins[3].control).toMatchObject({ host: '127.0.0.1', port: 5555, rateLimit: { max: 100, windowMs: 60000 } })
    expect(JSON.stringify(view.plugins[2])).toMatch(/\$\{env:LW_PRINT_TEST_HOOK\}|\[REDACTED\]/)
  })
})

describe('init', () => {
  it('writes a starter config without asking (no TTY), which validates; refuses to overwrite', async () => {
    const res = await run(['init'], { cwd: dir })
    expect(res.code).toBe(0)
    const file = join(dir, 'logwarden.config.json')
    expect(res.stdout).toContain(`wrote ${file}`)
    const config = JSON.parse(readFileSync(file, 'utf8'))
    expect(config.plugins.map((p: object) => Object.keys(p)[0])).toEqual(['redact', 'sink-file', 'rotate', 'auth-hmac', 'control'])
    // it will start only once its auth-hmac secrets are set: validate says so (it used to say valid)
    const unset = await run(['config', 'validate'], { cwd: dir, env: { LOGWARDEN_ADMIN_SECRET: undefined, LOGWARDEN_READ_SECRET: undefined } })
    expect(unset.code).toBe(5)
    expect(unset.stderr).toMatch(/plugins\[3\]\.auth-hmac\.secrets\.admin: .*is not set.*\[LW_ERR_AUTH_SECRET\]/)
    const secrets = { LOGWARDEN_ADMIN_SECRET: 'admin-0123456789abcdef', LOGWARDEN_READ_SECRET: 'read-0123456789abcdef' }
    expect((await run(['config', 'validate'], { cwd: dir, env: secrets })).code).toBe(0)
    const again = await run(['init'], { cwd: dir })
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('exists; pass --force')
    expect((await run(['init', '--force', '--no-control', '--dir', '/var/log/x'], { cwd: dir })).code).toBe(0)
    expect(JSON.parse(readFileSync(file, 'utf8')).plugins).toHaveLength(3)
  }, 120_000)
})

describe('plugins', () => {
  it('lists the built-in plugins and describes one', async () => {
    const list = await run(['plugins', '--offline'])
    expect(list.code).toBe(0)
    for (const name of ['auth-hmac', 'control', 'redact', 'rotate', 'sink-file']) expect(list.stdout).toMatch(new RegExp(`^${name}\\s+\\d+\\.\\d+\\.\\d+`, 'm'))
    const one = await run(['plugins', 'control', '--offline'])
    expect(one.stdout).toMatch(/^port\s+integer\s+5555\s+TCP port/m)
    expect(one.stdout).toMatch(/^rateLimit\.max\s+integer\s+100/m)
    const json = JSON.parse((await run(['plugins', 'auth-hmac', '--offline', '--json'])).stdout)
    expect(json.plugins[0]).toMatchObject({ name: 'auth-hmac', loaded: null, schema: { anyOf: [{ required: ['secrets'] }, { required: ['principals'] }] } })
    const unknown = await run(['plugins', 'nope', '--offline'])
    expect(unknown.code).toBe(2)
  })
})

describe('query over files', () => {
  const rec = (ts: string, message: string, extra: object = {}) =>
    JSON.stringify({ timestamp: ts, level: 'info', category: 'system', message, event_id: message, ...extra })

  it('reads rotated .gz, rotated .log and the active file; --since/--until as dates; --limit keeps the newest', async () => {
    const logs = join(dir, 'logs')
    const { mkdirSync } = await import('node:fs')
    mkdirSync(logs)
    writeFileSync(
      join(logs, 'system.2026-11-20T12-00-00Z.1.log.gz'),
      gzipSync(`${rec('2026-11-20T10:00:00.000Z', 'gz-1')}\n${rec('2026-11-20T11:00:00.000Z', 'gz-2', { account_id: 'ABC123' })}\n`),
    )
    writeFileSync(join(logs, 'system.2026-11-21T12-00-00Z.1.log'), `${rec('2026-11-21T10:00:00.000Z', 'log-1', { account_id: 'ABC123' })}\n`)
    writeFileSync(join(logs, 'system.log'), `${rec('2026-11-22T10:00:00.000Z', 'active-1')}\n`)
    const q = async (...args: string[]) => readJsonLines((await run(['query', '--dir', logs, '--json', ...args])).stdout).map((r) => r.message)
    expect(await q()).toEqual(['gz-1', 'gz-2', 'log-1', 'active-1'])
    expect(await q('--since', '2026-11-20', '--until', '2026-11-21')).toEqual(['gz-1', 'gz-2'])
    expect(await q('--since', '2026-11-21')).toEqual(['log-1', 'active-1'])
    expect(await q('--where', 'account_id=ABC123')).toEqual(['gz-2', 'log-1'])
    expect(await q('--limit', '2')).toEqual(['log-1', 'active-1'])
    const human = await run(['query', '--dir', logs, '--grep', 'gz-2'])
    // the event id in its short form first (evt=), then the other fields
    expect(human.stdout).toBe('[2026-11-20 11:00:00.000] INFO  | system | gz-2  evt=gz-2 account_id=ABC123\n')
    const none = await run(['query', '--dir', logs, '--grep', 'nothing-matches'])
    expect(none.code).toBe(0)
    expect(none.stderr).toContain('no matching records')
  })
})

describe('tail --dir', () => {
  it('follows the files like tail -F: backlog first, then every new record once, in order, across rotations', async () => {
    const logs = join(dir, 'logs')
    const log = await createLogger({
      config: { plugins: [{ 'sink-file': { dir: logs } }, { rotate: { maxSize: 1500, compress: 'gzip', maxFiles: 100, maxAge: false } }] },
    })
    try {
      for (let i = 1; i <= 5; i++) log.info('rec', { i })
      await log.flush()
      const tail = start(['tail', '--dir', logs, '--category', 'system', '--backlog', '3', '--json'])
      stops.push(() => tail.stop())
      await tail.waitFor((l) => l.includes('"i":5'))
      await new Promise((r) => setTimeout(r, 300)) // the follower is at the end of the file now
      for (let i = 6; i <= 200; i++) {
        log.info('rec', { i })
        if (i % 10 === 0) {
          await log.flush()
          await new Promise((r) => setTimeout(r, 15))
        }
      }
      await log.flush()
      await tail.waitFor((l) => l.includes('"i":200'), 15_000)
      await new Promise((r) => setTimeout(r, 300))
      expect(await tail.stop()).toBe(0)
      const seen = tail.lines
        .map(({ line }) => JSON.parse(line))
        .filter((r) => r.message === 'rec')
        .map((r) => r.i)
      expect(seen).toEqual([3, 4, 5, ...Array.from({ length: 195 }, (_, k) => k + 6)])
      const { readdirSync } = await import('node:fs')
      expect(readdirSync(logs).filter((f) => f.startsWith('system.') && f !== 'system.log').length).toBeGreaterThan(3) // it did rotate
    } finally {
      await log.close()
    }
  })

  it('filters, and prints the human format', async () => {
    const logs = join(dir, 'logs')
    const log = await createLogger({ config: { plugins: [{ 'sink-file': { dir: logs } }] } })
    try {
      log.warn('ready', { account_id: 'ABC123' })
      await log.flush()
      const tail = start(['tail', '--dir', logs, '--where', 'account_id=ABC123', '--level', 'warn', '--backlog', '1'])
      stops.push(() => tail.stop())
      await tail.waitFor((l) => l.includes('ready')) // the backlog is out: the follower is at the end
      log.category('enforcement').warn('closed for ABC', { account_id: 'ABC123' })
      log.category('enforcement').warn('closed for XYZ', { account_id: 'XYZ789' })
      log.info('info for ABC', { account_id: 'ABC123' })
      await log.flush()
      const hit = await tail.waitFor((l) => l.includes('closed for ABC'))
      expect(hit.line).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] WARN {2}\| enforcement \| closed for ABC {2}evt=[\w-]{8} account_id=ABC123$/)
      await new Promise((r) => setTimeout(r, 300))
      await tail.stop()
      expect(tail.lines.map((l) => l.line).join('\n')).not.toMatch(/XYZ|info for ABC/)
    } finally {
      await log.close()
    }
    expect(existsSync(logs)).toBe(true)
  })
})
