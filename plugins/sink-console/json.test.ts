/**
 * JSON lines on stdout, as a container runs it: a real process with no config file and
 * LOGWARDEN_STDOUT=json, its stdout a pipe read by a slow consumer (needs npm run build).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { stdoutFromEnv } from '../../core/stdout-env.js'

const DIST = pathToFileURL(fileURLToPath(new URL('../../dist/index.js', import.meta.url))).href

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-stdout-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

/** Runs `code` after `const log = await createLogger()` in `dir`; stdout is read after `pauseMs`. */
function run(code: string, env: Record<string, string>, pauseMs: number): Promise<{ stdout: string; code: number | null }> {
  const script = join(dir, 'app.mjs')
  writeFileSync(script, `import { createLogger } from '${DIST}'\nconst log = await createLogger()\n${code}\n`)
  const child = spawn(process.execPath, [script], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })
  const chunks: Buffer[] = []
  // a consumer that is away longer than the writer's 2 s stall limit, then reads in small bites
  child.stdout.pause()
  setTimeout(() => {
    child.stdout.on('data', (c: Buffer) => {
      chunks.push(c)
      child.stdout.pause()
      setTimeout(() => child.stdout.resume(), 1)
    })
    child.stdout.resume()
  }, pauseMs)
  return new Promise((resolve) => child.on('close', (code) => resolve({ stdout: Buffer.concat(chunks).toString(), code })))
}

describe('LOGWARDEN_STDOUT=json (a real process, a slow pipe)', () => {
  it('writes 20,000 records as the files get them, none lost, none cut, console.log lines kept whole', async () => {
    const { stdout, code } = await run(
      `for (let i = 0; i < 20000; i++) {
  log.info('order ' + i, { i, account_id: 'ABC123', apiKey: 'sk_live_abcdefghijklmnop', pad: 'x'.repeat(i % 300) })
  if (i % 1000 === 0) console.log('plain console line ' + i)
}`,
      { LOGWARDEN_STDOUT: 'json' },
      2500,
    )
    expect(code).toBe(0)
    const lines = stdout.split('\n').filter(Boolean)
    const records = lines.filter((l) => !l.startsWith('plain console line')).map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines.filter((l) => l.startsWith('plain console line'))).toHaveLength(20)
    const seen = records.filter((r) => r.category === 'system' && typeof r.i === 'number').map((r) => r.i)
    expect(seen).toHaveLength(20000)
    expect(new Set(seen).size).toBe(20000)
    expect(records[0]).toMatchObject({ level: 'info', category: 'system', message: 'order 0', account_id: 'ABC123' })
    // redacted, like the files
    expect(stdout).not.toContain('sk_live_abcdefghijklmnop')
    // the embedded default still writes its files: stdout is the same lines
    const logFiles = readdirSync(join(dir, 'logs')).filter((f) => f.endsWith('.log'))
    const fileLines = logFiles.flatMap((f) =>
      readFileSync(join(dir, 'logs', f), 'utf8')
        .split('\n')
        .filter(Boolean),
    )
    const first = fileLines.find((l) => l.includes('"message":"order 0"'))
    expect(lines).toContain(first)
  }, 120_000)
})

describe('stdoutFromEnv', () => {
  it('replaces stdout console sinks, keeps stderr ones, and reports an unknown value', () => {
    const plugins = ['redact', 'sink-console', { 'sink-console': { stream: 'stderr', name: 'err' } }, { 'sink-file': { dir: './logs' } }]
    expect(stdoutFromEnv(plugins, {}).plugins).toBe(plugins)
    expect(stdoutFromEnv(plugins, { LOGWARDEN_STDOUT: 'json' }).plugins).toEqual([
      'redact',
      { 'sink-console': { stream: 'stderr', name: 'err' } },
      { 'sink-file': { dir: './logs' } },
      { 'sink-console': { name: 'stdout', format: 'json' } },
    ])
    expect(stdoutFromEnv(plugins, { LOGWARDEN_STDOUT: 'off' }).plugins).toHaveLength(3)
    expect(stdoutFromEnv(plugins, { LOGWARDEN_STDOUT: 'xml' }).problem).toMatch(/LOGWARDEN_STDOUT=xml: must be json, human or off/)
  })
})
