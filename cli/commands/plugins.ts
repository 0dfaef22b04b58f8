import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../lib/base.js'
import { DaemonClient } from '../lib/client.js'
import { Errors } from '../../core/errors.js'
import { CliError } from '../lib/errors.js'
import { urlFlag } from '../lib/flags.js'
import { colors } from '../../lib/human/index.js'
import { table } from '../lib/table.js'
import { builtinPlugins } from '../../core/plugin-loader.js'
import { packageVersion } from '../../lib/util/index.js'
import type { JsonSchema } from '../../core/plugin.js'

interface OptionRow {
  name: string
  type: string
  default?: unknown
  description?: string
}

interface PluginInfo {
  name: string
  version: string
  loaded: boolean | null
  options: OptionRow[]
  schema?: JsonSchema
}

function typeOf(s: Record<string, unknown>): string {
  if (s.enum) return (s.enum as unknown[]).map((v) => JSON.stringify(v)).join(' | ')
  if (s.const !== undefined) return JSON.stringify(s.const)
  if (s.anyOf || s.oneOf) return ((s.anyOf ?? s.oneOf) as Record<string, unknown>[]).map(typeOf).join(' | ')
  if (s.type === 'array') return `${typeOf((s.items ?? {}) as Record<string, unknown>)}[]`
  return String(s.type ?? 'any')
}

/** One row per option; nested objects as dotted names. */
function optionRows(schema: JsonSchema | undefined, prefix = ''): OptionRow[] {
  const props = (schema?.properties ?? {}) as Record<string, Record<string, unknown>>
  const rows: OptionRow[] = []
  for (const [key, s] of Object.entries(props)) {
    const name = prefix + key
    rows.push({
      name,
      type: typeOf(s),
      ...(s.default !== undefined ? { default: s.default } : {}),
      ...(s.description ? { description: String(s.description) } : {}),
    })
    if (s.type === 'object' && s.properties) rows.push(...optionRows(s as JsonSchema, `${name}.`))
  }
  return rows
}

export default class Plugins extends BaseCommand {
  static override summary = 'The built-in plugins: version, whether the daemon loaded them, their options.'
  static override description =
    'Without an argument, lists the plugins (asking the daemon at --url which ones it runs, when it answers). With a plugin name, prints its options: name, type, default, meaning.'
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    { description: 'the options of one plugin', command: '<%= config.bin %> <%= command.id %> sink-file' },
    { description: 'every schema, as JSON', command: '<%= config.bin %> <%= command.id %> --json' },
  ]
  static override enableJsonFlag = true
  static override args = { name: Args.string({ description: 'a plugin to describe' }) }
  static override flags = {
    url: urlFlag,
    offline: Flags.boolean({ description: 'do not ask the daemon which plugins it runs' }),
  }

  async run(): Promise<{ plugins: PluginInfo[]; daemon: string | null }> {
    const { args, flags } = await this.parse(Plugins)
    const names = builtinPlugins()
    if (args.name && !names.includes(args.name)) {
      // the config's code, but here it names an argument: a usage error
      throw new CliError(Errors.UNKNOWN_PLUGIN.code, `no built-in plugin "${args.name}". Built-in plugins: ${names.join(', ')}`, 'usage')
    }
    let loaded: string[] | undefined
    if (!flags.offline) {
      try {
        loaded = (await new DaemonClient(flags.url, DaemonClient.for(flags.url, 'read').token, 'read', 2000).get<{ plugins: string[] }>('/status')).plugins
      } catch {
        loaded = undefined // no daemon (or no login): the list is still useful
      }
    }
    const version = packageVersion()
    const plugins: PluginInfo[] = []
    for (const name of args.name ? [args.name] : names) {
      const mod = (await import(`../../plugins/${name}/index.js`)) as { default?: { schema?: JsonSchema } }
      const schema = mod.default?.schema
      plugins.push({ name, version, loaded: loaded ? loaded.includes(name) : null, options: optionRows(schema), ...(schema ? { schema } : {}) })
    }
    const c = colors()
    if (args.name) {
      const p = plugins[0]!
      this.log(`${c.bold(p.name)} ${p.version}${p.loaded === null ? '' : p.loaded ? c.green(' (loaded by the daemon)') : ' (not loaded by the daemon)'}\n`)
      this.log(
        p.options.length === 0
          ? 'no options'
          : table(
              ['option', 'type', 'default', 'description'],
              p.options.map((o) => [o.name, o.type, o.default === undefined ? '-' : JSON.stringify(o.default), o.description ?? '']),
            ),
      )
    } else {
      this.log(
        table(
          ['plugin', 'version', 'daemon', 'options'],
          plugins.map((p) => [p.name, p.version, p.loaded === null ? '?' : p.loaded ? c.green('loaded') : '-', String(p.options.length)]),
        ),
      )
      if (loaded === undefined && !flags.offline) this.log(c.dim(`\n(no daemon answered at ${flags.url}: "daemon" shows ?)`))
      this.log(c.dim(`\nOptions of one plugin: ${this.config.bin} plugins <name>`))
    }
    return { plugins, daemon: loaded ? flags.url : null }
  }
}
