import { Args } from '@oclif/core'
import { BaseCommand } from '../../lib/base.js'
import { checkConfig, printableConfig } from '../../lib/config-view.js'

export default class ConfigPrint extends BaseCommand {
  static override summary = 'Print the effective config (defaults filled in), secrets redacted.'
  static override description =
    'Values that came from ${env:NAME} are shown as the reference, never the value; other secret-looking values (tokens, webhook URLs, passwords) are censored.'
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> ./deploy/logwarden.config.json --json']
  static override enableJsonFlag = true
  static override args = { file: Args.string({ description: 'config file (default: found from the working directory)' }) }

  async run(): Promise<Record<string, unknown>> {
    const { args } = await this.parse(ConfigPrint)
    const view = printableConfig(await checkConfig(args.file))
    this.log(JSON.stringify(view, null, 2))
    return view
  }
}
