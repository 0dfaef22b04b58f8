/**
 * End to end through the built package (run `npm run build` first: workers run dist/):
 * createLogger with sink-eventlog → a real rsyslogd on loopback, real worker threads.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from 'logwarden'
import { BOM } from './rfc5424.js'
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
      const test = await rs.waitFor((all) => all.some((r) => r.app === app && r.msgid === 'test'))
      expect(test.filter((r) => r.app === app && r.msgid === 'test')).toHaveLength(1)
    } finally {
      await log.close()
    }
  })

  it('a dead server never holds up logging; undelivered records are reported as a system record', async () => {
    const probe = net.createServer()
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
    const deadPort = (probe.address() as net.AddressInfo).port
    await new Promise((r) => probe.close(r))

    const log = await createLogger({
      config: {
        exit: { handleSignals: false },
        plugins: [
          { 'sink-eventlog': { target: 'syslog', transport: 'tcp', port: deadPort, maxBuffered: 5, flushTimeoutMs: 100 } },
          { 'sink-file': { dir } },
        ],
      },
    })
    const t0 = performance.now()
    for (let i = 0; i < 20; i++) log.critical(`outage ${i}`)
    expect(performance.now() - t0).toBeLessThan(200)
    await log.flush()
    await log.close()

    const lines = readdirSync(dir).filter((f) => f.endsWith('.log')).flatMap((f) => readFileSync(path.join(dir, f), 'utf8').split('\n')).filter(Boolean)
    const reports = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => r.code === 'LW_ERR_SINK_UNDELIVERED')
    expect(reports.length).toBeGreaterThanOrEqual(1)
    expect(reports.every((r) => r.category === 'system' && r.level === 'warn')).toBe(true)
    // 15 dropped from the full buffer (reported at once and at flush); the 5 still buffered at
    // close are reported while the logger closes, which the host writes to stderr
    expect(reports.reduce((n, r) => n + Number(r.undelivered), 0)).toBe(15)
  })
})
