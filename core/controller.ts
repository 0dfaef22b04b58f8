/**
 * Owns the logger's current runtime and replaces it on reload without losing or duplicating a
 * record. The new config is loaded, validated and applied first: a bad one is rejected and the
 * old runtime keeps running. Then records are held while the old sinks close (they own files,
 * locks and spools the new ones take over), the new sinks start, and the held records follow.
 * If the new sinks cannot start, the previous config is started again.
 */
import { loadConfig, type LoadOptions, type LoadedConfig } from './config.js'
import { loadPlugins, type LoadedPlugin } from './plugin-loader.js'
import { Errors, LwError, describeError } from './errors.js'
import { levelValue, type LevelInput } from './levels.js'
import { Runtime } from './runtime.js'
import type { PipelineControl } from './pipeline.js'

interface Prepared {
  loaded: LoadedConfig
  plugins: LoadedPlugin[]
}

export class Controller implements PipelineControl {
  rt!: Runtime
  #current!: Prepared
  #reloading: Promise<void> | undefined
  #closed = false

  constructor(private readonly options: LoadOptions) {}

  async #load(): Promise<Prepared> {
    const loaded = await loadConfig(this.options)
    return { loaded, plugins: await loadPlugins(loaded.plugins, loaded.resolved, loaded.where) }
  }

  /** A runtime with every plugin applied, not started; `hold` keeps what it is given back. */
  async #apply(prepared: Prepared, hold: boolean): Promise<Runtime> {
    const rt = new Runtime(prepared.loaded.resolved)
    rt.pipeline.control = this
    if (hold) rt.hold()
    try {
      for (const { plugin, options } of prepared.plugins) {
        try {
          await plugin.apply(rt.pipeline, options)
        } catch (err) {
          if (err instanceof LwError) throw err
          throw Errors.PLUGIN_FAILED(plugin.name, 'apply', describeError(err))
        }
        rt.pipeline.plugins.push(plugin.name)
      }
    } catch (err) {
      await rt.abandon()
      throw err
    }
    return rt
  }

  async #start(rt: Runtime): Promise<void> {
    try {
      await rt.start()
    } catch (err) {
      await rt.abandon()
      throw err
    }
  }

  async start(): Promise<void> {
    this.#current = await this.#load()
    this.rt = await this.#apply(this.#current, false)
    await this.#start(this.rt)
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
    if (this.#closed) throw Errors.LOGGER_CLOSED()
    const prepared = await this.#load()
    const next = await this.#apply(prepared, true)
    if (this.#closed) {
      await next.abandon()
      throw Errors.LOGGER_CLOSED()
    }
    const old = this.rt
    this.rt = next
    await old.close()
    try {
      await this.#start(next)
    } catch (err) {
      // the new sinks cannot start: the previous config runs again, with what was held meanwhile
      const previous = await this.#apply(this.#current, true)
      previous.hold(next.takeHeld())
      this.rt = previous
      await this.#start(previous)
      previous.release()
      throw err
    }
    this.#current = prepared
    next.release()
  }

  command(sink: string, name: string, args?: unknown): Promise<unknown> {
    return this.rt.command(sink, name, args)
  }

  /** Waits for a reload in progress: what was logged during it is written by the new sinks. */
  async flush(): Promise<void> {
    await this.#reloading?.catch(() => undefined)
    await this.rt.flush()
  }

  async close(): Promise<void> {
    this.#closed = true
    await this.#reloading?.catch(() => undefined)
    await this.rt.close()
  }
}
