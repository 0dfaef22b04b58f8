/** The public test kit, used the way a plugin author does: from `logwarden/testing`. */
import { afterEach, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { request } from 'undici'
import { definePlugin } from 'logwarden'
import { LoopbackServer, makeBatch, makeRecord, runPlugin, startSink, type PluginRun, type SinkUnderTest } from 'logwarden/testing'
import { APPEND_SINK, tempDir } from '../../test/helpers/sinks.js'

let cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

describe('startSink', () => {
  it('runs a worker module in its own thread, fed batches in order, and collects its counters', async () => {
    const t = tempDir()
    cleanup.push(t.cleanup)
    const file = join(t.dir, 'out.log')
    const sink: SinkUnderTest = await startSink(APPEND_SINK, { file })
    cleanup.push(() => sink.close())
    await sink.writeRecords([makeRecord({ message: 'one' }), makeRecord({ category: 'audit', message: 'two' })])
    await sink.write(makeBatch([makeRecord({ message: 'three' })]))
    await sink.flush()
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { message: string; category: string })
    expect(lines.map((r) => [r.category, r.message])).toEqual([
      ['system', 'one'],
      ['audit', 'two'],
      ['system', 'three'],
    ])
    expect(sink.counters).toEqual({ batches: 2, records: 3 })
    expect(await sink.command('test')).toEqual({ ok: true, sink: 'sink-under-test' })
    // ctx.runTask works in the thread, as in the pool
    expect(await sink.command('task', 21)).toMatchObject({ value: 42 })
  })

  it('a throwing write rejects with the sink\u2019s message; a failing createSink rejects the start', async () => {
    const t = tempDir()
    cleanup.push(t.cleanup)
    const sink = await startSink(APPEND_SINK, { file: join(t.dir, 'x.log'), failTimes: 1, counterFile: join(t.dir, 'n') })
    cleanup.push(() => sink.close())
    await expect(sink.writeRecords([makeRecord()])).rejects.toThrow('planned failure 1')
    await expect(sink.writeRecords([makeRecord()])).resolves.toBeUndefined()
    await expect(startSink(APPEND_SINK, { brokenAfterCrash: true, counterFile: join(t.dir, 'n') })).rejects.toThrow(/createSink failed: Error: cannot reopen/)
  })
})

describe('runPlugin', () => {
  it('runs the plugin in a real logger: path options resolve in its folder, reports reach the recorder', async () => {
    const plugin = definePlugin<{ file: string }>({
      name: 'kit-sink',
      schema: { type: 'object', properties: { file: { type: 'string', lwPath: 'file', default: 'kit.log' } } },
      apply(pipeline, options) {
        pipeline.addSink({ name: 'kit-sink', kind: 'kit-sink', module: APPEND_SINK, options })
      },
    })
    const run: PluginRun = await runPlugin(plugin, {}, { config: { redact: true } })
    cleanup.push(() => run.close())
    run.log.category('audit').info('hello', { password: 'hunter2' })
    await run.log.flush()
    const written = readFileSync(join(run.dir, 'kit.log'), 'utf8')
    expect(written).toContain('"message":"hello"')
    expect(written).not.toContain('hunter2')
    expect(run.reported().find((r) => r.message === 'hello')).toMatchObject({ category: 'audit' })
    expect(run.stats().lanes.find((l) => l.name === 'kit-sink')).toMatchObject({ written: expect.any(Number), role: 'sink' })
  })

  it('refuses options the schema refuses, as a user\u2019s config would be', async () => {
    const plugin = definePlugin({ name: 'strict', schema: { type: 'object', additionalProperties: false }, apply() {} })
    await expect(runPlugin(plugin, { nope: 1 })).rejects.toMatchObject({
      code: 'LW_ERR_CONFIG_INVALID',
      message: expect.stringContaining('unknown option "nope"'),
    })
  })
})

describe('LoopbackServer', () => {
  it('records requests and answers with scripted replies, then the normal one', async () => {
    const api = new LoopbackServer((req) => ({ status: 201, body: { got: req.body } }))
    await api.listen()
    cleanup.push(() => api.close())
    api.respond(() => ({ status: 429, headers: { 'retry-after': '1' } }), 1)
    const first = await request(`${api.origin}/hook`, { method: 'POST', body: '{"a":1}' })
    await first.body.dump()
    const second = await request(`${api.origin}/hook`, { method: 'POST', body: '{"a":2}' })
    expect(first.statusCode).toBe(429)
    expect(first.headers['retry-after']).toBe('1')
    expect(await second.body.json()).toEqual({ got: { a: 2 } })
    expect(api.requests.map((r) => [r.path, r.status])).toEqual([
      ['/hook', 429],
      ['/hook', 201],
    ])
    expect(api.delivered).toHaveLength(1)
  })
})
