/**
 * audit-seal: a tamper-evident trail for chosen categories of sink-file's files. It adds no sink:
 * it amends sink-file's spec so that sink-file's worker loads ./sealer.js as a write observer
 * (plugins/sink-file/write-seam.ts). The key comes from `logwarden seal init`; `logwarden verify`
 * checks the files against it. Design and threat model: docs/audit-seal.md.
 */
import { isAbsolute, resolve } from 'node:path'
import { definePlugin } from '../../core/plugin.js'
import type { JsonSchema } from '../../core/plugin.js'
import type { SinkSpec } from '../../core/sink-contract.js'
import { parseDuration } from '../../lib/util/index.js'
import { SealErrors } from '../../lib/seal/index.js'
import type { ObserverRef } from '../sink-file/index.js'
import type { SealerOptions } from './sealer.js'

export const PLUGIN_NAME = 'audit-seal'

export interface AuditSealOptions {
  categories: string[]
  interval: string | number
  keyFile?: string
  fsync: boolean
  anchor?: string
  sink?: string
}

export const schema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    categories: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      uniqueItems: true,
      minItems: 1,
      default: ['audit', 'enforcement'],
      description: 'categories whose files are sealed',
    },
    interval: {
      anyOf: [
        { type: 'string', minLength: 1 },
        { type: 'integer', minimum: 100 },
      ],
      default: '60s',
      description: 'a seal at least this often while records come in (also one at every rotation and at close); at most the key epoch',
    },
    keyFile: {
      type: 'string',
      minLength: 1,
      description: 'signing key written by `logwarden seal init` (default: <sink-file dir>/.seal/signing.key), relative to the config file',
    },
    fsync: { type: 'boolean', default: true, description: 'fsync the seal file after each seal' },
    anchor: {
      type: 'string',
      minLength: 1,
      description: "also log each seal's MAC to this category (not a sealed one), for a notifier or syslog to carry off the host",
    },
    sink: { type: 'string', minLength: 1, description: 'the sink-file instance to seal (default: every sink-file)' },
  },
}

export default definePlugin<AuditSealOptions>({
  name: PLUGIN_NAME,
  schema,
  apply(pipeline, options) {
    const intervalMs = parseDuration(options.interval)
    if (intervalMs === undefined || intervalMs < 100)
      throw SealErrors.OPTION('interval', `= ${JSON.stringify(options.interval)} is not a duration of at least 100ms (e.g. 60s)`)
    if (options.anchor !== undefined && options.categories.includes(options.anchor))
      throw SealErrors.OPTION(
        'anchor',
        `= ${JSON.stringify(options.anchor)} is a sealed category: each seal's record would call for a seal of its own, one every interval forever; anchor to a category that is not sealed (e.g. system)`,
      )
    const sealer: SealerOptions = {
      categories: options.categories,
      intervalMs,
      fsync: options.fsync,
      ...(options.keyFile !== undefined ? { keyFile: isAbsolute(options.keyFile) ? options.keyFile : resolve(pipeline.config.baseDir, options.keyFile) } : {}),
      ...(options.anchor !== undefined ? { anchorCategory: options.anchor } : {}),
    }
    const ref: ObserverRef = { module: new URL('./sealer.js', import.meta.url).href, options: sealer }
    pipeline.hooks.sink.for('sink-file').tap(PLUGIN_NAME, (spec: SinkSpec) => {
      if (options.sink !== undefined && spec.name !== options.sink) return spec
      const prev = (spec.options as { observers?: ObserverRef[] }).observers ?? []
      return { ...spec, options: { ...(spec.options as object), observers: [...prev, ref] } }
    })
  },
})
