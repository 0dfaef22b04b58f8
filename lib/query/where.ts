/**
 * `--where` pairs as one predicate, with the meaning journalctl gives its matches: the same key
 * repeated is an OR of its values (`--where sym=MNQ --where sym=ES`: either symbol), different
 * keys are ANDed (`--where sym=MNQ --where account_id=A1`: both). The CLI (query, tail, tail
 * --dir), readLogs and the control API (/tail, /recent) all filter through here.
 */
import { fieldMatches, getPath } from './field-match.js'

export type WherePairs = ReadonlyArray<readonly [string, unknown]>

export function compileWhere(pairs: WherePairs): (record: Record<string, unknown>) => boolean {
  const byKey = new Map<string, unknown[]>()
  for (const [path, expected] of pairs) {
    const values = byKey.get(path)
    if (values) values.push(expected)
    else byKey.set(path, [expected])
  }
  const groups = [...byKey]
  return (record) => {
    for (const [path, values] of groups) {
      const actual = getPath(record, path)
      if (!values.some((expected) => fieldMatches(actual, expected))) return false
    }
    return true
  }
}
