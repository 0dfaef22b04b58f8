import { mkdirSync, existsSync, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../lib/base.js'
import { CliErrors } from '../../lib/errors.js'
import { packageVersion } from '../../../lib/util/index.js'
import { files, pluginRange, readme, type Kind } from '../../lib/scaffold/templates.js'
import { schemaOf } from '../../lib/scaffold/schema-of.js'

const NPM_NAME = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/

export default class PluginsNew extends BaseCommand {
  static override summary = 'Start a plugin package: a sink, a notifier or a hook, in TypeScript, with tests.'
  static override description =
    'Writes a new npm package in ./<name> (or --dir): package.json with logwarden as a peer dependency, tsconfig, src/index.ts (+ src/worker.ts for a sink or notifier), a vitest test using logwarden/testing, and a README whose options table comes from the schema. Then: cd <name> && npm install && npm test. docs/writing-plugins.md explains every file.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> logwarden-sink-audit --kind sink',
    { description: 'a notifier on the notifier kit', command: '<%= config.bin %> <%= command.id %> @acme/logwarden-pager --kind notifier' },
  ]
  static override enableJsonFlag = true
  static override args = {
    name: Args.string({ description: 'npm package name (the plugin is named after it, without its @scope/)', required: true }),
  }
  static override flags = {
    kind: Flags.string({ description: 'what the plugin does', options: ['sink', 'notifier', 'hook'], default: 'sink' }),
    dir: Flags.string({ description: 'folder to create (default: ./<name without scope>)' }),
    logwarden: Flags.string({ description: 'the logwarden devDependency to develop against (a version range, or file:<path> to a checkout)' }),
  }

  async run(): Promise<{ dir: string; files: string[] }> {
    const { args, flags } = await this.parse(PluginsNew)
    if (!NPM_NAME.test(args.name))
      throw CliErrors.USAGE(`"${args.name}" is not an npm package name: use lower case letters, digits, - . _ and an optional @scope/`)
    const kind = flags.kind as Kind
    const plugin = args.name.replace(/^@[^/]+\//, '')
    const dir = resolve(flags.dir ?? plugin)
    if (existsSync(dir) && readdirSync(dir).length > 0) throw CliErrors.EXISTS(dir)
    const version = packageVersion()
    const range = pluginRange(version)
    const names = { pkg: args.name, plugin, range, devSpec: flags.logwarden ?? `^${version}` }
    const written = files(names, kind)
    const schema = schemaOf(kind, names)
    written['README.md'] = readme(names, kind, schema)
    for (const [path, text] of Object.entries(written)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true })
      writeFileSync(join(dir, path), text)
    }
    if (!this.jsonEnabled()) {
      this.log(`created ${kind} plugin "${plugin}" in ${dir}`)
      this.log(`next: cd ${flags.dir ?? plugin} && npm install && npm test`)
    }
    return { dir, files: Object.keys(written).sort() }
  }
}
