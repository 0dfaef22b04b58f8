/**
 * The daemon of this project: commands that talk to a daemon default to the control plugin's
 * host and port in the config found from the working directory (as `config validate` finds it),
 * so `control: { port: 5556 }` is what `logwarden status` asks. Flags and LOGWARDEN_URL win.
 */
import { DEFAULT_URL } from './client.js'

interface ControlEntry {
  host?: unknown
  port?: unknown
}

/** The control options of a config's plugin list, when it has the control plugin. */
function controlOf(plugins: unknown[]): ControlEntry | undefined {
  for (const entry of plugins) {
    if (entry === 'control') return {}
    if (entry && typeof entry === 'object' && !Array.isArray(entry) && 'control' in entry) {
      return ((entry as Record<string, unknown>).control ?? {}) as ControlEntry
    }
  }
  return undefined
}

/** `http://host:port` for a control plugin's options; undefined when the port is chosen at start (0). */
export function urlOfControl(options: ControlEntry): string | undefined {
  const port = typeof options.port === 'number' ? options.port : 5555
  if (port === 0) return undefined
  let host = typeof options.host === 'string' && options.host !== '' ? options.host : '127.0.0.1'
  // a daemon listening on every address is reached on loopback
  if (host === '0.0.0.0') host = '127.0.0.1'
  if (host === '::') host = '::1'
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
}

/** The project's daemon URL, else the default. Loading the config costs ~100 ms: only commands that talk to a daemon ask. */
export async function projectUrl(cwd = process.cwd()): Promise<string> {
  try {
    const { loadConfig } = await import('../../core/config.js')
    const loaded = await loadConfig({ cwd })
    const control = controlOf(loaded.plugins as unknown[])
    if (control) return urlOfControl(control) ?? DEFAULT_URL
  } catch {
    // no config, or one that does not load (`config validate` says why): the default daemon
  }
  return DEFAULT_URL
}
