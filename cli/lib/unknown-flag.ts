/** oclif's "Nonexistent flag" as a one-line usage error naming the closest flags of the command. */
import { Errors } from '@oclif/core'
import { didYouMean } from '../../lib/util/index.js'
import { CliError, CliErrors } from './errors.js'

interface FlagLike {
  char?: string
  aliases?: string[]
  hidden?: boolean
}

export function unknownFlagError(err: unknown, flags: Record<string, FlagLike>, commandId: string | undefined): CliError | undefined {
  if (!(err instanceof Errors.CLIError) || !Array.isArray((err as { flags?: unknown }).flags)) return undefined
  const typed = (err as unknown as { flags: string[] }).flags
  const known: string[] = ['--help', '-h']
  for (const [name, flag] of Object.entries(flags)) {
    if (flag.hidden) continue
    known.push(`--${name}`, ...(flag.aliases ?? []).map((a) => `--${a}`))
    if (flag.char) known.push(`-${flag.char}`)
  }
  const hints = typed.map((t) => `unknown flag ${t}.${didYouMean(t.replace(/=.*$/, ''), known)}`)
  const command = commandId ? `logwarden ${commandId.replaceAll(':', ' ')}` : 'logwarden'
  return CliError.from(CliErrors.USAGE(`${hints.join(' ')} See \`${command} --help\`.`))
}
