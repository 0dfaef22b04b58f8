/** String helpers shared by the renderers: safe truncation and cleaning of hostile input. */

export const ELLIPSIS = '…'

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g
// C0 controls other than tab and newline: APIs reject some, and none of them help a reader
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g

/** Well-formed UTF-16 (lone surrogates replaced) without control characters. */
export function clean(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd').replace(CONTROL, '')
}

/** Cuts to at most `max` UTF-16 units, ending with `…` when cut, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text
  if (max <= 0) return ''
  let cut = max - ELLIPSIS.length
  if (cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1))) cut--
  return text.slice(0, Math.max(0, cut)) + ELLIPSIS
}

export function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}

/** `position_closed` / `PositionClosed` / `position-closed` → `Position Closed`. */
export function humanize(id: string): string {
  const words = id
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .filter(Boolean)
  return words.map((w) => (w === w.toUpperCase() && w.length > 1 ? w : w[0].toUpperCase() + w.slice(1))).join(' ')
}

/** A short display of any value for a field: strings as they are, objects as compact JSON. */
export function display(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

/** Joins distinct values, listing at most `max` and counting the rest. */
export function joinDistinct(values: Iterable<string | undefined>, max = 20): string {
  const seen: string[] = []
  for (const v of values) if (v && !seen.includes(v)) seen.push(v)
  if (seen.length <= max) return seen.join(', ')
  return `${seen.slice(0, max).join(', ')} (+${seen.length - max} more)`
}
