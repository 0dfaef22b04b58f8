/**
 * The main-thread half of a notifier plugin: resolve its spool directory and declare its sink,
 * pre-filtered by the categories and minimum level its routes can match (the rest of the routing
 * happens in the worker).
 */
import { join, resolve } from 'node:path'
import type { Pipeline } from '../../core/pipeline.js'
import { prefilter } from './routing.js'
import { workerCatalog } from '../../core/events/registry.js'
import { silencesFile } from '../../lib/silences/index.js'

interface NotifierOptions {
  name?: string
  spool?: { dir?: string }
  routes?: Parameters<typeof prefilter>[0]
}

export function declareNotifier(pipeline: Pipeline, kind: string, workerUrl: string, options: NotifierOptions): void {
  const name = options.name ?? kind
  const spoolDir = resolve(pipeline.config.baseDir, options.spool?.dir ?? join('.logwarden', 'spool', name))
  const { categories, minLevel } = prefilter(options.routes)
  // the worker renders alerts with the catalog's titles and templates: plain data, sent with the options
  const events = workerCatalog(pipeline.config.events)
  pipeline.addSink({
    name,
    kind,
    module: workerUrl,
    options: {
      ...options,
      spool: { ...options.spool, dir: spoolDir },
      // the daemon's silences (logwarden silence add), which the worker reads
      silencesFile: silencesFile(pipeline.config.baseDir),
      ...(Object.keys(events).length ? { eventCatalog: events } : {}),
    },
    categories,
    minLevel,
    // an error record must alert once, not again as its copy in the error category
    errorCopies: false,
    role: 'notifier',
  })
}
