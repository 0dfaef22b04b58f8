/**
 * `LOGWARDEN_STDOUT=json` (or `human`, or `off`): what goes to stdout, decided by the environment
 * without a config change — what a container or a systemd unit sets. The config's sink-console
 * entries that write to stdout are replaced by one `sink-console` named `stdout` in that format
 * (`off`: none); entries writing to stderr or to an fd are kept. Unset: the config decides.
 */
import type { PluginEntry } from './config.js'

export const STDOUT_ENV = 'LOGWARDEN_STDOUT'
const FORMATS = ['json', 'human', 'off']
const CONSOLE = 'sink-console'

/** The plugin list with stdout as the environment asks; a problem line when its value is unknown. */
export function stdoutFromEnv(plugins: PluginEntry[], env: Record<string, string | undefined> = process.env): { plugins: PluginEntry[]; problem?: string } {
  const value = env[STDOUT_ENV]?.trim().toLowerCase()
  if (value === undefined || value === '') return { plugins }
  if (!FORMATS.includes(value)) return { plugins, problem: `${STDOUT_ENV}=${env[STDOUT_ENV]}: must be json, human or off` }
  const kept = plugins.filter((entry) => !writesStdout(entry))
  if (value !== 'off') kept.push({ [CONSOLE]: { name: 'stdout', format: value } })
  return { plugins: kept }
}

function writesStdout(entry: PluginEntry): boolean {
  let name: unknown
  let options: unknown
  if (typeof entry === 'string') name = entry
  else if (Array.isArray(entry)) [name, options] = entry
  else if (typeof (entry as { apply?: unknown }).apply === 'function') name = (entry as { name?: unknown }).name
  else {
    const keys = Object.keys(entry)
    if (keys.length !== 1) return false
    name = keys[0]
    options = (entry as Record<string, unknown>)[keys[0]!]
  }
  if (typeof name === 'object' && name !== null) name = (name as { name?: unknown }).name
  if (name !== CONSOLE) return false
  const o = (options ?? {}) as { stream?: unknown; fd?: unknown }
  return o.stream !== 'stderr' && o.fd === undefined
}
