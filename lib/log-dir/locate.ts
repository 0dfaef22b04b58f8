/** Where the log files are: --dir, else the config's sink-file "dir", else ./logs. */
import { isAbsolute, resolve } from 'node:path'
import { statSync } from 'node:fs'

export async function resolveLogDir(flag: string | undefined): Promise<string> {
  if (flag) return resolve(flag)
  try {
    // loaded only here: the sink-file worker imports this module, and must not pay for cosmiconfig and ajv
    const { loadConfig } = await import('../../core/config.js')
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

/** Whether `dir` is a directory that can be read as a log directory (query, tail --dir, recent --dir check it first). */
export function isLogDir(dir: string): boolean {
  try {
    return statSync(dir).isDirectory()
  } catch {
    return false
  }
}
