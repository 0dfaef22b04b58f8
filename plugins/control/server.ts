/**
 * The control HTTP server and its registry. One server per host:port per process, kept across a
 * config reload: the new pipeline's control plugin ADOPTS the running server (apply: pending;
 * init: it starts serving), and the old pipeline's close hook closes the server only if nobody
 * adopted it. The recent buffers, live tails and rate-limit windows live here, so a reload keeps them.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Pipeline } from '../../core/pipeline.js'
import { describeError } from '../../core/errors.js'
import { LEVELS } from '../../core/levels.js'
import { ControlErrors } from './errors.js'
import { RecentBuffer } from './recent.js'
import { RateLimiter } from './rate-limit.js'
import { AuditGate } from './audit-gate.js'
import type { TailStream } from './tail.js'
import type { ControlOptions } from './schema.js'
import type { LineMeta } from '../../lib/query/index.js'

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
  /** the last pipeline that served: its close with nobody pending closes the server */
  lastOwner: ControlInstance | undefined
  readonly recent: RecentBuffer
  readonly limiter: RateLimiter
  /** failed authentications per claimed principal (or presented token), never per address */
  readonly failures: RateLimiter
  readonly auditGate: AuditGate
  readonly tails = new Set<TailStream>()
  readonly counters: ControlCounters = { requests: 0, rateLimited: 0, authFailures: 0, adminActions: 0, tailDropped: 0 }
  /** the last test-notify result per channel, for the notifier health check */
  readonly lastTests = new Map<string, { ok: boolean; at: string; error?: string }>()
  stopping = false
  closed = false
  url = ''
  readonly startedAt = Date.now()
  readonly http: Server

  constructor(
    readonly key: string,
    options: ControlOptions,
    handler: Handler,
  ) {
    this.recent = new RecentBuffer(options.recent)
    this.limiter = new RateLimiter(options.rateLimit.max, options.rateLimit.windowMs)
    this.failures = new RateLimiter(options.rateLimit.maxAuthFailures, options.rateLimit.windowMs)
    this.auditGate = new AuditGate(options.rateLimit.windowMs)
    this.http = createServer({ noDelay: true, requestTimeout: 30_000, headersTimeout: 10_000 }, (req, res) => {
      // a keep-alive connection that outlived close(): the API is gone, so is the connection
      if (this.closed) return void req.socket.destroy()
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
    this.auditGate.windowMs = options.rateLimit.windowMs
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
    // from now on an 'error' is a failed accept (EMFILE, ENFILE…): without a listener it would be
    // an uncaught exception in the host. The server keeps listening; the error log says why.
    this.http.on('error', (err: NodeJS.ErrnoException) => this.#onServerError(err))
    // until a pipeline serves, the server must not keep the process alive on its own
    this.http.unref()
  }

  /**
   * An error record through the pipeline that serves (else the one starting). Never throws: it
   * runs where nobody could catch it (an 'error' event, a drain).
   */
  logError(code: string, message: string, fields: Record<string, unknown> = {}): void {
    const instance = this.owner ?? this.pending
    try {
      instance?.pipeline.log(LEVELS.error, 'error', message, { code, url: this.url, ...fields })
    } catch {
      // the pipeline is closing: nowhere left to report it
    }
  }

  #errorsLoggedAt = new Map<string, number>()
  #errorsSuppressed = new Map<string, number>()

  /** One record per error code per SERVER_ERROR_LOG_MS: a failing accept repeats per connection. */
  #onServerError(err: NodeJS.ErrnoException): void {
    const key = err.code ?? err.message
    const now = Date.now()
    const last = this.#errorsLoggedAt.get(key)
    if (last !== undefined && now - last < SERVER_ERROR_LOG_MS) {
      this.#errorsSuppressed.set(key, (this.#errorsSuppressed.get(key) ?? 0) + 1)
      return
    }
    const suppressed = this.#errorsSuppressed.get(key) ?? 0
    this.#errorsLoggedAt.set(key, now)
    this.#errorsSuppressed.delete(key)
    const what = err.syscall === 'accept' || err.syscall === 'listen' ? `cannot ${err.syscall} connections` : 'server error'
    const fix =
      err.code === 'EMFILE' || err.code === 'ENFILE'
        ? 'the process is out of file descriptors: raise the limit (ulimit -n, LimitNOFILE) or find what holds them'
        : 'it keeps listening; if this repeats, restart the daemon'
    const code = err.syscall === 'accept' || err.syscall === 'listen' ? ControlErrors.LISTEN.code : ControlErrors.INTERNAL.code
    this.logError(code, `control: ${what} on ${this.url}: ${err.code ?? describeError(err)}; ${fix}`, {
      error_code: err.code,
      ...(suppressed > 0 ? { suppressed } : {}),
    })
  }

  close(): void {
    this.closed = true
    for (const t of [...this.tails]) t.close()
    this.http.close()
    this.http.closeIdleConnections()
  }
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

/** how often the same server error is logged (the others are counted in the next record) */
const SERVER_ERROR_LOG_MS = 60_000
/** how long a server left with no pipeline waits to be adopted again before it closes */
const ORPHAN_GRACE_MS = 5_000

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
  server.lastOwner = instance
  server.applyOptions(instance.options)
  server.http.ref()
}

/**
 * close (or abandon): the core closes a reload's OLD pipeline before it starts the new one, and
 * abandons (closes) any pipeline whose apply or start failed. So:
 *   - the owner closes while a new pipeline is pending: a reload; keep serving (503 "reloading"
 *     until the new pipeline's init commits it);
 *   - the owner closes with nothing pending: the logger closes; close the server;
 *   - a pending pipeline is abandoned: forget it. If that leaves a server that once served with
 *     nobody, the core may still apply the previous config again (a reload whose new sinks
 *     failed), so wait a moment for it to adopt the server before closing it.
 */
export function release(instance: ControlInstance): void {
  const server = byPipeline.get(instance.pipeline)
  if (!server) return
  if (server.pending === instance) server.pending = undefined
  if (server.owner === instance) server.owner = undefined
  if (server.owner || server.pending) {
    // until the pending pipeline commits, the server must not keep the process alive on its own
    if (!server.owner) server.http.unref()
    return
  }
  // the logger closing, or a first start that failed: nobody will come back for it
  if (!server.lastOwner || instance === server.lastOwner) return closeServer(server)
  setTimeout(() => {
    if (!server.owner && !server.pending && servers.get(server.key) === server) closeServer(server)
  }, ORPHAN_GRACE_MS).unref()
}

function closeServer(server: ControlServer): void {
  servers.delete(server.key)
  server.close()
}

/** The URL of the control API a logger's pipeline serves (e.g. to print it, or with port 0). */
export function serverOf(pipeline: Pipeline): ControlServer | undefined {
  return byPipeline.get(pipeline)
}
