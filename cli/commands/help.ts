import { Args, Help } from '@oclif/core'
import { BaseCommand } from '../lib/base.js'
import { didYouMean } from '../../lib/util/index.js'
import { CliErrors } from '../lib/errors.js'

export default class HelpCommand extends BaseCommand {
  static override summary = 'Help on logwarden or on one command (same as --help / -h).'
  static override examples = [
    { description: 'every command', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'one command', command: '<%= config.bin %> <%= command.id %> tail' },
    { description: 'a command of a topic', command: '<%= config.bin %> <%= command.id %> silence add' },
  ]
  static override strict = false
  static override args = { command: Args.string({ description: 'the command (words as typed: `admin reload`)', required: false }) }

  async run(): Promise<void> {
    const { argv } = await this.parse(HelpCommand)
    const words = (argv as string[]).filter((a) => !a.startsWith('-'))
    const id = words.join(':')
    if (id && !this.config.findCommand(id) && !this.config.findTopic(id)) {
      const known = this.config.commandIDs.map((c) => c.replaceAll(':', ' '))
      throw CliErrors.USAGE(`"${words.join(' ')}" is not a logwarden command.${didYouMean(words.join(' '), known, (s) => `"${s}"`)}`)
    }
    await new Help(this.config, this.config.pjson.oclif.helpOptions ?? {}).showHelp(words.length ? [id] : [])
  }
}
