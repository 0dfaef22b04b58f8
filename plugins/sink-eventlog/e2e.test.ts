/**
 * End to end through the built package (run `npm run build` first: workers run dist/):
 * createLogger with sink-eventlog → a real rsyslogd on loopback, real worker threads.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from 'logwarden'
import { BOM } from './rfc5424.js'
import { RefusedPort } from './test-support/refused-port.js'
import { startRsyslog, type Rsyslog } from './test-support/rsyslogd.js'

let rs: Rsyslog
let dir: string

beforeAll(async () => {
  rs = await startRsyslog()
  dir = mkdtempSync(path.join(os.tmpdir(), 'lw-eventlog-e2e-'))
}, 20_000)

afterAll(async () => {
  await rs?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('sink-eventlog end to end (createLogger → rsyslog)', () => {
  it('sends critical records only, with severity, msgid and structured data; testChannel answers', async () => {
    const app = 'lw-e2e'
    const log = await createLogger({
      config: {
        exit: { handleSignals: false },
        plugins: [{ 'sink-eventlog': { target: 'syslog', transport: 'tcp', port: rs.tcpPort, appName: app, facility: 'local5', sdFields: ['rule'] } }],
      },
    })
    try {
      log.info('not sent: below critical')
      log.error('not sent either')
      log.enforcement({ level: 'critical', account_id: 'ACC-"9"]', rule: 'daily_loss', action: 'lockout', message: 'account locked\nafter "3" breaches ✓' })
      log.critical('disk full [sda1]', { account_id: 'ACC-1' })
      await log.flush()
      const got = (await rs.waitFor((all) => all.filter((r) => r.app === app).length >= 2)).filter((r) => r.app === app)
      expect(got).toHaveLength(2)
      expect(got.map((r) => [r.facility, r.severity, r.msgid, r.procid])).toEqual([
        ['21', '2', 'lockout', String(process.pid)],
        ['21', '2', '-', String(process.pid)],
      ])
      expect(got[0].sd).toMatch(/^\[logwarden@32473 category="enforcement" event_id="[^"]+" account_id="ACC-\\"9\\"\\]" rule="daily_loss"\]$/)
      expect(got[0].msg).toBe(BOM + 'account locked\nafter "3" breaches ✓')
      expect(got[1].sd).toMatch(/^\[logwarden@32473 category="system" event_id="[^"]+" account_id="ACC-1"\]$/)
      expect(got[1].msg).toBe(BOM + 'disk full [sda1]')

      expect(await log.testChannel('sink-eventlog')).toEqual({ ok: true, transport: `tcp://127.0.0.1:${rs.tcpPort}` })
      // "exactly once" needs a look after a second copy could have come: a record sent after the
      // test event, on the same ordered stream, arrives after any resent copy of it
      log.critical('after the test event')
      await log.flush()
      const after = await rs.waitFor((all) => all.some((r) => r.app === app && r.msg === BOM + 'after the test event'))
      expect(after.filter((r) => r.app === app && r.msg === BOM + 'after the test event')).toHaveLength(1)
      expect(after.filter((r) => r.app === app && r.msgid === 'test')).toHaveLength(1)
    } finally {
      await log.close()
    }
  })

  it('a dead server never holds up logging; undelivered records are reported as a system record', async () => {
    // bound but not listening: connections are refused, and no other process can answer on it
    const dead = new RefusedPort()
    const deadPort = dead.port
    const log = await createLogger({
      config: {
        exit: { handleSignals: false },
        plugins: [{ 'sink-eventlog': { target: 'syslog', transport: 'tcp', port: deadPort, maxBuffered: 5, flushTimeoutMs: 100 } }, { 'sink-file': { dir } }],
      },
    })
    const t0 = performance.now()
    try {
      for (let i = 0; i < 20; i++) log.critical(`outage ${i}`)
      // the calls only queue (the worker talks to the server): a bound a loaded machine stays under
      expect(performance.now() - t0).toBeLessThan(2000)
      await log.flush()
    } finally {
      await log.close()
      dead.close()
    }

    const lines = readdirSync(dir)
      .filter((f) => f.endsWith('.log'))
      .flatMap((f) => readFileSync(path.join(dir, f), 'utf8').split('\n'))
      .filter(Boolean)
    const reports = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => r.code === 'LW_ERR_SINK_UNDELIVERED')
    expect(reports.length).toBeGreaterThanOrEqual(1)
    expect(reports.every((r) => r.category === 'system' && r.level === 'warn')).toBe(true)
    // 15 dropped from the full buffer (reported at once and at flush); the 5 still buffered at
    // close are reported while the logger closes, which the host writes to stderr
    expect(reports.reduce((n, r) => n + Number(r.undelivered), 0)).toBe(15)
  })
})
