import { loadConfig, type LoadOptions } from './config.js'
import { loadPlugins } from './plugin-loader.js'
import { Errors, LwError, describeError } from './errors.js'
import { Runtime } from './runtime.js'
import { Logger } from './logger.js'

export type CreateLoggerOptions = LoadOptions

/**
 * Loads the config (inline, a file, or found by cosmiconfig from the working directory; the
 * embedded default otherwise), applies its plugins in order and starts the sinks.
 */
export async function createLogger(options: CreateLoggerOptions = {}): Promise<Logger> {
  const loaded = await loadConfig(options)
  const plugins = await loadPlugins(loaded.plugins, loaded.resolved.baseDir, loaded.where)
  const rt = new Runtime(loaded.resolved)
  for (const { plugin, options: pluginOptions } of plugins) {
    try {
      await plugin.apply(rt.pipeline, pluginOptions)
    } catch (err) {
      if (err instanceof LwError) throw err
      throw Errors.PLUGIN_FAILED(plugin.name, 'apply', describeError(err))
    }
    rt.pipeline.plugins.push(plugin.name)
  }
  await rt.start()
  return new Logger(rt, 'system', '')
}
