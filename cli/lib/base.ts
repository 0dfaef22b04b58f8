/**
 * The base of every command: failures become one clear line on stderr (or `{ "error": … }` with
 * --json) and the documented exit code; no stack unless LOGWARDEN_DEBUG is set.
 */
import { Command } from '@oclif/core'
import { LwError } from '../../core/errors.js'
import { Scrubber } from '../../core/scrub.js'
import { FilterError } from '../../lib/query/index.js'
import { CliError, CliErrors } from './errors.js'
import { unknownFlagError } from './unknown-flag.js'

/**
 * The last look at any failure the CLI prints: a daemon's answer, a config error, an exception.
 * Secret-named environment variables (the CLI's own LOGWARDEN_SECRET among them) and whatever the
 * redact plugin's patterns match never reach the terminal or a script's log. The plugin is
 * loaded only when there is a failure to print: `--help` and a successful command do not pay
 * for it.
 */
async function scrubMessage(message: string): Promise<string> {
  const scrubber = new Scrubber().addSecretEnv()
  const { createRedactor } = await import('../../plugins/redact/index.js')
  const patterns = createRedactor({})
  scrubber.usePatterns((text) => patterns.redactString(text))
  return scrubber.scrub(message)
}

export abstract class BaseCommand extends Command {
  /** Normalizes whatever was thrown into a CliError (an oclif parse error stays oclif's). */
  protected toCliError(err: unknown): CliError | undefined {
    if (err instanceof FilterError) return CliError.from(CliErrors.USAGE(err.message))
    // the kind gives the exit code: a plugin's config error exits 5 like the core's
    if (err instanceof LwError) return CliError.from(err)
    return undefined
  }

  protected override async catch(err: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<unknown> {
    if (process.env.LOGWARDEN_DEBUG) process.stderr.write(`${await scrubMessage(String(err.stack ?? err))}\n`)
    // an unknown flag names the closest known ones; oclif's other parse errors (missing argument, exit()) keep their message and exit code
    const unknownFlag = unknownFlagError(err, this.ctor.flags ?? {}, this.id)
    if (err.oclif && !unknownFlag) return super.catch(err)
    const cli = unknownFlag ?? this.toCliError(err) ?? CliError.from(CliErrors.FAILED(err.message ?? String(err)))
    process.exitCode = cli.exit
    const message = await scrubMessage(cli.message)
    if (this.jsonEnabled()) this.logJson({ error: { code: cli.code, message } })
    // one unwrapped line, so it can be grepped and read in a log
    else process.stderr.write(`Error: ${message} [${cli.code}]\n`)
    return undefined
  }

  protected override toErrorJson(err: unknown): unknown {
    const e = err as { code?: string; message?: string }
    // synchronous: the known values and the core's rules (catch above takes the full pass)
    return { error: { code: e.code ?? CliErrors.FAILED.code, message: new Scrubber().addSecretEnv().scrub(e.message ?? String(err)) } }
  }
}
