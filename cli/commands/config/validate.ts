import { Args } from '@oclif/core'
import { BaseCommand } from '../../lib/base.js'
import { checkConfig } from '../../lib/config-view.js'

export default class ConfigValidate extends BaseCommand {
  static override summary = 'Check a config file: syntax, schema, plugins and their options.'
  static override description = `Loads the config the way the daemon does (the file given, else the one found from the working directory: logwarden.config.*, .logwardenrc*, or "logwarden" in package.json), resolves \${env:NAME} references, finds every plugin and validates its options. Nothing is started. Exits 5 when the config is invalid, naming each problem and its path.`
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> ./deploy/logwarden.config.json']
  static override enableJsonFlag = true
  static override args = { file: Args.string({ description: 'config file (default: found from the working directory)' }) }

  async run(): Promise<{ valid: true; file: string | null; plugins: string[]; redaction: 'on' | 'off' }> {
    const { args } = await this.parse(ConfigValidate)
    const checked = await checkConfig(args.file)
    const plugins = checked.plugins.map((p) => p.plugin.name)
    const redaction = plugins.includes('redact') ? 'on' : 'off'
    this.log(`${checked.file ?? 'embedded default config'}: valid (plugins: ${plugins.join(', ') || 'none'}; redaction ${redaction})`)
    return { valid: true, file: checked.file ?? null, plugins, redaction }
  }
}
