/**
 * rotate: size and time rotation, gzip and retention for sink-file. It adds no sink of its own:
 * it amends sink-file's spec so that sink-file's worker loads ./rotation.js (the rotation seam,
 * plugins/sink-file/README.md). Options are checked and normalized here, once, at start.
 */
import { isAbsolute, resolve } from 'node:path'
import { definePlugin } from '../../core/plugin.js'
import type { SinkSpec } from '../../core/sink-contract.js'
import type { RotationRef } from '../sink-file/index.js'
import { normalizeOptions, schema } from './options.js'
import type { RotateOptions } from './options.js'

export const PLUGIN_NAME = 'rotate'
export { schema }
export type { RotateOptions }

export default definePlugin<RotateOptions>({
  name: PLUGIN_NAME,
  schema,
  apply(pipeline, options) {
    const normalized = normalizeOptions(options) // throws RotateErrors.OPTION with the option's path
    if (normalized.archiveDir && !isAbsolute(normalized.archiveDir)) {
      normalized.archiveDir = resolve(pipeline.config.baseDir, normalized.archiveDir)
    }
    const rotation: RotationRef = { module: new URL('./rotation.js', import.meta.url).href, options: normalized }
    pipeline.hooks.sink.for('sink-file').tap(PLUGIN_NAME, (spec: SinkSpec) => {
      if (options.sink !== undefined && spec.name !== options.sink) return spec
      return { ...spec, options: { ...(spec.options as object), rotation } }
    })
  },
})
