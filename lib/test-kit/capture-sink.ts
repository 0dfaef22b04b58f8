/**
 * The worker of runPlugin()'s recorder: appends every line it receives to `options.file`, so the
 * test sees what the plugin under test reported (ctx.log records reach every sink but their own).
 */
import { appendFileSync } from 'node:fs'
import type { CreateSink } from '../../core/sink-contract.js'

export const createSink: CreateSink<{ file: string }> = (options) => ({
  write(batch) {
    for (const g of batch.groups) if (!g.errorCopy) appendFileSync(options.file, g.data)
  },
})
