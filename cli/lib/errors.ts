/**
 * CLI failures: a stable code (the daemon's LW_ERR_* when it gave one), a message that says what
 * to do, and an exit code scripts can branch on (documented in docs/cli.md).
 */
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

export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exit: number = EXIT.FAILURE,
  ) {
    super(message)
    this.name = 'CliError'
  }
}
