/** createLoggerSync(): a logger usable at once, nothing lost while its sinks start. */
import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import { createLoggerSync, withCorrelation, type Logger } from 'logwarden'
import { APPEND_SINK, appendSink, readLines, tempDir } from './helpers/sinks.js'

let cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

function track(log: Logger, t: { cleanup(): void }): Logger {
  cleanup.push(t.cleanup, () => log.close().catch(() => undefined))
  return log
}

describe('createLoggerSync', () => {
  it('takes records at once and writes them in order, with their own time, correlation id and redacted bindings', async () => {
    const t = tempDir()
    const file = join(t.dir, 'out.log')
    const before = Date.now()
    const log = track(createLoggerSync({ config: { level: 'debug', plugins: [appendSink('mem', { file }, { batch: { maxRecords: 1 } })] } }), t)
    // nothing has started yet: these are kept
    expect(log.level).toBe('debug')
    expect(log.isLevelEnabled('trace')).toBe(false)
    expect(() => log.pipeline).toThrow(expect.objectContaining({ code: 'LW_ERR_LOGGER_STARTING' }))
    const fields = { n: 1 }
    log.info('first', fields)
    fields.n = 99 // a caller reusing its object after the call
    const child = log.child({ account_id: 'ABC123', password: 'hunter2-secret' })
    withCorrelation(() => child.warn({ order_id: 'o-1' }, 'second %s', 'call'), 'corr-1')
    log.trace('below the level')
    log.category('enforcement').error(new Error('third'))
    await log.flush()
    log.info('after the start')
    await log.flush()
    // the error record is also delivered as its error copy: one of each
    const records = readLines(file).filter((r, i, all) => all.findIndex((o) => o.event_id === r.event_id) === i)
    expect(records.map((r) => r.message)).toEqual(['first', 'second call', 'third', 'after the start'])
    expect(records[0]).toMatchObject({ n: 1 })
    expect(records[1]).toMatchObject({ account_id: 'ABC123', order_id: 'o-1', correlation_id: 'corr-1', level: 'warn' })
    expect(JSON.stringify(records[1])).not.toContain('hunter2-secret')
    expect(records[2]).toMatchObject({ category: 'enforcement', err: { message: 'third' } })
    const t0 = Date.parse(records[0]!.timestamp as string)
    expect(t0).toBeGreaterThanOrEqual(before - 1)
    expect(t0).toBeLessThanOrEqual(Date.parse(records[3]!.timestamp as string))
    expect(log.pipeline).toBeDefined()
  })

  it('reads a JSON config file synchronously (its level holds at once); an ES module config is LW_ERR_CONFIG_NOT_SYNC', async () => {
    const t = tempDir()
    const config = join(t.dir, 'logwarden.config.json')
    writeFileSync(config, JSON.stringify({ level: 'warn', categories: ['risk'], plugins: [] }))
    const log = track(createLoggerSync({ configFile: config }), t)
    expect(log.level).toBe('warn')
    expect(() => log.category('risk')).not.toThrow()
    await log.flush()
    writeFileSync(join(t.dir, 'logwarden.config.mjs'), `export default { plugins: [] }`)
    expect(() => createLoggerSync({ configFile: join(t.dir, 'logwarden.config.mjs') })).toThrow(expect.objectContaining({ code: 'LW_ERR_CONFIG_NOT_SYNC' }))
    expect(() => createLoggerSync({ config: { level: 'loud' } as never })).toThrow(expect.objectContaining({ code: 'LW_ERR_CONFIG_INVALID' }))
  })

  it('a start that fails: flush rejects with the cause, and the records kept are counted', async () => {
    const t = tempDir()
    const failing = {
      name: 'test-broken',
      apply(pipeline: { addSink(spec: unknown): void }) {
        pipeline.addSink({ name: 'broken', kind: 'append', module: APPEND_SINK, options: { startNever: true } })
      },
    }
    const log = track(createLoggerSync({ config: { startTimeoutMs: 300, plugins: [failing as never] } }), t)
    log.info('kept, then lost with the start')
    await expect(log.flush()).rejects.toMatchObject({ code: 'LW_ERR_PLUGIN_TIMEOUT' })
    expect(log.stats().emergencyLost).toBe(1)
  })
})
