/**
 * CLI failures: a stable code (the daemon's LW_ERR_* when it gave one), a message that says what
 * to do, and an exit code scripts can branch on (documented in docs/cli.md). The exit code comes
 * from the error's kind, so an LwError from the core or a plugin exits like the CLI's own.
 */
import { LwError, defineErrors, type ErrorKind } from '../../core/errors.js'

export const EXIT = Object.freeze({
  /** the command failed (a refused request, a failed test message, an unreadable file) */
  FAILURE: 1,
  /** bad flags or arguments */
  USAGE: 2,
  /** no daemon answers at the URL */
  NO_DAEMON: 3,
  /** not logged in, token expired, or the token's role may not do this */
  AUTH: 4,
  /** the config is invalid */
  CONFIG: 5,
  /** the daemon refused: too many requests */
  RATE_LIMITED: 6,
})

const EXIT_OF: Partial<Record<ErrorKind, number>> = {
  usage: EXIT.USAGE,
  unreachable: EXIT.NO_DAEMON,
  auth: EXIT.AUTH,
  forbidden: EXIT.AUTH,
  config: EXIT.CONFIG,
  'rate-limited': EXIT.RATE_LIMITED,
}

export function exitCode(kind: ErrorKind): number {
  return EXIT_OF[kind] ?? EXIT.FAILURE
}

export const CliErrors = defineErrors({
  NO_DAEMON: {
    code: 'LW_ERR_CLI_NO_DAEMON',
    kind: 'unreachable',
    message: (url: string) => `no logwarden daemon answers at ${url} — start your app with the control plugin, or pass --url`,
  },
  TIMEOUT: {
    code: 'LW_ERR_CLI_TIMEOUT',
    kind: 'unreachable',
    message: (url: string, seconds: number) => `the daemon at ${url} did not answer within ${seconds} s`,
  },
  NOT_LOGWARDEN: {
    code: 'LW_ERR_CLI_NOT_LOGWARDEN',
    kind: 'not-found',
    message: (url: string) => `${url} answered, but not like a logwarden daemon (no JSON); check --url`,
  },
  STREAM: { code: 'LW_ERR_CLI_STREAM', kind: 'unreachable', message: (url: string, reason: string) => `the live stream from ${url} broke: ${reason}` },
  STREAM_ENDED: {
    code: 'LW_ERR_CLI_STREAM_ENDED',
    kind: 'unreachable',
    message: (url: string) => `the daemon at ${url} ended the live stream (it stopped, or its control plugin was removed)`,
  },
  USAGE: { code: 'LW_ERR_CLI_USAGE', kind: 'usage', message: (message: string) => message },
  NO_LOG_DIR: {
    code: 'LW_ERR_CLI_NO_LOG_DIR',
    kind: 'usage',
    message: (dir: string) => `no log directory at ${dir}; pass --dir with the "dir" of your sink-file`,
  },
  NO_SECRET: {
    code: 'LW_ERR_CLI_NO_SECRET',
    kind: 'usage',
    message: () => 'no secret: set LOGWARDEN_SECRET, pipe it on stdin, or run in a terminal to be asked',
  },
  CANCELLED: { code: 'LW_ERR_CLI_CANCELLED', kind: 'cancelled', message: () => 'cancelled' },
  TEST_FAILED: {
    code: 'LW_ERR_CLI_TEST_FAILED',
    kind: 'io',
    message: (where: string, status: number | undefined, error: string | undefined) =>
      `test message to ${where} was not delivered${status ? ` (HTTP ${status})` : ''}${error ? `: ${error}` : ''}`,
  },
  STOP_TIMEOUT: {
    code: 'LW_ERR_CLI_STOP_TIMEOUT',
    kind: 'unavailable',
    message: (seconds: number) => `the daemon flushed but still answers after ${seconds} s`,
  },
  EXISTS: { code: 'LW_ERR_CLI_EXISTS', kind: 'conflict', message: (file: string) => `${file} exists; pass --force to overwrite it` },
  FAILED: { code: 'LW_ERR_CLI', kind: 'internal', message: (message: string) => message },
})

/**
 * What the daemon's status says about a refusal whose code this CLI may not know (a newer
 * daemon's, or a proxy's answer). Any other refusal is the command failing (exit 1, docs/cli.md).
 */
const KIND_OF_STATUS: Record<number, ErrorKind> = {
  // a bad filter or parameter: the flags the user typed
  400: 'usage',
  401: 'auth',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  422: 'config',
  429: 'rate-limited',
  503: 'unavailable',
}

export function kindOfStatus(status: number): ErrorKind {
  return KIND_OF_STATUS[status] ?? 'internal'
}

/** A failure as the CLI reports it; `kind` for a code the registry does not hold (the daemon's). */
export class CliError extends LwError {
  constructor(code: string, message: string, kind?: ErrorKind) {
    super(code, message, kind === undefined ? undefined : { kind })
    this.name = 'CliError'
  }

  get exit(): number {
    return exitCode(this.kind)
  }

  static from(err: LwError): CliError {
    return err instanceof CliError ? err : new CliError(err.code, err.message, err.kind)
  }
}
