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
import { withDeadline } from './deadline.js'
import { PoolStarter } from './lanes/worker-pool.js'
import type { PipelineControl } from './pipeline.js'
import { Scrubber } from './scrub.js'
import { withContributions } from './events/contributions.js'
import { MetricsRegistry } from './metrics/registry.js'
import type { PendingRuntime } from './pending-runtime.js'

interface Prepared {
  loaded: LoadedConfig
  plugins: LoadedPlugin[]
}

export class Controller implements PipelineControl {
  rt!: Runtime
  #current!: Prepared
  #reloading: Promise<void> | undefined
  /** createLoggerSync(): the start under way while records go to a PendingRuntime */
  #starting: Promise<void> | undefined
  #closed = false
  /** what every config loaded so far held: an old secret may still appear in a late failure */
  readonly #scrubber = new Scrubber().addSecretEnv()
  /** `log.metrics`: outlives every reload, so no value goes back to zero */
  readonly metrics = new MetricsRegistry()

  constructor(private readonly options: LoadOptions) {}

  async #load(): Promise<Prepared> {
    const loaded = await loadConfig(this.options, this.#scrubber)
    try {
      return { loaded, plugins: await loadPlugins(loaded.plugins, loaded.resolved, loaded.where) }
    } catch (err) {
      // a plugin module that throws on import, or an option error quoting its value
      throw this.#scrubber.error(err)
    }
  }

  /** A runtime with every plugin applied, not started; `hold` keeps what it is given back. */
  async #apply(prepared: Prepared, hold: boolean, starter?: PoolStarter): Promise<Runtime> {
    // categories and events that plugins declare join the config's
    const rt = new Runtime(
      withContributions(
        prepared.loaded.resolved,
        prepared.plugins.map((p) => p.plugin),
      ),
      this.#scrubber,
      starter,
    )
    rt.pipeline.control = this
    rt.pipeline.metrics = this.metrics
    if (hold) rt.hold()
    const ms = prepared.loaded.resolved.startTimeoutMs
    try {
      for (const { plugin, options } of prepared.plugins) {
        rt.pipeline.applying = plugin.name
        try {
          await withDeadline(
            () => plugin.apply(rt.pipeline, options),
            ms,
            () => Errors.PLUGIN_TIMEOUT(plugin.name, 'apply', ms),
          )
        } catch (err) {
          if (err instanceof LwError) throw this.#scrubber.error(err)
          throw Errors.PLUGIN_FAILED(plugin.name, 'apply', this.#scrubber.scrub(describeError(err)))
        }
        rt.pipeline.plugins.push(plugin.name)
      }
      rt.pipeline.applying = undefined
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
      // a sink or an init hook that cannot start may quote its options (a URL, a token)
      throw this.#scrubber.error(err)
    }
  }

  /** `pending`: createLoggerSync()'s stand-in, which keeps `rt` until the sinks have started. */
  async start(pending?: PendingRuntime): Promise<void> {
    const starter = new PoolStarter()
    try {
      this.#current = await this.#load()
      const rt = await this.#apply(this.#current, false, starter)
      if (pending === undefined) this.rt = rt
      await this.#start(rt)
      if (pending !== undefined) {
        if (pending.levelSet) rt.threshold = pending.threshold
        this.rt = rt
        pending.replay(rt)
      }
    } finally {
      await starter.discard()
    }
  }

  /** createLoggerSync(): usable at once, records kept by `pending` until the start completes. */
  startPending(pending: PendingRuntime): void {
    // the stand-in answers what Logger asks before the start (threshold, write, bindings, stats)
    this.rt = pending as unknown as Runtime
    this.#starting = this.start(pending).catch((err: unknown) => {
      pending.fail(err)
      throw err
    })
    pending.started = this.#starting.then(() => this.rt)
    // the failure is told on stderr by pending.fail; flush() and close() reject with it
    this.#starting.catch(() => undefined)
    pending.started.catch(() => undefined)
  }

  setLevel(level: LevelInput): void {
    const value = levelValue(level)
    if (value === undefined) throw Errors.UNKNOWN_LEVEL(String(level))
    this.rt.threshold = value
  }

  /** Re-reads the config from where it came from (file, search, or the same inline object). */
  reload(): Promise<void> {
    // concurrent reloads queue behind each other instead of racing
    this.#reloading = (this.#reloading ?? this.#starting ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.#reload())
      .catch((err: unknown) => {
        throw this.#scrubber.error(err)
      })
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
    return (this.#starting ?? Promise.resolve())
      .then(() => this.rt.command(sink, name, args))
      .catch((err: unknown) => {
        throw this.#scrubber.error(err)
      })
  }

  /** Waits for a reload in progress: what was logged during it is written by the new sinks. */
  async flush(): Promise<void> {
    await this.#starting
    await this.#reloading?.catch(() => undefined)
    // a sink that cannot confirm says why, in its own words (its last error)
    await this.rt.flush().catch((err: unknown) => {
      throw this.#scrubber.error(err)
    })
  }

  async close(): Promise<void> {
    this.#closed = true
    await this.#starting?.catch(() => undefined)
    await this.#reloading?.catch(() => undefined)
    await this.rt.close().catch((err: unknown) => {
      throw this.#scrubber.error(err)
    })
  }
}
