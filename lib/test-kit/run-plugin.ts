/**
 * runPlugin(): a real logger with the plugin under test, in a fresh folder that stands for the
 * config file's (relative `lwPath` options resolve there). Records go through the real pipeline
 * and the plugin's sinks run in the real worker pool, as in production. A recorder sink keeps
 * every record that reaches sinks other than the plugin's own (its ctx.log reports, the
 * logger's notices), readable with `reported()`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '../../core/create-logger.js'
import type { LogwardenConfig } from '../../core/config.js'
import type { Logger } from '../../core/logger.js'
import type { LogwardenPlugin } from '../../core/plugin.js'
import type { PipelineStats } from '../../core/pipeline.js'

export interface RunPluginOptions {
  /** the rest of the config (categories, level, more plugins after this one…); `durable` is off unless set */
  config?: Omit<LogwardenConfig, 'plugins'> & { plugins?: LogwardenConfig['plugins'] }
  /** the folder that stands for the config file's; a new temp folder (removed at close) by default */
  dir?: string
}

export interface PluginRun {
  log: Logger
  /** the config file's folder: relative path options resolved against it */
  dir: string
  /** every record delivered to the recorder, parsed, in order; call after `log.flush()` */
  reported(): Array<Record<string, unknown>>
  stats(): PipelineStats
  /** closes the logger (flushing every sink) and removes the temp folder it made */
  close(): Promise<void>
}

const RECORDER = 'test-kit-recorder'

/**
 * `plugin`: the plugin object, or what a config would list (an npm name, a path relative to
 * `dir`). `options`: its options, validated against its schema like a user's.
 */
export async function runPlugin(plugin: LogwardenPlugin | string, options: Record<string, unknown> = {}, opts: RunPluginOptions = {}): Promise<PluginRun> {
  const made = opts.dir === undefined
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'lw-plugin-run-'))
  const file = join(dir, '.recorded.jsonl')
  const recorder: LogwardenPlugin = {
    name: RECORDER,
    apply(pipeline) {
      pipeline.addSink({ name: RECORDER, kind: RECORDER, module: new URL('./capture-sink.js', import.meta.url).href, options: { file } })
    },
  }
  const { plugins = [], ...rest } = opts.config ?? {}
  let log: Logger
  try {
    log = await createLogger({
      cwd: dir,
      config: { durable: false, ...rest, plugins: [[plugin, options], ...plugins, recorder] } as LogwardenConfig,
    })
  } catch (err) {
    if (made) rmSync(dir, { recursive: true, force: true })
    throw err
  }
  return {
    log,
    dir,
    reported: () =>
      existsSync(file)
        ? readFileSync(file, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as Record<string, unknown>)
        : [],
    stats: () => log.stats(),
    close: async () => {
      await log.close()
      if (made) rmSync(dir, { recursive: true, force: true })
    },
  }
}
