import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Pipeline } from '../../core/pipeline.js'
import type { PipelineHost } from '../../core/pipeline.js'
import type { ResolvedConfig } from '../../core/config-schema.js'
import type { SinkSpec } from '../../core/sink-contract.js'
import { validate } from '../../core/validate.js'
import sinkFile from '../sink-file/index.js'
import rotate from './index.js'

const baseDir = '/srv/app'
const config = { baseDir, level: 30, categories: ['system', 'enforcement', 'error', 'audit'] } as unknown as ResolvedConfig
const host: PipelineHost = {
  internal: () => undefined,
  runTask: () => Promise.reject(new Error('unused')),
  stats: () => ({ level: 'info', redaction: 'on', lanes: [], plugins: [] }),
}

/** What the loader does: validate (filling defaults) a copy, then apply; what the runtime does: run the sink hook. */
async function specs(entries: Array<[typeof sinkFile | typeof rotate, Record<string, unknown>]>): Promise<SinkSpec[]> {
  const pipeline = new Pipeline(config, host)
  for (const [plugin, options] of entries) {
    const copy = structuredClone(options)
    validate(plugin.schema!, copy, 'test', plugin.name, baseDir)
    await (plugin.apply as (p: Pipeline, o: unknown) => Promise<void> | void)(pipeline, copy)
  }
  return pipeline.sinks.map((s) => pipeline.hooks.sink.get(s.kind)?.call(s) ?? s)
}

describe('sink-file and rotate plugins', () => {
  it('sink-file declares its worker with defaults, dir resolved against the config directory', async () => {
    const [spec] = await specs([[sinkFile, {}]])
    expect(spec).toMatchObject({
      name: 'sink-file',
      kind: 'sink-file',
      categories: '*',
      options: { dir: join(baseDir, 'logs'), fileMode: 0o600, dirMode: 0o700, fsync: false, checkIntervalMs: 1000 },
    })
    expect(spec!.module).toMatch(/plugins\/sink-file\/worker\.js$/)
    expect(spec).not.toHaveProperty('options.rotation')
    const [named] = await specs([[sinkFile, { dir: '/var/log/x', name: 'audit-file', categories: ['audit'], minLevel: 'warn' }]])
    expect(named).toMatchObject({ name: 'audit-file', categories: ['audit'], minLevel: 40, options: { dir: '/var/log/x' } })
  })

  it('rotate amends sink-file specs through the hook, whatever the plugin order, with normalized options', async () => {
    for (const order of [
      [sinkFile, rotate],
      [rotate, sinkFile],
    ] as const) {
      const [spec] = await specs([
        [order[0], order[0] === rotate ? { maxSize: '10MB', archiveDir: 'old' } : {}],
        [order[1], order[1] === rotate ? { maxSize: '10MB', archiveDir: 'old' } : {}],
      ])
      const rotation = (spec!.options as { rotation: { module: string; options: Record<string, unknown> } }).rotation
      expect(rotation.module).toMatch(/plugins\/rotate\/rotation\.js$/)
      expect(rotation.options).toMatchObject({
        maxSize: 10 * 1024 ** 2,
        maxFiles: 10,
        compress: 'gzip',
        maxAge: 90 * 86_400_000,
        archiveDir: join(baseDir, 'old'),
      })
      expect(structuredClone(spec!.options)).toEqual(spec!.options) // crosses into the worker intact
    }
  })

  it('rotate with `sink` only touches that sink-file instance', async () => {
    const all = await specs([
      [sinkFile, { name: 'a', dir: 'a' }],
      [sinkFile, { name: 'b', dir: 'b' }],
      [rotate, { sink: 'b' }],
    ])
    expect(all.map((s) => 'rotation' in (s.options as object))).toEqual([false, true])
  })

  it('rejects invalid options at start with the option named', async () => {
    // units are the schema's now: the core reports them like any option, with what a size looks like
    await expect(specs([[rotate, { maxSize: 'lots' }]])).rejects.toMatchObject({
      code: 'LW_ERR_CONFIG_INVALID',
      message: expect.stringContaining('rotate.maxSize: must be a size such as "50MB"'),
    })
    await expect(specs([[rotate, { maxAge: '6M' }]])).rejects.toMatchObject({
      code: 'LW_ERR_CONFIG_INVALID',
      message: expect.stringContaining('rotate.maxAge: must be a duration'),
    })
    await expect(specs([[rotate, { interval: 'weekly' }]])).rejects.toMatchObject({ code: 'LW_ERR_CONFIG_INVALID' })
    await expect(specs([[sinkFile, { fsync: 'yes' }]])).rejects.toMatchObject({ code: 'LW_ERR_CONFIG_INVALID' })
  })
})
