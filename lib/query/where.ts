/**
 * `--where` terms as one predicate. Equality has the meaning journalctl gives its matches: the
 * same key repeated is an OR of its values (`--where sym=MNQ --where sym=ES`: either symbol),
 * different keys are ANDed (`--where sym=MNQ --where account_id=A1`: both). The other operators
 * (`!=`, `>`, `<`, `>=`, `<=`, existence `key`, absence `!key`) each must hold. The CLI (query,
 * tail, tail --dir), readLogs and the control API (/tail, /recent) all filter through here.
 */
import { compareField, fieldMatches, getPath } from './field-match.js'

export type WhereOp = '=' | '!=' | '>' | '<' | '>=' | '<=' | 'exists' | 'missing'

/** [path, value] is equality; a third element names another operator (value unused for exists/missing). */
export type WhereTerm = readonly [string, unknown] | readonly [string, unknown, WhereOp]
export type WherePairs = ReadonlyArray<WhereTerm>

function holds(op: WhereOp, actual: unknown, expected: unknown): boolean {
  switch (op) {
    case '!=':
      return !fieldMatches(actual, expected)
    case 'exists':
      return actual !== undefined && actual !== null
    case 'missing':
      return actual === undefined || actual === null
    case '>':
      return compareField(actual, expected) > 0
    case '<':
      return compareField(actual, expected) < 0
    case '>=':
      return compareField(actual, expected) >= 0
    case '<=':
      return compareField(actual, expected) <= 0
    default:
      return fieldMatches(actual, expected)
  }
}

export function compileWhere(terms: WherePairs): (record: Record<string, unknown>) => boolean {
  const equal = new Map<string, unknown[]>()
  const others: Array<[string, WhereOp, unknown]> = []
  for (const [path, expected, op] of terms) {
    if (op !== undefined && op !== '=') {
      others.push([path, op, expected])
      continue
    }
    const values = equal.get(path)
    if (values) values.push(expected)
    else equal.set(path, [expected])
  }
  const groups = [...equal]
  return (record) => {
    for (const [path, values] of groups) {
      const actual = getPath(record, path)
      if (!values.some((expected) => fieldMatches(actual, expected))) return false
    }
    for (const [path, op, expected] of others) if (!holds(op, getPath(record, path), expected)) return false
    return true
  }
}

/**
 * Text every matching JSON line must contain, for a test on the raw line before it is parsed:
 * for each key compared by equality, one of its values as JSON writes it (a value JSON would
 * escape gives no hint). A line without any of them cannot match; a line with one may.
 */
export function whereHints(terms: WherePairs): string[][] {
  const byKey = new Map<string, string[] | undefined>()
  for (const [path, expected, op] of terms) {
    if (op !== undefined && op !== '=') continue
    const text = String(expected)
    const plain = typeof expected !== 'object' && text !== '' && JSON.stringify(text) === `"${text}"`
    if (!byKey.has(path)) byKey.set(path, [])
    const list = byKey.get(path)
    if (!list) continue
    if (plain) list.push(text)
    else byKey.set(path, undefined) // one value without a hint: the key gives none
  }
  return [...byKey.values()].filter((v): v is string[] => v !== undefined && v.length > 0)
}
