import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { DEFAULTS, type ResolvedConfig } from '../../core/config-schema.js'
import { LwError } from '../../core/errors.js'
import { Pipeline, type PipelineHost } from '../../core/pipeline.js'
import { validate } from '../../core/validate.js'
import { loadPlugins } from '../../core/plugin-loader.js'
import plugin, { consoleSchema, type ConsoleOptions } from './index.js'
import type { ConsoleWorkerOptions } from './worker.js'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../../', import.meta.url))

const config: ResolvedConfig = {
  level: 30,
  categories: ['system', 'enforcement', 'error', 'audit'],
  errorCopies: true,
  redact: true,
  flushTimeoutMs: 30_000,
  startTimeoutMs: 10_000,
  queue: DEFAULTS.queue,
  batch: DEFAULTS.batch,
  workers: { threads: 1 },
  exit: DEFAULTS.exit,
  record: DEFAULTS.record,
  baseDir: process.cwd(),
}
const host: PipelineHost = {
  internal: () => undefined,
  runTask: () => Promise.reject(new Error('unused')),
  stats: () => ({ level: 'info', redaction: 'on', lanes: [], plugins: [] }),
}

function options(o: Record<string, unknown> = {}): ConsoleOptions {
  const copy = structuredClone(o)
  validate(consoleSchema, copy, 'test', 'sink-console')
  return copy as unknown as ConsoleOptions
}

function declare(o: Record<string, unknown> = {}) {
  const pipeline = new Pipeline(config, host)
  void plugin.apply(pipeline, options(o)) // sink-console declares its sink synchronously
  return pipeline.sinks[0]
}

describe('sink-console plugin', () => {
  it('declares a worker lane with defaults: stdout, all categories, no duplicate error copies', () => {
    const spec = declare()
    expect(spec).toMatchObject({ name: 'sink-console', kind: 'sink-console', categories: '*', minLevel: 0, errorCopies: false })
    expect(spec.module).toBe(new URL('./worker.js', import.meta.url).href)
    expect(spec.options).toEqual({
      fd: 1,
      format: 'human',
      colors: 'auto',
      fields: true,
      stacks: false,
      timezone: 'local',
      categories: '*',
    } satisfies ConsoleWorkerOptions)
  })

  it('maps stream, minLevel and categories', () => {
    const spec = declare({ name: 'console-errors', stream: 'stderr', minLevel: 'warning', categories: ['enforcement', 'error'] })
    expect(spec).toMatchObject({ name: 'console-errors', minLevel: 40, categories: ['enforcement', 'error'], errorCopies: true })
    expect((spec.options as ConsoleWorkerOptions).fd).toBe(2)
  })

  it('rejects an unknown time zone and an undeclared category at start, each with its path', async () => {
    // the core's loader runs the schema and the plugin's check, and reports every problem
    const err = await loadPlugins([[plugin, { timezone: 'Mars/Olympus', categories: ['audit', 'risk'] }]], config, 'logwarden.config.json').catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(LwError)
    expect((err as LwError).code).toBe('LW_ERR_CONFIG_INVALID')
    expect((err as LwError).message).toContain('logwarden.config.json: plugins[0][1].timezone: must be an IANA time zone')
    expect((err as LwError).message).toContain('logwarden.config.json: plugins[0][1].categories[1]: must be a declared category')
    expect(() => options({ colors: 'sometimes' })).toThrow(/LW_ERR_CONFIG_INVALID|colors/)
  })

  it('the README documents every option', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8')
    for (const name of Object.keys(consoleSchema.properties as object)) expect(readme).toContain(`| \`${name}\``)
  })
})

/** A real process logging through the built package to its stdout (a pipe). */
async function child(code: string, env: Record<string, string> = {}) {
  const script = `import { createLogger } from 'logwarden'
const log = await createLogger({ config: { exit: { handleSignals: false }, plugins: [{ 'sink-console': { timezone: 'UTC' } }] } })
${code}`
  const base = { ...process.env }
  delete base.NO_COLOR
  delete base.FORCE_COLOR
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env: { ...base, ...env } })
  return stdout
}

describe('sink-console end to end (needs npm run build)', () => {
  it('writes human lines to stdout, uncolored on a pipe, and none are lost at a natural exit', async () => {
    const out = await child(`for (let i = 0; i < 200; i++) log.info('tick ' + i, { account_id: 'ABC123', i })
log.category('enforcement').error('close failed', { symbol: 'MNQ' })`)
    const lines = out.trimEnd().split('\n')
    expect(lines).toHaveLength(201)
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO {2}\| system \| ABC123 \| tick 0 i=0$/)
    expect(lines[199]).toContain('| tick 199 i=199')
    // the error is shown once, under its own category, not again as an error copy
    expect(lines[200]).toMatch(/\] ERROR \| enforcement \| close failed symbol=MNQ$/)
    expect(out).not.toContain('\u001b[')
  })

  it('FORCE_COLOR colors a pipe; NO_COLOR wins over it', async () => {
    expect(await child(`log.warn('careful')`, { FORCE_COLOR: '1' })).toContain('\u001b[33mWARN \u001b[39m')
    expect(await child(`log.warn('careful')`, { FORCE_COLOR: '1', NO_COLOR: '1' })).not.toContain('\u001b[')
  })
})
