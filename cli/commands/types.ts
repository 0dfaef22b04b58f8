import { writeFileSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../lib/base.js'
import { loadConfig } from '../../core/config.js'
import { loadPlugins } from '../../core/plugin-loader.js'
import { withContributions } from '../../core/events/contributions.js'
import { catalogDts } from '../../core/events/dts.js'

export default class Types extends BaseCommand {
  static override summary = 'Generate TypeScript types for the event catalog of a config (a .d.ts for log.event).'
  static override description = `Reads the config like the daemon does, with the events its "events" key declares and those of its plugins (events-trading), and prints a .d.ts that types log.event(name, fields) and log.time(name): unknown event names, missing required fields and wrong field types become compile errors. Include the file in your tsconfig; run the command again when the catalog changes.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> --out src/logwarden-events.d.ts',
    '<%= config.bin %> <%= command.id %> ./deploy/logwarden.config.yaml > events.d.ts',
  ]
  static override args = { file: Args.string({ description: 'config file (default: found from the working directory)' }) }
  static override flags = {
    out: Flags.string({ char: 'o', description: 'write the .d.ts here instead of printing it', helpValue: '<file>' }),
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Types)
    const loaded = await loadConfig(args.file ? { configFile: args.file } : {})
    const plugins = await loadPlugins(loaded.plugins, loaded.resolved, loaded.where)
    const config = withContributions(
      loaded.resolved,
      plugins.map((p) => p.plugin),
    )
    const catalog = config.events ?? {}
    const text = catalogDts(catalog, loaded.resolved.configFile ? basename(loaded.resolved.configFile) : loaded.where)
    if (flags.out) {
      writeFileSync(resolve(flags.out), text)
      process.stderr.write(`${Object.keys(catalog).length} event(s) typed in ${flags.out}\n`)
    } else process.stdout.write(text)
  }
}
