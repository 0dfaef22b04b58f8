/**
 * Errors of the control API. Start-up errors are LwErrors (createLogger rejects with them);
 * request errors are HttpErrors: a status, a stable LW_ERR_* code and a message for the client,
 * never a stack or an internal detail. The status comes from the error's kind, so an LwError
 * from any plugin is answered the same way whoever raised it.
 */
import { LwError, defineErrors, type ErrorKind } from '../../core/errors.js'

export const ControlErrors = defineErrors({
  REMOTE: {
    code: 'LW_ERR_CONTROL_REMOTE',
    kind: 'config',
    message: (host: string, why: string) => `control: refusing to listen on "${host}", which is not a loopback address: ${why}`,
  },
  LISTEN: {
    code: 'LW_ERR_CONTROL_LISTEN',
    kind: 'io',
    message: (url: string, reason: string) =>
      `control: cannot listen on ${url}: ${reason}. Another daemon may hold the port: stop it, or set the control plugin's "port" option.`,
  },
  BAD_REQUEST: { code: 'LW_ERR_CONTROL_BAD_REQUEST', kind: 'usage', message: (message: string) => message },
  /** one message for every authentication failure, so a client cannot tell which check failed */
  AUTH_FAILED: { code: 'LW_ERR_AUTH_FAILED', kind: 'auth', message: () => 'authentication failed' },
  FORBIDDEN: { code: 'LW_ERR_CONTROL_FORBIDDEN', kind: 'forbidden', message: (message: string) => message },
  NO_AUTH: {
    code: 'LW_ERR_CONTROL_NO_AUTH',
    kind: 'forbidden',
    message: () => 'admin endpoints need an auth plugin: add "auth-hmac" to the plugins (or set the control option adminWithoutAuth on a trusted machine)',
  },
  NOT_FOUND: { code: 'LW_ERR_CONTROL_NOT_FOUND', kind: 'not-found', message: (message: string) => message },
  METHOD: {
    code: 'LW_ERR_CONTROL_METHOD',
    kind: 'usage',
    message: (method: string, path: string, allowed: string) => `${path} does not accept ${method}; use ${allowed}`,
  },
  RATE_LIMITED: { code: 'LW_ERR_CONTROL_RATE_LIMITED', kind: 'rate-limited', message: (retryAfterS: number) => `too many requests; retry in ${retryAfterS} s` },
  UNAVAILABLE: { code: 'LW_ERR_CONTROL_UNAVAILABLE', kind: 'unavailable', message: (message: string) => message },
  INTERNAL: { code: 'LW_ERR_CONTROL_INTERNAL', kind: 'internal', message: (message: string) => message },
  UNKNOWN_CHANNEL: {
    code: 'LW_ERR_CONTROL_UNKNOWN_CHANNEL',
    kind: 'not-found',
    message: (why: string, known: string[]) => `${why}. Channels: ${known.join(', ') || '(no notifier configured)'}`,
  },
  SILENCES_FILE: {
    code: 'LW_ERR_CONTROL_SILENCES_FILE',
    kind: 'config',
    message: (file: string, reason: string) =>
      `cannot read the silences file ${file}: ${reason}. Repair its JSON, or move it away (its silences are then lost) and add them again.`,
  },
})

const STATUS: Record<ErrorKind, number> = {
  config: 422,
  usage: 400,
  io: 500,
  auth: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'rate-limited': 429,
  unavailable: 503,
  // the daemon never raises these two (the CLI does); a status anyway, so every kind has one
  unreachable: 503,
  cancelled: 400,
  internal: 500,
}

export function httpStatus(kind: ErrorKind): number {
  return STATUS[kind]
}

/** io and internal failures may describe internals (a path, a sink's failure): the client gets the code only */
function exposesMessage(kind: ErrorKind): boolean {
  return kind !== 'io' && kind !== 'internal'
}

const INTERNAL_MESSAGE = "internal error; the daemon's error log has the details"

/** A refused or failed request: what the client reads in `{ "error": { code, message } }`. */
export class HttpError extends Error {
  readonly code: string
  readonly kind: ErrorKind
  /** `status` refines the kind's status where HTTP has a more precise one (405, 413, 415) */
  constructor(
    error: LwError,
    readonly headers: Record<string, string> = {},
    readonly status: number = httpStatus(error.kind),
  ) {
    super(error.message)
    this.name = 'HttpError'
    this.code = error.code
    this.kind = error.kind
  }
}

export const Http = {
  badRequest: (message: string) => new HttpError(ControlErrors.BAD_REQUEST(message)),
  unauthorized: () => new HttpError(ControlErrors.AUTH_FAILED(), { 'www-authenticate': 'Bearer realm="logwarden"' }),
  forbidden: (message: string) => new HttpError(ControlErrors.FORBIDDEN(message)),
  noAuth: () => new HttpError(ControlErrors.NO_AUTH()),
  notFound: (method: string, path: string) => new HttpError(ControlErrors.NOT_FOUND(`no endpoint ${method} ${path}; see docs/control-api.md`)),
  methodNotAllowed: (method: string, path: string, allowed: string) => new HttpError(ControlErrors.METHOD(method, path, allowed), { allow: allowed }, 405),
  unsupportedMedia: () => new HttpError(ControlErrors.BAD_REQUEST('send a JSON body with Content-Type: application/json'), {}, 415),
  tooLarge: () => new HttpError(ControlErrors.BAD_REQUEST('request body too large'), {}, 413),
  rateLimited: (retryAfterS: number) => new HttpError(ControlErrors.RATE_LIMITED(retryAfterS), { 'retry-after': String(retryAfterS) }),
  unavailable: (message: string) => new HttpError(ControlErrors.UNAVAILABLE(message)),
  internal: () => new HttpError(ControlErrors.INTERNAL(INTERNAL_MESSAGE)),
} as const

/** An LwError raised by the core or a plugin while serving a request, as the client should see it. */
export function fromLwError(err: LwError): HttpError {
  if (exposesMessage(err.kind)) return new HttpError(err)
  return new HttpError(new LwError(err.code, INTERNAL_MESSAGE, { kind: err.kind }))
}
