/** The plugin's main-thread side: schema, defaults, README in sync, start-up errors through createLogger. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createLogger } from 'logwarden'
import type { ResolvedConfig } from '../../core/config-schema.js'
import { Pipeline, type PipelineHost } from '../../core/pipeline.js'
import { validate } from '../../core/validate.js'
import plugin from './index.js'
import { schema } from './options.js'

const host: PipelineHost = {
  internal: () => undefined,
  runTask: () => Promise.reject(new Error('no pool in this test')),
  stats: () => ({ level: 'info', redaction: 'on', lanes: [], plugins: [] }),
}

/** What the loader does with a plugin entry: validate a copy (filling defaults), then apply it to a real Pipeline. */
async function applied(options: Record<string, unknown>): Promise<Pipeline> {
  const pipeline = new Pipeline({ baseDir: '/etc/app', level: 30, categories: ['system', 'enforcement', 'error', 'audit'] } as unknown as ResolvedConfig, host)
  const copy = structuredClone(options)
  validate(plugin.schema!, copy, 'test', plugin.name)
  await (plugin.apply as (p: Pipeline, o: unknown) => void | Promise<void>)(pipeline, copy)
  return pipeline
}

const onWindows = process.platform === 'win32'

describe('sink-eventlog plugin', () => {
  it('the README options table has a row for every schema property, and no other', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8')
    const table = readme.slice(readme.indexOf('## Options'), readme.indexOf('## What is sent'))
    const rows = [...table.matchAll(/^\| `([A-Za-z]+)` \|/gm)].map((m) => m[1])
    expect(rows.sort()).toEqual(Object.keys(schema.properties).sort())
  })

  it('is named sink-eventlog and declares a critical-only lane without duplicate error copies', async () => {
    expect(plugin.name).toBe('sink-eventlog')
    const pipeline = await applied({ transport: 'tls', host: 'h', tls: { caFile: 'ca.pem' } })
    expect(pipeline.sinks).toHaveLength(1)
    const spec = pipeline.sinks[0]!
    expect(spec).toMatchObject({
      name: 'sink-eventlog',
      kind: 'sink-eventlog',
      minLevel: 60,
      categories: '*',
      errorCopies: false,
      options: {
        target: onWindows ? 'windows' : 'syslog',
        appName: 'logwarden',
        source: 'logwarden',
        transport: 'tls',
        host: 'h',
        port: 6514,
        facility: 'user',
        eventId: 1000,
        sdId: 'logwarden@32473',
        sdFields: [],
        maxMessageBytes: 8192,
        maxBuffered: 1000,
        tls: { caFile: '/etc/app/ca.pem', rejectUnauthorized: true },
        reconnect: { initialDelayMs: 500, maxDelayMs: 30000 },
      },
    })
    expect(spec.module).toMatch(/\/sink-eventlog\/worker\.(js|ts)$/)
    // what crosses into the worker must survive structured clone
    expect(structuredClone(spec.options)).toEqual(spec.options)
    // a named instance for some categories; plain TCP/UDP default to port 514
    await expect(applied({ name: 'audit-syslog', transport: 'udp', categories: ['audit'] })).resolves.toMatchObject({
      sinks: [{ name: 'audit-syslog', categories: ['audit'], options: { port: 514 } }],
    })
  })

  it('bad options make createLogger reject with the fix', async () => {
    await expect(
      createLogger({ config: { exit: { handleSignals: false }, plugins: [{ 'sink-eventlog': { sdFields: ['bad name'] } }] } }),
    ).rejects.toMatchObject({ code: 'LW_ERR_CONFIG_INVALID' })
    await expect(createLogger({ config: { exit: { handleSignals: false }, plugins: [{ 'sink-eventlog': { sdId: 'x@y' } }] } })).rejects.toMatchObject({
      code: 'LW_ERR_EVENTLOG_SD_ID',
    })
  })

  // on Windows both start: `windows` is the native target there, and the default one (tls is unused)
  it.skipIf(onWindows)('target windows off Windows, and a missing tls.caFile, make createLogger reject with the fix', async () => {
    await expect(createLogger({ config: { exit: { handleSignals: false }, plugins: [{ 'sink-eventlog': { target: 'windows' } }] } })).rejects.toMatchObject({
      code: 'LW_ERR_EVENTLOG_PLATFORM',
      message: expect.stringContaining(`target "windows" cannot run on ${process.platform}`),
    })
    await expect(
      createLogger({ config: { exit: { handleSignals: false }, plugins: [{ 'sink-eventlog': { transport: 'tls', tls: { caFile: 'no-such-ca.pem' } } }] } }),
    ).rejects.toThrow(/could not read tls\.caFile ".*no-such-ca\.pem": ENOENT/)
  })
})
