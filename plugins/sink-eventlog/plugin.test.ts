/** The plugin's main-thread side: schema, defaults, README in sync, start-up errors through createLogger. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createLogger } from 'logwarden'
import plugin from './index.js'
import { schema } from './options.js'

describe('sink-eventlog plugin', () => {
  it('the README options table has a row for every schema property, and no other', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8')
    const table = readme.slice(readme.indexOf('## Options'), readme.indexOf('## What is sent'))
    const rows = [...table.matchAll(/^\| `([A-Za-z]+)` \|/gm)].map((m) => m[1])
    expect(rows.sort()).toEqual(Object.keys(schema.properties).sort())
  })

  it('is named sink-eventlog and declares a critical-only lane without duplicate error copies', () => {
    expect(plugin.name).toBe('sink-eventlog')
    const specs: unknown[] = []
    const fake = { config: { baseDir: '/etc/app' }, addSink: (s: unknown) => specs.push(s) }
    plugin.apply(fake as never, {
      minLevel: 'critical', categories: '*', eventId: 1000, facility: 'user', transport: 'tls', host: 'h',
      localFormat: 'rfc3164', sdId: 'logwarden@32473', sdFields: [], maxMessageBytes: 8192, maxBuffered: 1000,
      tls: { caFile: 'ca.pem' }, reconnect: {}, connectTimeoutMs: 5000, flushTimeoutMs: 2000, reportIntervalMs: 60000,
    })
    expect(specs).toHaveLength(1)
    expect(specs[0]).toMatchObject({
      name: 'sink-eventlog', kind: 'sink-eventlog', minLevel: 60, categories: '*', errorCopies: false,
      options: {
        target: process.platform === 'win32' ? 'windows' : 'syslog', appName: 'logwarden', source: 'logwarden', port: 6514,
        tls: { caFile: '/etc/app/ca.pem', rejectUnauthorized: true }, reconnect: { initialDelayMs: 500, maxDelayMs: 30000 },
      },
    })
    expect(String((specs[0] as { module: string }).module)).toMatch(/\/sink-eventlog\/worker\.(js|ts)$/)
  })

  it('bad options make createLogger reject with the fix', async () => {
    await expect(createLogger({ config: { exit: { handleSignals: false }, plugins: [{ 'sink-eventlog': { sdFields: ['bad name'] } }] } }))
      .rejects.toMatchObject({ code: 'LW_ERR_CONFIG_INVALID' })
    await expect(createLogger({ config: { exit: { handleSignals: false }, plugins: [{ 'sink-eventlog': { sdId: 'x@y' } }] } }))
      .rejects.toMatchObject({ code: 'LW_ERR_EVENTLOG_SD_ID' })
    if (process.platform !== 'win32') {
      await expect(createLogger({ config: { exit: { handleSignals: false }, plugins: [{ 'sink-eventlog': { target: 'windows' } }] } }))
        .rejects.toMatchObject({ code: 'LW_ERR_EVENTLOG_PLATFORM', message: expect.stringContaining(`target "windows" cannot run on ${process.platform}`) })
      await expect(createLogger({ config: { exit: { handleSignals: false }, plugins: [{ 'sink-eventlog': { transport: 'tls', tls: { caFile: 'no-such-ca.pem' } } }] } }))
        .rejects.toThrow(/could not read tls\.caFile ".*no-such-ca\.pem": ENOENT/)
    }
  })
})
