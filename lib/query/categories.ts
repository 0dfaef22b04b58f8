/** An unknown category is a mistake to report (with the known ones), not a filter that matches nothing. */
import { didYouMean } from '../util/index.js'
import { FilterError } from './filter.js'

/** Throws a FilterError naming the first of `wanted` that `known` lacks, the closest known ones and all of them. */
export function checkCategories(wanted: readonly string[] | undefined, known: Iterable<string>, where = 'here'): void {
  if (!wanted?.length) return
  const names = [...new Set(known)].sort()
  const set = new Set(names)
  for (const category of wanted) {
    if (set.has(category)) continue
    const hint = didYouMean(category, names)
    throw new FilterError(`unknown category "${category}" ${where}.${hint} Known categories: ${names.join(', ') || '(none)'}.`)
  }
}
