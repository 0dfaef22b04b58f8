/**
 * Why a user's regex could stall the process, or undefined when it looks safe. A /tail or /recent
 * regex runs on the host's event loop against log lines an outsider may fill ("user input aaaa…"),
 * and V8 backtracks: `(a+)+b` on 27 characters took 13 s. safe-regex2 (fastify's) refuses nested
 * quantifiers; it does not see two other shapes we measured, so they are refused here too:
 *   - alternatives under a repeat: `(a|a)*b` took 16 s on 40 characters;
 *   - more than one unbounded quantifier: `.*.*z` took 15 s on one 4 KB line (polynomial).
 * Backreferences make matching NP-hard, so they go as well. Conservative on purpose: what is
 * refused can almost always be said with `grep` (a plain substring) or `where` (a field).
 */
import { createRequire } from 'node:module'
import type safeRegexModule from 'safe-regex2'
import type retModule from 'ret'
import type { Tokens } from 'ret'

interface Analysers {
  safeRegex: typeof safeRegexModule
  tokenize: typeof retModule.default
  types: typeof retModule.types
}

let analysers: Analysers | undefined
/**
 * Loaded at the first regex, not with the module: the sink-file worker and rotate import this
 * module's package (lib/query, through lib/log-dir) and never check a regex, and the two
 * CommonJS packages cost ~70 ms of start-up on a loaded machine.
 */
function load(): Analysers {
  if (!analysers) {
    const require = createRequire(import.meta.url)
    // ret is CommonJS whose module.exports IS the tokenizer (with .types on it); its typings describe an ES default export
    const ret = require('ret') as typeof retModule.default & { types: typeof retModule.types }
    analysers = { safeRegex: require('safe-regex2') as typeof safeRegexModule, tokenize: ret, types: ret.types }
  }
  return analysers
}

/** Patterns longer than this are refused before any analysis. */
export const MAX_REGEX_LENGTH = 256
/** product of the choices bounded repeats give (`{0,9}` gives 10, `?` 2): a bound on backtracking */
const MAX_BOUNDED_CHOICES = 256

interface Walk {
  unbounded: number
  choices: number
  problem?: string
}

export function regexRisk(source: string): string | undefined {
  if (source.length > MAX_REGEX_LENGTH) return `it is ${source.length} characters long; the limit is ${MAX_REGEX_LENGTH}`
  const { safeRegex, tokenize, types } = load()
  if (!safeRegex(source)) return 'it nests quantifiers (like (a+)+) or has too many of them'
  let root: Tokens
  try {
    root = tokenize(source)
  } catch {
    return 'it uses syntax the safety check cannot analyse (e.g. a lookbehind)'
  }
  const w: Walk = { unbounded: 0, choices: 1 }
  walk(root, w, 0, types)
  if (w.problem) return w.problem
  if (w.unbounded > 1) return `it has ${w.unbounded} unbounded quantifiers (*, +, {n,}); at most one is allowed`
  if (w.choices > MAX_BOUNDED_CHOICES) return 'its bounded quantifiers ({m,n}, ?) allow too many combinations'
  return undefined
}

/** `repeats`: how many enclosing repeats may run more than once. */
function walk(node: Tokens, w: Walk, repeats: number, types: Analysers['types']): void {
  if (w.problem) return
  switch (node.type) {
    case types.REFERENCE:
      w.problem = 'it uses a backreference (\\1)'
      return
    case types.REPETITION: {
      const max = node.max
      if (max === Infinity || max === null) w.unbounded++
      else w.choices *= max - node.min + 1
      walk(node.value, w, max === 1 ? repeats : repeats + 1, types)
      return
    }
    case types.ROOT:
    case types.GROUP: {
      if (node.options) {
        if (repeats > 0) {
          w.problem = 'it repeats a group of alternatives (like (a|b)*)'
          return
        }
        for (const option of node.options) for (const t of option) walk(t, w, repeats, types)
      }
      for (const t of node.stack ?? []) walk(t, w, repeats, types)
      return
    }
    default:
      return // a character, a set or a position: one step each
  }
}
