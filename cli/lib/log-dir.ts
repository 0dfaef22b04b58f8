/** Where the log files are: --dir, else the config's sink-file "dir", else ./logs. */
import { isAbsolute, resolve } from 'node:path'
import { statSync } from 'node:fs'
import { loadConfig } from '../../core/config.js'
import { CliErrors } from './errors.js'

export async function resolveLogDir(flag: string | undefined): Promise<string> {
  if (flag) return resolve(flag)
  try {
    const loaded = await loadConfig({})
    for (const entry of loaded.plugins) {
      if (entry === 'sink-file') return resolve(loaded.resolved.baseDir, 'logs')
      if (entry && typeof entry === 'object' && !Array.isArray(entry) && 'sink-file' in entry) {
        const dir = ((entry as Record<string, { dir?: unknown }>)['sink-file'] ?? {}).dir
        const d = typeof dir === 'string' ? dir : './logs'
        return isAbsolute(d) ? d : resolve(loaded.resolved.baseDir, d)
      }
    }
  } catch {
    // no readable config: the default below
  }
  return resolve('logs')
}

/** A log directory that must exist (query, tail --dir, recent --dir). */
export function assertLogDir(dir: string): void {
  let ok = false
  try {
    ok = statSync(dir).isDirectory()
  } catch {
    ok = false
  }
  if (!ok) throw CliErrors.NO_LOG_DIR(dir)
}
