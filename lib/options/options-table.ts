/**
 * A plugin README's options table, rendered from its option schema so the two cannot drift:
 * `npm run docs:options` rewrites the table between the markers, test/options-docs checks it.
 */
import { DURATION_PATTERN, SIZE_PATTERN } from '../util/index.js'

export const TABLE_START = '<!-- options:start (generated from the schema by npm run docs:options; edit the schema) -->'
export const TABLE_END = '<!-- options:end -->'

type Schema = Record<string, unknown> & {
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  anyOf?: Schema[]
  items?: Schema
  properties?: Record<string, Schema>
  minimum?: number
  maximum?: number
  pattern?: string
  lwPath?: string
  description?: string
  default?: unknown
  docType?: string
  docDefault?: string
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')

/** How the type reads in the table; `docType` in the schema overrides it. */
export function typeLabel(s: Schema): string {
  if (s.docType) return s.docType
  if (s.lwPath) return `${s.lwPath === 'dir' ? 'directory' : 'file'} path`
  if (s.anyOf) {
    if (s.anyOf.some((b) => b.pattern === SIZE_PATTERN)) return 'size'
    if (s.anyOf.some((b) => b.pattern === DURATION_PATTERN)) return 'duration'
    return s.anyOf.map(typeLabel).join(' or ')
  }
  if (s.enum) return s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' or ')
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``
  if (s.type === 'array') return `${s.items ? typeLabel(s.items) : 'value'}[]`
  if (s.type === 'integer' || s.type === 'number') {
    const { minimum: lo, maximum: hi } = s
    if (lo !== undefined && hi !== undefined && hi < 2 ** 31 - 1) return `${s.type} ${lo}–${hi}`
    if (lo !== undefined) return `${s.type} ≥ ${lo}${hi === 2 ** 31 - 1 ? ' (ms, ≤ 2³¹−1)' : ''}`
    return s.type
  }
  if (Array.isArray(s.type)) return s.type.join(' or ')
  return s.type ?? 'value'
}

/** One row per option; an object option's own options follow it as `parent.child` rows, unless its `docType` spells them out. */
function rows(props: Record<string, Schema>, prefix: string): string[] {
  return Object.entries(props).flatMap(([name, s]) => {
    const def = s.docDefault ?? (s.default === undefined ? '—' : `\`${JSON.stringify(s.default)}\``)
    const row = `| \`${prefix}${name}\` | ${cell(typeLabel(s))} | ${cell(def)} | ${cell(s.description ?? '')} |`
    return [row, ...(s.properties && !s.docType ? rows(s.properties, `${prefix}${name}.`) : [])]
  })
}

export function optionsTable(schema: object): string {
  return ['| option | type | default | meaning |', '| --- | --- | --- | --- |', ...rows((schema as Schema).properties ?? {}, '')].join('\n')
}

/** The README with its marked table replaced; undefined when it has no markers. */
export function withOptionsTable(readme: string, schema: object): string | undefined {
  const a = readme.indexOf(TABLE_START)
  const b = readme.indexOf(TABLE_END)
  if (a < 0 || b < a) return undefined
  return `${readme.slice(0, a + TABLE_START.length)}\n${optionsTable(schema)}\n${readme.slice(b)}`
}
