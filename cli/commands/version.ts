import { BaseCommand } from '../lib/base.js'

export default class Version extends BaseCommand {
  static override summary = "Print logwarden's version (and Node's)."
  static override examples = [{ description: 'the version', command: '<%= config.bin %> <%= command.id %>' }]
  static override enableJsonFlag = true

  async run(): Promise<{ version: string; node: string; platform: string }> {
    await this.parse(Version)
    const info = { version: this.config.version, node: process.version, platform: `${process.platform}-${process.arch}` }
    this.log(`logwarden ${info.version} (node ${info.node}, ${info.platform})`)
    return info
  }
}
