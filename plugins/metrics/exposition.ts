/**
 * Metric families as Prometheus reads them: the text format 0.0.4, or OpenMetrics 1.0 when the
 * scraper asks for it (Accept). Families of the same name from two sources are merged (same type)
 * or the later one is left out (and named), so the output is always valid.
 */
import type { MetricFamily } from '../../core/metrics/index.js'

export type ExpositionFormat = 'text' | 'openmetrics'

export const CONTENT_TYPE: Record<ExpositionFormat, string> = {
  text: 'text/plain; version=0.0.4; charset=utf-8',
  openmetrics: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
}

/** OpenMetrics when the Accept header names it (Prometheus sends it first when it prefers it). */
export function negotiate(accept: string | undefined): ExpositionFormat {
  return accept !== undefined && accept.includes('application/openmetrics-text') ? 'openmetrics' : 'text'
}

// most values need no escaping: one test instead of three replaces per label value
const escapeHelp = (s: string) => (/[\\\n]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n') : s)
const escapeLabel = (s: string) => (/[\\\n"]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"') : s)

function number(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Infinity) return '+Inf'
  if (v === -Infinity) return '-Inf'
  return String(v)
}

function labelText(labels: Record<string, string>): string {
  let out = ''
  for (const k in labels) out += (out === '' ? '{' : ',') + k + '="' + escapeLabel(labels[k]) + '"'
  return out === '' ? '' : out + '}'
}

/** Same-named families merged; a name reused with another type is left out and reported. */
export function mergeFamilies(families: MetricFamily[], problems: string[] = []): MetricFamily[] {
  const byName = new Map<string, MetricFamily>()
  for (const f of families) {
    const had = byName.get(f.name)
    if (!had) byName.set(f.name, { ...f, samples: [...f.samples] })
    else if (had.type === f.type) had.samples.push(...f.samples)
    else problems.push(`${f.name}: registered as ${had.type} and as ${f.type}; the ${f.type} is left out`)
  }
  return [...byName.values()]
}

export function render(families: MetricFamily[], format: ExpositionFormat): string {
  const om = format === 'openmetrics'
  let out = ''
  for (const f of families) {
    // OpenMetrics names a counter family without its _total; the samples keep it
    const family = om && f.type === 'counter' ? f.name.replace(/_total$/, '') : f.name
    out += '# HELP ' + family + ' ' + escapeHelp(f.help) + '\n# TYPE ' + family + ' ' + f.type + '\n'
    for (const s of f.samples) out += f.name + s.suffix + labelText(s.labels) + ' ' + number(s.value) + '\n'
  }
  return om ? out + '# EOF\n' : out
}
