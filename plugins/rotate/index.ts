/**
 * rotate: size and time rotation, gzip and retention for sink-file. It adds no sink of its own:
 * it amends sink-file's spec so that sink-file's worker loads ./rotation.js (the rotation seam,
 * plugins/sink-file/README.md). Options are checked by the core against the schema and checkOptions, and normalized here, once, at start.
 */
import { definePlugin } from '../../core/plugin.js'
import type { SinkSpec } from '../../core/sink-contract.js'
import type { RotationRef } from '../sink-file/index.js'
import { checkOptions, normalizeOptions, schema } from './options.js'
import type { RotateOptions, ResolvedRotateOptions } from './options.js'

export const PLUGIN_NAME = 'rotate'
export { schema }
export type { RotateOptions, ResolvedRotateOptions }

export default definePlugin<ResolvedRotateOptions>({
  name: PLUGIN_NAME,
  // it amends sink-file's lanes: without sink-file it would do nothing, silently
  requires: ['sink-file'],
  schema,
  check: checkOptions,
  apply(pipeline, options) {
    // the core has checked the units and zones and made archiveDir absolute (lwPath)
    const normalized = normalizeOptions(options)
    const rotation: RotationRef = { module: new URL('./rotation.js', import.meta.url).href, options: normalized }
    pipeline.hooks.sink.for('sink-file').tap(PLUGIN_NAME, (spec: SinkSpec) => {
      if (options.sink !== undefined && spec.name !== options.sink) return spec
      return { ...spec, options: { ...(spec.options as object), rotation } }
    })
  },
})
