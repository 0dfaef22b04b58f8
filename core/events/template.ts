/**
 * Message templates: `Order {order_id} filled at {price}`. Compiled once per event into literal
 * parts and field paths, so rendering is a join. A missing field leaves its `{name}` in the text,
 * where a reader sees what was not given.
 */
export type Render = (fields: Record<string, unknown>) => string

const PLACEHOLDER = /\{([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)\}/g

/** The field names (dotted paths) a template reads. */
export function templateFields(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1])
}

export function compileTemplate(template: string): Render {
  const literals: string[] = []
  const paths: string[][] = []
  let last = 0
  for (const m of template.matchAll(PLACEHOLDER)) {
    literals.push(template.slice(last, m.index))
    paths.push(m[1].split('.'))
    last = m.index + m[0].length
  }
  const tail = template.slice(last)
  if (paths.length === 0) return () => template
  return (fields) => {
    let out = ''
    for (let i = 0; i < paths.length; i++) out += literals[i] + text(fields, paths[i])
    return out + tail
  }
}

function text(fields: Record<string, unknown>, path: string[]): string {
  let v: unknown = fields
  for (const key of path) {
    if (v === null || typeof v !== 'object') return `{${path.join('.')}}`
    v = (v as Record<string, unknown>)[key]
  }
  if (v === undefined) return `{${path.join('.')}}`
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v === null) return String(v)
  try {
    return JSON.stringify(v) ?? String(v)
  } catch {
    return String(v)
  }
}
