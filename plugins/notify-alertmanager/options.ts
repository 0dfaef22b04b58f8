/** Checks of notify-alertmanager options that the schema cannot express; messages name the option, never a secret. */
import { NotifyErrors } from '../notify-common/errors.js'
import { DEFAULT_ROUTES, type RouteSpec } from '../notify-common/routing.js'
import { labelName } from './labels.js'
import { DEFAULT_RESOLVE, type AlertmanagerOptions } from './schema.js'

/** The notifiers' default routes, plus the events that fire and resolve stateful alerts (from info). */
export function defaultRoutes(options: Pick<AlertmanagerOptions, 'resolve'>): RouteSpec[] {
  const pairs = options.resolve ?? DEFAULT_RESOLVE
  const events = [...new Set(pairs.flatMap((p) => [...(Array.isArray(p.firing) ? p.firing : [p.firing]), p.resolvedBy]))]
  return [...DEFAULT_ROUTES, { events, minLevel: 'info' }]
}

const PLUGIN = 'notify-alertmanager'
/** labels that differ between processes would split one alert into one per process */
const PER_PROCESS = new Set(['pid', 'process_id', 'procid', 'ppid', 'thread_id'])
/** labels the plugin sets itself */
const RESERVED = new Set(['alertname', 'severity', 'category'])

export function checkOptions(options: AlertmanagerOptions): void {
  const urls = Array.isArray(options.url) ? options.url : [options.url]
  for (const [i, url] of urls.entries()) {
    let parsed: URL | undefined
    try {
      parsed = new URL(url)
    } catch {
      parsed = undefined
    }
    const where = Array.isArray(options.url) ? `url[${i}]` : 'url'
    if (!parsed || !/^https?:$/.test(parsed.protocol)) {
      throw NotifyErrors.CONFIG(PLUGIN, `${where} is not an http(s) URL. Give the Alertmanager's base URL, e.g. http://alertmanager:9093.`)
    }
  }
  for (const field of options.labelFields) {
    const name = labelName(field)
    if (PER_PROCESS.has(name)) {
      throw NotifyErrors.CONFIG(PLUGIN, `labelFields "${field}" differs between processes, so every process would raise its own copy of each alert. Remove it.`)
    }
    if (RESERVED.has(name)) throw NotifyErrors.CONFIG(PLUGIN, `labelFields "${field}" would replace the "${name}" label the plugin sets. Remove it.`)
  }
  for (const name of Object.keys(options.staticLabels)) {
    if (PER_PROCESS.has(name)) throw NotifyErrors.CONFIG(PLUGIN, `staticLabels.${name}: a process id splits one alert into one per process. Remove it.`)
    if (RESERVED.has(name)) throw NotifyErrors.CONFIG(PLUGIN, `staticLabels.${name} would replace the label the plugin sets. Remove it.`)
  }
  if (options.basicAuth && options.bearerToken) throw NotifyErrors.CONFIG(PLUGIN, 'basicAuth and bearerToken are both set; use one of them.')
}
