/**
 * sink-eventlog's worker: records → the Windows event log or syslog. write() only queues (the
 * transports deliver asynchronously), so a slow or dead log server never holds up logging.
 */
import { readFileSync } from 'node:fs'
import os from 'node:os'
import type { Batch, CreateSink, Sink, SinkContext } from '../../core/sink-contract.js'
import { batchRecords } from '../../core/sink-contract.js'
import { EventlogErrors } from './errors.js'
import { toSyslogMessage, toWindowsEntry, type MessageSettings } from './message.js'
import type { WorkerOptions } from './options.js'
import { DeliveryReport } from './report.js'
import type { SyslogMessage } from './rfc5424.js'
import { LocalTransport, detectLogger } from './transports/local.js'
import { TcpTransport } from './transports/tcp.js'
import type { Transport } from './transports/transport.js'
import { UdpTransport } from './transports/udp.js'
import { WindowsTransport } from './transports/windows.js'

type RecordObject = Record<string, unknown>

export const createSink: CreateSink<WorkerOptions> = async (options, ctx) => {
  let transport: Transport<SyslogMessage> | Transport<ReturnType<typeof toWindowsEntry>> | undefined
  const report = new DeliveryReport(ctx, () => transport?.describe ?? options.target, options.reportIntervalMs)

  if (options.target === 'windows') {
    if (process.platform !== 'win32') throw EventlogErrors.PLATFORM('windows', process.platform)
    const win = new WindowsTransport({ source: options.source, maxBuffered: options.maxBuffered }, report)
    transport = win
    return sinkFor(ctx, options, report, win, (record, category) => win.send(toWindowsEntry(record, category, options.eventId, options.sdFields)))
  }

  const settings: MessageSettings = {
    facility: options.facility,
    appName: options.appName,
    hostname: options.hostname ?? os.hostname(),
    procid: String(process.pid),
    sdId: options.sdId,
    sdFields: options.sdFields,
  }
  const syslog = await syslogTransport(options, report)
  transport = syslog
  return sinkFor(ctx, options, report, syslog, (record, category) => syslog.send(toSyslogMessage(record, category, settings)))
}

async function syslogTransport(o: WorkerOptions, report: DeliveryReport): Promise<Transport<SyslogMessage>> {
  switch (o.transport) {
    case 'udp':
      return new UdpTransport({ host: o.host, port: o.port, maxMessageBytes: o.maxMessageBytes, maxBuffered: o.maxBuffered }, report)
    case 'tcp':
    case 'tls':
      return new TcpTransport(
        {
          host: o.host,
          port: o.port,
          maxMessageBytes: o.maxMessageBytes,
          maxBuffered: o.maxBuffered,
          connectTimeoutMs: o.connectTimeoutMs,
          reconnect: o.reconnect,
          tls:
            o.transport === 'tls'
              ? {
                  ca: readPem('caFile', o.tls.caFile),
                  cert: readPem('certFile', o.tls.certFile),
                  key: readPem('keyFile', o.tls.keyFile),
                  servername: o.tls.servername,
                  rejectUnauthorized: o.tls.rejectUnauthorized,
                }
              : undefined,
        },
        report,
      )
    case 'local': {
      const logger = await detectLogger()
      if (!logger) throw EventlogErrors.NO_LOGGER()
      return new LocalTransport(
        {
          socketPath: o.socketPath,
          format: o.localFormat,
          maxMessageBytes: o.maxMessageBytes,
          maxBuffered: o.maxBuffered,
          logger,
        },
        report,
      )
    }
  }
}

/** Reads a PEM file at start-up; the contents (a key, possibly) never appear in errors. */
function readPem(option: string, path: string | undefined): string | undefined {
  if (!path) return undefined
  try {
    return readFileSync(path, 'utf8')
  } catch (err) {
    throw EventlogErrors.TLS_FILE(option, path, (err as NodeJS.ErrnoException).code ?? 'unreadable')
  }
}

function sinkFor(
  ctx: SinkContext,
  options: WorkerOptions,
  report: DeliveryReport,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each transport has its own payload type
  transport: Transport<any>,
  send: (record: RecordObject, category: string) => void,
): Sink {
  return {
    write(batch: Batch): void {
      for (const { category, record } of batchRecords(batch)) send(record, category)
    },
    async flush(): Promise<void> {
      await transport.flush(options.flushTimeoutMs)
      report.close()
    },
    async close(): Promise<void> {
      await transport.close(options.flushTimeoutMs)
      report.close()
    },
    /** `test` (log.testChannel): send one notice-level record and say whether it left this host. */
    async command(name: string): Promise<unknown> {
      if (name !== 'test') return { ok: false, error: `unknown command "${name}"; sink-eventlog answers "test"` }
      const before = report.undeliveredTotal
      send(
        {
          timestamp: new Date().toISOString(),
          level: 'info',
          category: 'system',
          message: `logwarden test event from sink "${ctx.name}"`,
          event: 'test',
        },
        'system',
      )
      const flushed = await transport.flush(options.flushTimeoutMs)
      const ok = flushed && report.undeliveredTotal === before
      return {
        ok,
        transport: transport.describe,
        ...(ok ? {} : { error: flushed ? 'the test record could not be delivered' : 'not delivered within flushTimeoutMs' }),
      }
    },
  }
}
