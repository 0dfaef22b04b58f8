/**
 * Owns the logger's current runtime and replaces it on reload without losing or duplicating a
 * record: the new config is loaded, validated and started first (a bad one is rejected and the
 * old runtime keeps running); the new runtime holds its output while the old one flushes and
 * closes, then releases what it held, in order.
 */
import { loadConfig, type LoadOptions } from './config.js'
import { loadPlugins } from './plugin-loader.js'
import { Errors, LwError, describeError } from './errors.js'
import { levelValue, type LevelInput } from './levels.js'
import { Runtime } from './runtime.js'
import type { PipelineControl } from './pipeline.js'

export class Controller implements PipelineControl {
  rt!: Runtime
  #reloading: Promise<void> | undefined

  constructor(private readonly options: LoadOptions) {}

  /** Builds and starts a runtime for the current config source; `hold` keeps its output back. */
  async #build(hold: boolean): Promise<Runtime> {
    const loaded = await loadConfig(this.options)
    const plugins = await loadPlugins(loaded.plugins, loaded.resolved.baseDir, loaded.where)
    const rt = new Runtime(loaded.resolved)
    rt.pipeline.control = this
    if (hold) rt.hold()
    try {
      for (const { plugin, options } of plugins) {
        try {
          await plugin.apply(rt.pipeline, options)
        } catch (err) {
          if (err instanceof LwError) throw err
          throw Errors.PLUGIN_FAILED(plugin.name, 'apply', describeError(err))
        }
        rt.pipeline.plugins.push(plugin.name)
      }
      await rt.start()
    } catch (err) {
      await rt.abandon()
      throw err
    }
    return rt
  }

  async start(): Promise<void> {
    this.rt = await this.#build(false)
  }

  setLevel(level: LevelInput): void {
    const value = levelValue(level)
    if (value === undefined) throw Errors.UNKNOWN_LEVEL(String(level))
    this.rt.threshold = value
  }

  /** Re-reads the config from where it came from (file, search, or the same inline object). */
  reload(): Promise<void> {
    // concurrent reloads queue behind each other instead of racing
    this.#reloading = (this.#reloading ?? Promise.resolve()).catch(() => undefined).then(() => this.#reload())
    return this.#reloading
  }

  async #reload(): Promise<void> {
    const old = this.rt
    if (old.closed) throw Errors.LOGGER_CLOSED()
    const next = await this.#build(true)
    this.rt = next
    try {
      await old.close()
    } finally {
      next.release()
    }
  }

  command(sink: string, name: string, args?: unknown): Promise<unknown> {
    return this.rt.command(sink, name, args)
  }

  flush(): Promise<void> {
    return this.rt.flush()
  }

  close(): Promise<void> {
    return this.rt.close()
  }
}
