/**
 * An unknown command: say so, offer the closest commands ("did you mean"), exit 2 (usage) — as
 * git does — instead of oclif's bare "command not found".
 */
import { Errors, type Hook } from '@oclif/core'
import { didYouMean } from '../../lib/util/index.js'
import { CliErrors, EXIT } from '../lib/errors.js'

const hook: Hook<'command_not_found'> = async function (options) {
  const typed = options.id.replaceAll(':', ' ')
  const known = options.config.commandIDs.map((id) => id.replaceAll(':', ' '))
  const hint = didYouMean(typed, known, (s) => `\`logwarden ${s}\``)
  // the one-line shape of every CLI failure (cli/lib/base.ts), then oclif's quiet exit
  process.stderr.write(`Error: "${typed}" is not a logwarden command.${hint} Run \`logwarden help\` for the list. [${CliErrors.USAGE.code}]\n`)
  Errors.exit(EXIT.USAGE)
}

export default hook
