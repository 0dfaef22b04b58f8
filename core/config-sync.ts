/**
 * The config read synchronously, for createLoggerSync(): an inline object, or a JSON/YAML file (or
 * `package.json` key) found the way createLogger() finds it. Only the level and the categories
 * are used at once; the async start then loads the config as createLogger() does.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { checkConfigData, EMBEDDED_DEFAULT, SEARCH_PLACES, type LoadOptions } from './config.js'
import type { ResolvedConfig } from './config-schema.js'
import { describeLoadError } from './config-errors.js'
import { Errors, LwError } from './errors.js'
import { Scrubber } from './scrub.js'

/** a config that is code: read synchronously only when it is CommonJS */
const MODULE_FILE = /\.[cm]?[jt]s$/

export function loadConfigSync(options: LoadOptions, scrubber: Scrubber = new Scrubber().addSecretEnv()): ResolvedConfig {
  const cwd = resolve(options.cwd ?? process.cwd())
  let raw: unknown = options.config
  let file: string | undefined
  if (raw === undefined) {
    // loaded only to search or read a file, as createLogger() does
    const { cosmiconfigSync } = createRequire(import.meta.url)('cosmiconfig') as typeof import('cosmiconfig')
    // cosmiconfig has no synchronous loader for an ES module (.mjs): such a file is named, not skipped
    const explorer = cosmiconfigSync('logwarden', { searchStrategy: 'project', searchPlaces: SEARCH_PLACES.filter((p) => !p.endsWith('.mjs')) })
    try {
      if (options.configFile) {
        file = resolve(cwd, options.configFile)
        if (!existsSync(file)) throw Errors.CONFIG_NOT_FOUND(file)
        if (file.endsWith('.mjs')) throw Errors.CONFIG_NOT_SYNC(file, 'it is an ES module')
        raw = explorer.load(file)?.config
      } else {
        const found = explorer.search(cwd)
        file = found?.filepath
        raw = found?.config
        const mjs = resolve(cwd, 'logwarden.config.mjs')
        if (found === null && existsSync(mjs)) throw Errors.CONFIG_NOT_SYNC(mjs, 'it is an ES module')
      }
    } catch (err) {
      if (err instanceof LwError) throw scrubber.error(err)
      const failed = (err as { filepath?: unknown } | null)?.filepath
      const where = typeof failed === 'string' ? failed : (file ?? cwd)
      // an ES module or TypeScript config: createLogger() reads it, createLoggerSync() cannot
      if (MODULE_FILE.test(where)) throw scrubber.error(Errors.CONFIG_NOT_SYNC(where, describeLoadError(err)))
      throw scrubber.error(Errors.CONFIG_LOAD(where, describeLoadError(err)))
    }
    raw ??= EMBEDDED_DEFAULT
  }
  const checked = checkConfigData(raw, file ?? 'inline config', file, cwd, scrubber)
  checked.problems.throwIfAny()
  return checked.loaded.resolved
}
