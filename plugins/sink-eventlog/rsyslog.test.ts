/**
 * Against a real rsyslogd (private config on loopback; see test-support/rsyslogd.ts): records sent
 * by the worker over UDP, TCP, TLS and the local socket arrive with the right PRI, app-name,
 * procid, msgid, structured data and message, hostile values included.
 */
import os from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sink } from '../../core/sink-contract.js'
import { BOM, escapeParamValue, printUsAscii } from './rfc5424.js'
import { startRsyslog, type Received, type Rsyslog } from './test-support/rsyslogd.js'
import { makeBatch, makeContext, record, workerOptions } from './test-support/sink-harness.js'
import { createSink } from './worker.js'
import type { WorkerOptions } from './options.js'

const HOSTILE_MESSAGE = 'He said "hi" ] [x] \\back\\ \nsecond line\ttab — ünïcødé 日本 😀 <13>1 fake header'
const HOSTILE_ACCOUNT = 'ACC "7" ]\\ [logwarden@32473 x="y"]'
const HOSTNAME = printUsAscii(os.hostname(), 255)

let rs: Rsyslog

beforeAll(async () => {
  rs = await startRsyslog()
}, 20_000)

afterAll(async () => {
  await rs?.stop()
})

async function send(overrides: Partial<WorkerOptions>, records: Array<Record<string, unknown>>) {
  const { ctx, logs, counters } = makeContext()
  const sink = (await createSink(workerOptions(overrides), ctx)) as Sink
  await sink.write(makeBatch(records))
  await sink.flush!()
  await sink.close!()
  return { logs, counters }
}

function expectedSd(r: Record<string, unknown>, withEvent = false): string {
  const params: Array<[string, unknown]> = [['category', r.category]]
  if (withEvent) params.push(['event', r.event])
  params.push(['event_id', r.event_id])
  if (r.account_id !== undefined) params.push(['account_id', r.account_id])
  return `[logwarden@32473 ${params.map(([k, v]) => `${k}="${escapeParamValue(String(v))}"`).join(' ')}]`
}

const mine = (app: string) => (got: Received[]) => got.filter((r) => r.app === app)

describe.each([
  ['udp', (): Partial<WorkerOptions> => ({ transport: 'udp', port: rs.udpPort })],
  ['tcp', (): Partial<WorkerOptions> => ({ transport: 'tcp', port: rs.tcpPort })],
  ['tls', (): Partial<WorkerOptions> => ({ transport: 'tls', port: rs.tlsPort, host: 'localhost', tls: { caFile: rs.certFile, rejectUnauthorized: true } })],
])('RFC 5424 over %s into rsyslog', (name, transportOptions) => {
  it('critical, error and warn records arrive with severity, app-name, procid, msgid, structured data and BOM message', async () => {
    const app = `lw-${name}`
    const records = [
      record({ level: 'critical', message: HOSTILE_MESSAGE, event: 'lockout', account_id: HOSTILE_ACCOUNT }),
      record({ level: 'error', category: 'system', message: 'error record', event: 'db_down' }),
      record({ level: 'warn', category: 'audit', message: 'warn record' }),
    ]
    const { counters, logs } = await send({ ...transportOptions(), appName: app, facility: 'local3' }, records)
    expect(logs).toEqual([])
    expect(counters.delivered).toBe(3)

    const got = mine(app)(await rs.waitFor((all) => mine(app)(all).length >= 3))
    expect(got).toHaveLength(3)
    expect(got.map((r) => [r.input, r.facility, r.severity, r.pri])).toEqual([
      [name, '19', '2', String(19 * 8 + 2)],
      [name, '19', '3', String(19 * 8 + 3)],
      [name, '19', '4', String(19 * 8 + 4)],
    ])
    for (const r of got) {
      expect(r.hostname).toBe(HOSTNAME)
      expect(r.procid).toBe(String(process.pid))
      // rawmsg proves the version field: the sender wrote RFC 5424
      expect(r.raw.startsWith(`<${r.pri}>1 `)).toBe(true)
    }
    expect(got.map((r) => r.msgid)).toEqual(['lockout', 'db_down', '-'])
    expect(got[0].sd).toBe(expectedSd(records[0]))
    expect(got[0].sd).toContain('account_id="ACC \\"7\\" \\]\\\\ [logwarden@32473 x=\\"y\\"\\]"')
    expect(got[1].sd).toBe(expectedSd(records[1]))
    expect(got[0].msg).toBe(BOM + HOSTILE_MESSAGE)
    expect(got[1].msg).toBe(BOM + 'error record')
  })
})

describe('TCP framing into rsyslog', () => {
  it('many records in one batch arrive whole and in order (octet counting, multi-line messages)', async () => {
    const app = 'lw-tcp-many'
    const records = Array.from({ length: 40 }, (_, i) => record({ message: `line ${i}\nsecond "${i}" ]` }))
    await send({ transport: 'tcp', port: rs.tcpPort, appName: app }, records)
    const got = mine(app)(await rs.waitFor((all) => mine(app)(all).length >= 40))
    expect(got.map((r) => r.msg)).toEqual(records.map((r) => BOM + String(r.message)))
  })
})

describe('local socket into rsyslog (via logger)', () => {
  it("rfc3164 (default): rsyslog's stock /dev/log parser gets app, pid, severity, and the structured data leading the message", async () => {
    const app = 'lw-local'
    const records = [
      record({ level: 'critical', message: HOSTILE_MESSAGE, event: 'lockout', account_id: HOSTILE_ACCOUNT }),
      record({ level: 'error', category: 'system', message: '-starts with a dash' }),
    ]
    const { counters, logs } = await send({ transport: 'local', socketPath: rs.localSocket, appName: app, localFormat: 'rfc3164' }, records)
    expect(logs).toEqual([])
    expect(counters.delivered).toBe(2)
    const got = mine(app)(await rs.waitFor((all) => mine(app)(all).length >= 2))
    expect(got.map((r) => [r.input, r.facility, r.severity, r.procid])).toEqual([
      ['imuxsock', '1', '2', String(process.pid)],
      ['imuxsock', '1', '3', String(process.pid)],
    ])
    // rsyslog keeps the space after "app[pid]:" in a traditional message
    expect(got[0].msg).toBe(` ${expectedSd(records[0], true)} ${HOSTILE_MESSAGE}`)
    expect(got[1].msg).toBe(` ${expectedSd(records[1])} -starts with a dash`)
  })

  it('rfc5424: msgid and structured data as fields', async () => {
    const app = 'lw-local5424'
    const records = [record({ level: 'critical', message: HOSTILE_MESSAGE, event: 'lockout', account_id: HOSTILE_ACCOUNT })]
    await send({ transport: 'local', socketPath: rs.rfc5424Socket, appName: app, localFormat: 'rfc5424' }, records)
    const got = mine(app)(await rs.waitFor((all) => mine(app)(all).length >= 1))
    expect(got).toHaveLength(1)
    expect(got[0]).toMatchObject({ severity: '2', facility: '1', procid: String(process.pid), msgid: 'lockout', sd: expectedSd(records[0]) })
    expect(got[0].msg).toBe(BOM + HOSTILE_MESSAGE)
  })
})
