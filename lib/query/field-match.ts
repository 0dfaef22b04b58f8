/**
 * Field equality as `--where key=value`, readLogs({ where }) and the control API's tail filters
 * mean it: dotted paths, and command-line strings matching numbers and booleans by their text.
 */
export function getPath(record: Record<string, unknown>, path: string): unknown {
  if (path in record) return record[path]
  let value: unknown = record
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<string, unknown>)[key]
  }
  return value
}

export function fieldMatches(actual: unknown, expected: unknown): boolean {
  if (actual === expected) return true
  if (actual === undefined || actual === null) return false
  // values typed on a command line are strings: `account_id=123` matches the number 123
  if (typeof expected === 'string' && (typeof actual === 'number' || typeof actual === 'boolean')) return String(actual) === expected
  if (typeof actual === 'object' && typeof expected === 'object') return JSON.stringify(actual) === JSON.stringify(expected)
  return false
}

/**
 * Order of a field against a command-line value (`--where qty>2`, `--where timestamp<2026-11-20`):
 * numerically when both read as numbers, else as text (ISO times order as text). NaN when the
 * field is absent or not a scalar: no ordering holds then.
 */
export function compareField(actual: unknown, expected: unknown): number {
  if (actual === undefined || actual === null || typeof actual === 'object') return Number.NaN
  const a = typeof actual === 'number' ? actual : Number(actual)
  const b = typeof expected === 'number' ? expected : Number(expected)
  if (String(actual).trim() !== '' && String(expected).trim() !== '' && Number.isFinite(a) && Number.isFinite(b)) return a - b
  const x = String(actual)
  const y = String(expected)
  return x < y ? -1 : x > y ? 1 : 0
}
