/**
 * sink-file: one JSON-lines file per category under `dir`. The writing happens in worker.ts;
 * this file only validates options and declares the sink. Rotation is a separate plugin that
 * amends this sink's spec through hooks.sink.for('sink-file') (see README.md, "The rotation seam").
 */
import { isAbsolute, resolve } from 'node:path'
import { levelValue } from '../../core/levels.js'
import { definePlugin } from '../../core/plugin.js'
import type { JsonSchema } from '../../core/plugin.js'
import type { FileSinkWorkerOptions } from './worker.js'

export const PLUGIN_NAME = 'sink-file'

export interface FileSinkOptions {
  dir: string
  categories: '*' | string[]
  minLevel?: string | number
  fileMode: number
  dirMode: number
  fsync: boolean
  checkIntervalMs: number
  name: string
}

export const schema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    dir: { type: 'string', minLength: 1, default: './logs', description: 'directory of the log files, relative to the config file' },
    categories: {
      default: '*',
      description: "categories written ('*' = all); each gets <category>.log",
      anyOf: [{ const: '*' }, { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true }],
    },
    minLevel: {
      description: 'lowest level written (name or number); default: every level the logger emits',
      anyOf: [
        { type: 'string', enum: ['trace', 'debug', 'info', 'warn', 'warning', 'error', 'critical', 'fatal'] },
        { type: 'integer', minimum: 0 },
      ],
    },
    fileMode: { type: 'integer', minimum: 0, maximum: 0o777, default: 0o600, description: 'mode of files it creates' },
    dirMode: { type: 'integer', minimum: 0, maximum: 0o777, default: 0o700, description: 'mode of the directory when it creates it' },
    fsync: { type: 'boolean', default: false, description: 'fsync every file after each batch (durable on power loss, slower)' },
    checkIntervalMs: {
      type: 'integer', minimum: 0, default: 1000,
      description: 'at most this often a write checks the file is still at its path (deleted/moved → reopened); 0 = every batch',
    },
    name: { type: 'string', minLength: 1, default: PLUGIN_NAME, description: 'sink instance name (status, hooks, testChannel)' },
  },
}

export default definePlugin<FileSinkOptions>({
  name: PLUGIN_NAME,
  schema,
  apply(pipeline, options) {
    const dir = isAbsolute(options.dir) ? options.dir : resolve(pipeline.config.baseDir, options.dir)
    const minLevel = options.minLevel !== undefined ? levelValue(options.minLevel) : undefined
    const workerOptions: FileSinkWorkerOptions = {
      dir,
      categories: options.categories,
      ...(minLevel !== undefined ? { minLevel } : {}),
      fileMode: options.fileMode,
      dirMode: options.dirMode,
      fsync: options.fsync,
      checkIntervalMs: options.checkIntervalMs,
    }
    pipeline.addSink({
      name: options.name,
      kind: PLUGIN_NAME,
      module: new URL('./worker.js', import.meta.url).href,
      options: workerOptions,
      categories: options.categories,
      ...(minLevel !== undefined ? { minLevel } : {}),
    })
  },
})
// the seam rotate plugs into: rotate's rotation module runs inside this sink's worker
export type { ActiveFile, Rotation, RotationHost, RotationRef } from './rotation-seam.js'
// the seam audit-seal plugs into: an observer told every byte written and every rotation
export type { ObserverHost, ObserverRef, WriteObserver } from './write-seam.js'
