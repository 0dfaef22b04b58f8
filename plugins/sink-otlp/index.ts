/**
 * `sink-otlp`: records to an OpenTelemetry Collector (or any OTLP/HTTP logs receiver) as OTLP log
 * records, JSON or protobuf, from a worker lane with a durable buffer, so a collector outage
 * delays records but loses none.
 */
import { randomUUID } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { definePlugin, type OptionProblem } from '../../core/plugin.js'
import { levelValue } from '../../core/levels.js'
import { packageVersion, parseSize } from '../../lib/util/index.js'
import { OtlpErrors } from './errors.js'
import { otlpSchema, PLUGIN_NAME, type OtlpOptions, type OtlpWorkerOptions } from './options.js'

export { PLUGIN_NAME, otlpSchema, type OtlpOptions }

/** One id per process start, shared by every OTLP sink of the process. */
const INSTANCE_ID = randomUUID()

/** `<endpoint>/v1/logs`, unless the endpoint already names that path. */
export function logsUrl(endpoint: string): string {
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    throw OtlpErrors.ENDPOINT(endpoint)
  }
  if (!/^https?:$/.test(url.protocol)) throw OtlpErrors.ENDPOINT(endpoint)
  if (!/\/v1\/logs\/?$/.test(url.pathname)) url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/logs`
  return url.href
}

export default definePlugin<OtlpOptions>({
  name: PLUGIN_NAME,
  schema: otlpSchema,
  check(options) {
    const out: OptionProblem[] = []
    const name = options.resource['service.name']
    if (typeof name !== 'string' || name === '') {
      out.push({ path: 'resource', message: 'must name the service: resource: { "service.name": "risk-manager" }' })
    }
    return out
  },
  apply(pipeline, options) {
    const name = options.name
    const worker: OtlpWorkerOptions = {
      url: logsUrl(options.endpoint),
      encoding: options.encoding,
      resource: { 'service.instance.id': INSTANCE_ID, 'host.name': os.hostname(), ...options.resource },
      headers: options.headers,
      gzip: options.gzip,
      // nested defaults are filled by the core; the fallbacks only satisfy the type
      maxRecords: options.batch.maxRecords ?? 512,
      maxDelayMs: options.batch.maxDelayMs ?? 1000,
      ...(options.buffer.enabled !== false
        ? { bufferDir: path.resolve(pipeline.config.baseDir, options.buffer.dir ?? path.join('.logwarden', 'otlp', name)) }
        : {}),
      bufferMaxBytes: parseSize(options.buffer.maxBytes ?? '256MB') ?? 256 * 1024 * 1024,
      retryBaseMs: options.retry.baseDelayMs ?? 1000,
      retryMaxMs: options.retry.maxDelayMs ?? 60_000,
      timeoutMs: options.timeoutMs,
      flushTimeoutMs: options.flushTimeoutMs,
      scopeVersion: packageVersion(),
    }
    pipeline.addSink({
      name,
      kind: PLUGIN_NAME,
      module: new URL('./worker.js', import.meta.url).href,
      options: worker,
      categories: options.categories === '*' ? '*' : [...options.categories],
      minLevel: options.minLevel === undefined ? 0 : (levelValue(options.minLevel) ?? 0),
      // with every category exported, error copies would send records twice
      errorCopies: options.categories === '*' ? false : undefined,
    })
  },
})
