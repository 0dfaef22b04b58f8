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
