/**
 * A user's regex (/tail, /recent, `logwarden tail --regex`), compiled by re2js: RE2's automata
 * match in time linear in the line, so no pattern can stall the process that runs it. V8's
 * backtracking took 4 s for `[^#]*#` over a few 16 KB lines, and a shape check cannot list every
 * such pattern. The price is RE2's syntax: no backreferences, no lookaround (refused as invalid).
 */
import { createRequire } from 'node:module'
import type { RE2JS as RE2JSClass } from 're2js'

let re2: typeof RE2JSClass | undefined
/**
 * Loaded at the first regex, not with the module: the sink-file worker and rotate import this
 * package (through lib/log-dir) and never compile a regex, and re2js is 260 KB to parse (~30 ms).
 */
function engine(): typeof RE2JSClass {
  re2 ??= (createRequire(import.meta.url)('re2js') as { RE2JS: typeof RE2JSClass }).RE2JS
  return re2
}

/** Longer patterns are refused before compiling: matching costs pattern length × line length. */
export const MAX_REGEX_LENGTH = 256

export interface UserRegex {
  readonly source: string
  test(line: string): boolean
}

/** The compiled pattern, or an Error whose message says why RE2 refuses it. */
export function compileUserRegex(source: string): UserRegex {
  if (source.length > MAX_REGEX_LENGTH) throw new Error(`it is ${source.length} characters long; the limit is ${MAX_REGEX_LENGTH}`)
  const re = engine().compile(source)
  return { source, test: (line) => re.test(line) }
}
