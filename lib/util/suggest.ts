/** "Did you mean …": the closest known names to a typo, by edit distance (commands, flags, categories). */

/** Levenshtein distance with adjacent transpositions counted as one edit (`stauts` → `status`). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1
  const cols = b.length + 1
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1)
      d[i]![j] = best
    }
  }
  return d[a.length]![b.length]!
}

/**
 * The known names close enough to `input` to be what was meant, closest first: at most a third of
 * the name's letters wrong (at least one), or `input` a prefix of the name.
 */
export function suggest(input: string, known: readonly string[], max = 3): string[] {
  const typed = input.toLowerCase()
  const scored: Array<[string, number]> = []
  for (const name of new Set(known)) {
    const candidate = name.toLowerCase()
    const distance = editDistance(typed, candidate)
    const limit = Math.max(1, Math.floor(Math.max(typed.length, candidate.length) / 3))
    if (distance <= limit) scored.push([name, distance])
    else if (typed.length >= 2 && candidate.startsWith(typed)) scored.push([name, limit + 1])
  }
  return scored
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, max)
    .map(([name]) => name)
}

/** ` Did you mean "a" or "b"?` (with a leading space), or '' when nothing is close. */
export function didYouMean(input: string, known: readonly string[], quote = (s: string) => `"${s}"`): string {
  const names = suggest(input, known)
  if (names.length === 0) return ''
  return ` Did you mean ${names.map(quote).join(' or ')}?`
}
