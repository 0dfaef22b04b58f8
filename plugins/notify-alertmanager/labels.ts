/**
 * Record → Alertmanager alert: labels (alertname, severity, category, configured fields, static
 * labels — never the pid, so the same alert from two processes is one alert) and annotations
 * (summary = the message, description = the record's fields as the other notifiers render them).
 */
import { buildAlert, eventType } from '../notify-common/alert.js'
import { recordLevel } from '../notify-common/severity.js'
import { clean, display, truncate } from '../notify-common/text.js'
import { levelLabel } from '../../core/levels.js'

export type Labels = Record<string, string>

/** One alert as POST /api/v2/alerts takes it (postableAlert). */
export interface AmAlert {
  labels: Labels
  annotations: Record<string, string>
  startsAt: string
  endsAt?: string
  generatorURL?: string
}

export interface LabelSettings {
  staticLabels: Labels
  labelFields: string[]
  generatorURL?: string
  timezone: string
}

/** Alertmanager takes any UTF-8 label value; long ones only bloat every notification. */
const MAX_LABEL_VALUE = 1024
const MAX_ANNOTATION = 8192

type Rec = Record<string, unknown>

function isObj(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A field by dotted path, at the top level or under `details`. */
export function fieldValue(record: Rec, path: string): unknown {
  const keys = path.split('.')
  for (const root of [record, isObj(record.details) ? record.details : undefined]) {
    let v: unknown = root
    for (const k of keys) v = isObj(v) ? v[k] : undefined
    if (v !== undefined && v !== null && v !== '') return v
  }
  return undefined
}

/** `account.id` → `account_id`: label names allow letters, digits and underscores only. */
export function labelName(path: string): string {
  const name = path.replace(/[^a-zA-Z0-9_]/g, '_')
  return /^[0-9]/.test(name) ? `_${name}` : name
}

function labelValue(v: unknown): string {
  return truncate(clean(display(v)), MAX_LABEL_VALUE)
}

/** The alert's name: the record's event, else its rule, else its category. */
export function alertName(record: Rec, category: string): string {
  const rule = fieldValue(record, 'rule')
  return eventType(record) ?? (typeof rule === 'string' ? rule : undefined) ?? category
}

/** The labels that identify what the record is about (account, rule, …), without name and severity. */
export function identityLabels(record: Rec, s: LabelSettings): Labels {
  const labels: Labels = {}
  for (const path of s.labelFields) {
    const v = fieldValue(record, path)
    if (v !== undefined) labels[labelName(path)] = labelValue(v)
  }
  // static labels last: a record can never overwrite `service` or `env`
  return { ...labels, ...s.staticLabels }
}

export function recordCategory(record: Rec, groupCategory: string): string {
  return typeof record.category === 'string' && record.category ? record.category : groupCategory
}

function generatorUrl(template: string, record: Rec): string {
  return template.replace(/\{([a-zA-Z0-9_.]+)\}/g, (_, path: string) => {
    const v = fieldValue(record, path)
    return v === undefined ? '' : encodeURIComponent(display(v))
  })
}

export function toAmAlert(record: Rec, groupCategory: string, s: LabelSettings): AmAlert {
  const category = recordCategory(record, groupCategory)
  const labels: Labels = {
    ...identityLabels(record, s),
    alertname: alertName(record, category),
    severity: levelLabel(recordLevel(record.level)),
    category,
  }
  const built = buildAlert(record, category, { timezone: s.timezone })
  const summary = typeof record.message === 'string' && record.message ? record.message : built.notification.title
  const description = built.notification.fields.map((f) => `${f.name}: ${f.value}`).join('\n')
  const parsed = typeof record.timestamp === 'string' ? Date.parse(record.timestamp) : NaN
  return {
    labels,
    annotations: {
      summary: truncate(clean(summary), MAX_ANNOTATION),
      ...(description ? { description: truncate(clean(description), MAX_ANNOTATION) } : {}),
    },
    startsAt: new Date(Number.isNaN(parsed) ? Date.now() : parsed).toISOString(),
    ...(s.generatorURL ? { generatorURL: generatorUrl(s.generatorURL, record) } : {}),
  }
}

/** Alertmanager's identity of an alert: its label set. */
export function fingerprint(labels: Labels): string {
  return JSON.stringify(
    Object.keys(labels)
      .sort()
      .map((k) => [k, labels[k]]),
  )
}
