/**
 * sink-eventlog: critical events to the operating system's log, so admins' existing monitoring sees
 * them: the Windows Application event log, or syslog (local socket, UDP, TCP, TLS) elsewhere.
 */
import path from 'node:path'
import { definePlugin } from '../../core/plugin.js'
import { levelValue } from '../../core/levels.js'
import { EventlogErrors } from './errors.js'
import { schema, type EventlogOptions, type WorkerOptions } from './options.js'
import { isSdId } from './rfc5424.js'

export const PLUGIN_NAME = 'sink-eventlog'

export default definePlugin<EventlogOptions>({
  name: PLUGIN_NAME,
  schema,
  apply(pipeline, options) {
    if (!isSdId(options.sdId)) throw EventlogErrors.SD_ID(options.sdId)
    const baseDir = pipeline.config.baseDir
    const resolve = (file: string | undefined) => (file === undefined ? undefined : path.resolve(baseDir, file))
    const target = options.target ?? (process.platform === 'win32' ? 'windows' : 'syslog')
    if (target === 'windows' && process.platform !== 'win32') throw EventlogErrors.PLATFORM(target, process.platform)
    const workerOptions: WorkerOptions = {
      target,
      appName: options.appName ?? options.source ?? 'logwarden',
      // a Windows source name allows fewer characters than an APP-NAME
      source: options.source ?? (options.appName && /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/.test(options.appName) ? options.appName : 'logwarden'),
      eventId: options.eventId,
      facility: options.facility,
      transport: options.transport,
      host: options.host,
      port: options.port ?? (options.transport === 'tls' ? 6514 : 514),
      socketPath: resolve(options.socketPath),
      localFormat: options.localFormat,
      hostname: options.hostname,
      sdId: options.sdId,
      sdFields: [...options.sdFields],
      maxMessageBytes: options.maxMessageBytes,
      maxBuffered: options.maxBuffered,
      tls: {
        caFile: resolve(options.tls.caFile),
        certFile: resolve(options.tls.certFile),
        keyFile: resolve(options.tls.keyFile),
        servername: options.tls.servername,
        rejectUnauthorized: options.tls.rejectUnauthorized ?? true,
      },
      reconnect: {
        initialDelayMs: options.reconnect.initialDelayMs ?? 500,
        maxDelayMs: options.reconnect.maxDelayMs ?? 30_000,
      },
      connectTimeoutMs: options.connectTimeoutMs,
      flushTimeoutMs: options.flushTimeoutMs,
      reportIntervalMs: options.reportIntervalMs,
    }
    const categories = options.categories
    pipeline.addSink({
      name: options.name ?? PLUGIN_NAME,
      kind: PLUGIN_NAME,
      module: new URL('./worker.js', import.meta.url).href,
      options: workerOptions,
      categories: categories === '*' ? '*' : [...categories],
      minLevel: levelValue(options.minLevel) ?? 60,
      // with every category subscribed, error copies would deliver records twice
      errorCopies: categories !== '*',
    })
  },
})
