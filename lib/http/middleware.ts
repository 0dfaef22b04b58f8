/**
 * One record per request for Express and plain node:http, with the fields Fastify's own lines
 * carry: `req` (method, url, remote address and port), `res` (status code), `responseTime` (ms).
 * The request id (see request-id.ts) is the correlation id of everything logged while the
 * request is handled — through `req.log` or any other logger — and is sent back as
 * `x-request-id`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { withCorrelation, type Logger } from '../../core/index.js'
import { requestId } from './request-id.js'

export interface HttpLoggerOptions {
  /** the header a caller's request id is read from (default `x-request-id`); `traceparent` is the fallback */
  idHeader?: string
  /** echo the id in the response's `x-request-id` header (default true) */
  echoId?: boolean
  /** message of the per-request record (default `request completed`) */
  message?: string
  /** skip the per-request record for some requests (health checks); the correlation scope still applies */
  ignore?: (req: IncomingMessage) => boolean
}

export type LoggedRequest = IncomingMessage & { log: Logger; id: string }

type Next = (err?: unknown) => void

/** `app.use(httpLogger(log))`, or `(req, res) => handle(req, res, () => app(req, res))` with node:http. */
export function httpLogger(log: Logger, options: HttpLoggerOptions = {}) {
  const header = (options.idHeader ?? 'x-request-id').toLowerCase()
  const message = options.message ?? 'request completed'
  return function logwardenHttp(req: IncomingMessage, res: ServerResponse, next?: Next): void {
    const start = process.hrtime.bigint()
    const id = requestId(req.headers, header)
    const child = log.child({ correlation_id: id })
    Object.assign(req, { log: child, id })
    if (options.echoId !== false && !res.headersSent) res.setHeader('x-request-id', id)
    if (!options.ignore?.(req)) {
      let done = false
      const finish = (completed: boolean) => {
        if (done) return
        done = true
        const responseTime = Number(process.hrtime.bigint() - start) / 1e6
        const status = res.statusCode
        const fields = { req: requestFields(req), res: { statusCode: status }, responseTime: Math.round(responseTime * 1000) / 1000 }
        if (!completed) child.warn(fields, 'request aborted before the response was sent')
        else if (status >= 500) child.error(fields, message)
        else if (status >= 400) child.warn(fields, message)
        else child.info(fields, message)
      }
      res.once('finish', () => finish(true))
      res.once('close', () => finish(res.writableFinished))
    }
    if (next) withCorrelation(() => next(), id)
  }
}

/** Fastify's request fields: small, no headers (those stay out of every request's record). */
function requestFields(req: IncomingMessage): Record<string, unknown> {
  const r = req as IncomingMessage & { originalUrl?: string }
  return { method: r.method, url: r.originalUrl ?? r.url, remoteAddress: r.socket?.remoteAddress, remotePort: r.socket?.remotePort }
}
