/**
 * Errors of the control API. Start-up errors are LwErrors (createLogger rejects with them);
 * request errors are HttpErrors: a status, a stable LW_ERR_* code and a message for the client,
 * never a stack or an internal detail. Codes are local to this plugin, in core/errors.ts style.
 */
import { LwError } from '../../core/errors.js'

function define<A extends unknown[]>(code: string, message: (...args: A) => string) {
  const make = (...args: A) => new LwError(code, message(...args))
  return Object.assign(make, { code })
}

export const ControlErrors = {
  REMOTE: define('LW_ERR_CONTROL_REMOTE', (host: string, why: string) =>
    `control: refusing to listen on "${host}", which is not a loopback address: ${why}`),
  LISTEN: define('LW_ERR_CONTROL_LISTEN', (url: string, reason: string) =>
    `control: cannot listen on ${url}: ${reason}. Another daemon may hold the port: stop it, or set the control plugin's "port" option.`),
} as const

/** A refused or failed request: what the client reads in `{ "error": { code, message } }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
    this.name = 'HttpError'
  }
}

export const Http = {
  badRequest: (message: string) => new HttpError(400, 'LW_ERR_CONTROL_BAD_REQUEST', message),
  /** one message for every authentication failure, so a client cannot tell which check failed */
  unauthorized: () => new HttpError(401, 'LW_ERR_AUTH_FAILED', 'authentication failed', { 'www-authenticate': 'Bearer realm="logwarden"' }),
  forbidden: (message: string) => new HttpError(403, 'LW_ERR_CONTROL_FORBIDDEN', message),
  noAuth: () => new HttpError(403, 'LW_ERR_CONTROL_NO_AUTH',
    'admin endpoints need an auth plugin: add "auth-hmac" to the plugins (or set the control option adminWithoutAuth on a trusted machine)'),
  notFound: (method: string, path: string) => new HttpError(404, 'LW_ERR_CONTROL_NOT_FOUND', `no endpoint ${method} ${path}; see docs/control-api.md`),
  methodNotAllowed: (method: string, path: string, allowed: string) =>
    new HttpError(405, 'LW_ERR_CONTROL_METHOD', `${path} does not accept ${method}; use ${allowed}`, { allow: allowed }),
  unsupportedMedia: () => new HttpError(415, 'LW_ERR_CONTROL_BAD_REQUEST', 'send a JSON body with Content-Type: application/json'),
  tooLarge: () => new HttpError(413, 'LW_ERR_CONTROL_BAD_REQUEST', 'request body too large'),
  rateLimited: (retryAfterS: number) =>
    new HttpError(429, 'LW_ERR_CONTROL_RATE_LIMITED', `too many requests; retry in ${retryAfterS} s`, { 'retry-after': String(retryAfterS) }),
  unavailable: (message: string) => new HttpError(503, 'LW_ERR_CONTROL_UNAVAILABLE', message),
  internal: () => new HttpError(500, 'LW_ERR_CONTROL_INTERNAL', "internal error; the daemon's error log has the details"),
} as const

/** An LwError raised by the core while serving a request, as the status a client should see. */
export function fromLwError(err: LwError): HttpError {
  const status =
    err.code === 'LW_ERR_UNKNOWN_SINK' || err.code === 'LW_ERR_CONTROL_UNKNOWN_CHANNEL' ? 404
      : err.code === 'LW_ERR_UNKNOWN_LEVEL' ? 400
        : err.code.startsWith('LW_ERR_CONFIG') || err.code === 'LW_ERR_ENV_MISSING' || err.code.startsWith('LW_ERR_PLUGIN') || err.code === 'LW_ERR_UNKNOWN_PLUGIN' ? 422
          : 500
  // a 500's message may describe internals (a sink's failure): the client gets the code only
  return new HttpError(status, err.code, status === 500 ? Http.internal().message : err.message)
}
