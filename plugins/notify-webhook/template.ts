/** The `json` preset's body template: `{{name}}` placeholders over an alert's fields. */
import type { Notification } from '../notify-common/index.js'

export const TEMPLATE_VARS = ['title', 'description', 'severity', 'timestamp', 'footer', 'text', 'fields', 'fieldsText'] as const

export const DEFAULT_BODY = {
  title: '{{title}}',
  severity: '{{severity}}',
  description: '{{description}}',
  fields: '{{fields}}',
  timestamp: '{{timestamp}}',
  text: '{{text}}',
}

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g

/** The whole alert as plain text: title, description, then one `name: value` line per field. */
export function plainText(n: Notification): string {
  return [n.title, n.description, ...n.fields.map((f) => `${f.name}: ${f.value}`)].filter(Boolean).join('\n')
}

function values(n: Notification): Record<string, unknown> {
  return {
    title: n.title,
    description: n.description ?? '',
    severity: n.severity,
    timestamp: n.timestamp,
    footer: n.footer ?? '',
    text: plainText(n),
    fields: n.fields.map((f) => ({ name: f.name, value: f.value })),
    fieldsText: n.fields.map((f) => `${f.name}: ${f.value}`).join('\n'),
  }
}

/** Placeholders the template names that do not exist, for the start-up check. */
export function unknownPlaceholders(template: unknown): string[] {
  const out = new Set<string>()
  walk(template, (s) => {
    for (const m of s.matchAll(PLACEHOLDER)) if (!(TEMPLATE_VARS as readonly string[]).includes(m[1]!)) out.add(m[1]!)
    return s
  })
  return [...out]
}

export function fillTemplate(template: unknown, n: Notification): unknown {
  const v = values(n)
  return walk(template, (s) => {
    const whole = /^\{\{\s*([A-Za-z]+)\s*\}\}$/.exec(s)
    if (whole && whole[1]! in v) return v[whole[1]!]
    return s.replace(PLACEHOLDER, (m, name: string) => (name in v ? (typeof v[name] === 'string' ? (v[name] as string) : JSON.stringify(v[name])) : m))
  })
}

function walk(value: unknown, onString: (s: string) => unknown): unknown {
  if (typeof value === 'string') return onString(value)
  if (Array.isArray(value)) return value.map((x) => walk(x, onString))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, walk(x, onString)]))
  return value
}
