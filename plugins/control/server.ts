/**
 * The control HTTP server and its registry. One server per host:port per process, kept across a
 * config reload: the new pipeline's control plugin ADOPTS the running server (apply: pending;
 * init: it starts serving), and the old pipeline's close hook closes the server only if nobody
 * adopted it. The recent buffers, live tails and rate-limit windows live here, so a reload keeps them.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Pipeline } from '../../core/pipeline.js'
import { ControlErrors } from './errors.js'
import { RecentBuffer } from './recent.js'
import { RateLimiter } from './rate-limit.js'
import type { TailStream } from './tail.js'
import type { ControlOptions } from './schema.js'
import type { LineMeta } from './filter.js'

export interface ControlInstance {
  pipeline: Pipeline
  options: ControlOptions
}

export interface ControlCounters {
  requests: number
  rateLimited: number
  authFailures: number
  adminActions: number
  tailDropped: number
}

/** What a request handler is given. */
export type Handler = (server: ControlServer, req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>

export class ControlServer {
  owner: ControlInstance | undefined
  pending: ControlInstance | undefined
  readonly recent: RecentBuffer
  readonly limiter: RateLimiter
  readonly failures: RateLimiter
  readonly tails = new Set<TailStream>()
  readonly counters: ControlCounters = { requests: 0, rateLimited: 0, authFailures: 0, adminActions: 0, tailDropped: 0 }
  /** the last test-notify result per channel, for the notifier health check */
  readonly lastTests = new Map<string, { ok: boolean; at: string; error?: string }>()
  stopping = false
  url = ''
  readonly startedAt = Date.now()
  readonly http: Server

  constructor(readonly key: string, options: ControlOptions, handler: Handler) {
    this.recent = new RecentBuffer(options.recent)
    this.limiter = new RateLimiter(options.rateLimit.max, options.rateLimit.windowMs)
    this.failures = new RateLimiter(options.rateLimit.maxAuthFailures, options.rateLimit.windowMs)
    this.http = createServer({ noDelay: true, requestTimeout: 30_000, headersTimeout: 10_000 }, (req, res) => {
      void handler(this, req, res)
    })
    // a slow /tail reader must not hold a request slot forever, but an idle stream is fine
    this.http.keepAliveTimeout = 5_000
  }

  /** Every record, as serialized: kept for /recent and offered to each live tail. */
  offer(line: string, meta: LineMeta): void {
    this.recent.push(meta.category, meta.level, line)
    for (const t of this.tails) t.offer(line, meta)
  }

  applyOptions(options: ControlOptions): void {
    this.recent.resize(options.recent)
    this.limiter.max = options.rateLimit.max
    this.limiter.windowMs = options.rateLimit.windowMs
    this.failures.max = options.rateLimit.maxAuthFailures
    this.failures.windowMs = options.rateLimit.windowMs
  }

  async listen(host: string, port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        reject(ControlErrors.LISTEN(`http://${hostForUrl(host)}:${port}`, err.code ?? err.message))
      }
      this.http.once('error', onError)
      this.http.listen(port, host, () => {
        this.http.off('error', onError)
        resolve()
      })
    })
    const addr = this.http.address() as AddressInfo
    this.url = `http://${hostForUrl(host)}:${addr.port}`
    // until a pipeline serves, the server must not keep the process alive on its own
    this.http.unref()
  }

  close(): void {
    for (const t of [...this.tails]) t.close()
    this.http.close()
    this.http.closeIdleConnections()
  }
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

const servers = new Map<string, ControlServer>()
const byPipeline = new WeakMap<Pipeline, ControlServer>()

/** apply: adopt the server at host:port if this process runs one, else start it. */
export async function acquire(instance: ControlInstance, handler: Handler): Promise<{ server: ControlServer; created: boolean }> {
  const { host, port } = instance.options
  const key = `${host}:${port}`
  let server = servers.get(key)
  const created = !server
  if (!server) {
    server = new ControlServer(key, instance.options, handler)
    await server.listen(host, port)
    servers.set(key, server)
  }
  server.pending = instance
  byPipeline.set(instance.pipeline, server)
  return { server, created }
}

/** init: the pipeline is started, so it serves from now on. */
export function commit(instance: ControlInstance): void {
  const server = byPipeline.get(instance.pipeline)
  if (!server || server.pending !== instance) return
  server.pending = undefined
  server.owner = instance
  server.applyOptions(instance.options)
  server.http.ref()
}

/**
 * close: close the server unless another pipeline adopted it. The core starts a reload's new
 * pipeline (init → commit) before it closes the old one, so a `pending` still set when the owner
 * closes belongs to a reload that failed and was abandoned: it does not keep the server open.
 */
export function release(instance: ControlInstance): void {
  const server = byPipeline.get(instance.pipeline)
  if (!server) return
  if (server.pending === instance) server.pending = undefined
  if (server.owner !== instance) return
  server.owner = undefined
  server.pending = undefined
  servers.delete(server.key)
  server.close()
}

/** The URL of the control API a logger's pipeline serves (e.g. to print it, or with port 0). */
export function serverOf(pipeline: Pipeline): ControlServer | undefined {
  return byPipeline.get(pipeline)
}
