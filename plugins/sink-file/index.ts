/**
 * sink-file: one JSON-lines file per category under `dir`. The writing happens in worker.ts;
 * this file only validates options and declares the sink. Rotation is a separate plugin that
 * amends this sink's spec through hooks.sink.for('sink-file') (see README.md, "The rotation seam").
 */
import { join } from 'node:path'
import { levelValue } from '../../core/levels.js'
import { definePlugin } from '../../core/plugin.js'
import { Default, Level, PathOption, TimerMs, Type, type Resolved } from '../../lib/options/index.js'
import type { FileSinkWorkerOptions } from './worker.js'
import { preflightDir } from './preflight.js'
import { prepareLogDir } from './start-check.js'
import { writeBeforeStart } from './write-before-start.js'

export const PLUGIN_NAME = 'sink-file'

export const schema = Type.Object(
  {
    dir: Default(PathOption('dir', { description: "directory of the log files; relative to the config file's directory (`baseDir`)" }), './logs'),
    categories: Default(
      Type.Union([Type.Literal('*'), Type.Array(Type.String({ minLength: 1 }), { uniqueItems: true })], {
        description: 'categories written; each gets `<category>.log`',
      }),
      '*',
    ),
    minLevel: Type.Optional(Level({ docType: 'level name or number', docDefault: 'every level the logger emits', description: 'lowest level written' })),
    fileMode: Default(
      Type.Integer({ minimum: 0, maximum: 0o777, docDefault: '`0o600` (384)', description: 'mode of files it creates (set exactly, whatever the umask)' }),
      0o600,
    ),
    dirMode: Default(Type.Integer({ minimum: 0, maximum: 0o777, docDefault: '`0o700` (448)', description: 'mode of the directory when it creates it' }), 0o700),
    fsync: Default(Type.Boolean({ description: 'fsync every file after each batch: survives power loss, costs throughput' }), false),
    checkIntervalMs: Default(
      TimerMs({
        description:
          'at most this often, a write first checks that the file is still at its path; a file deleted or moved away (by hand, by an external logrotate) is reopened. `0` = before every batch',
      }),
      1000,
    ),
    name: Default(
      Type.String({ minLength: 1, description: "sink instance name (status, `log.command(name, …)`, `rotate`'s `sink` option); give each instance its own" }),
      PLUGIN_NAME,
    ),
  },
  { additionalProperties: false },
)

export type FileSinkOptions = Resolved<typeof schema>

export default definePlugin<FileSinkOptions>({
  name: PLUGIN_NAME,
  schema,
  check(options, { preflight }) {
    return preflight ? preflightDir(options.dir) : []
  },
  async apply(pipeline, options) {
    // absolute already: the core resolves lwPath options against the config file's directory
    const dir = options.dir
    const lockToken = await prepareLogDir(options.name, dir, options.dirMode, options.fileMode)
    const minLevel = options.minLevel !== undefined ? levelValue(options.minLevel) : undefined
    const workerOptions: FileSinkWorkerOptions = {
      dir,
      categories: options.categories,
      ...(minLevel !== undefined ? { minLevel } : {}),
      fileMode: options.fileMode,
      dirMode: options.dirMode,
      fsync: options.fsync,
      checkIntervalMs: options.checkIntervalMs,
      lockToken,
    }
    pipeline.addSink({
      name: options.name,
      kind: PLUGIN_NAME,
      module: new URL('./worker.js', import.meta.url).href,
      options: workerOptions,
      categories: options.categories,
      ...(minLevel !== undefined ? { minLevel } : {}),
      journalDir: join(dir, '.journal'),
      // error.log holds every error-level record, whatever its category
      errorCopies: true,
      // prepareLogDir checked what the worker's start could fail on
      start: 'background',
      writeBeforeStart: writeBeforeStart(dir, options.fileMode),
    })
  },
})
// the seam rotate plugs into: rotate's rotation module runs inside this sink's worker
export type { ActiveFile, Rotation, RotationHost, RotationRef } from './rotation-seam.js'
// the seam audit-seal plugs into: an observer told every byte written and every rotation
export type { ObserverHost, ObserverRef, WriteObserver } from './write-seam.js'
