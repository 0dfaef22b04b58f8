/**
 * A user's regex (/tail, /recent, `logwarden tail --regex`), compiled by re2js: RE2's automata
 * match in time linear in the line, so no pattern can stall the process that runs it. V8's
 * backtracking took 4 s for `[^#]*#` over a few 16 KB lines, and a shape check cannot list every
 * such pattern. The price is RE2's syntax: no backreferences, no lookaround (refused as invalid).
 */
import { RE2JS } from 're2js'

/** Longer patterns are refused before compiling: matching costs pattern length × line length. */
export const MAX_REGEX_LENGTH = 256

export interface UserRegex {
  readonly source: string
  test(line: string): boolean
}

/** The compiled pattern, or an Error whose message says why RE2 refuses it. */
export function compileUserRegex(source: string): UserRegex {
  if (source.length > MAX_REGEX_LENGTH) throw new Error(`it is ${source.length} characters long; the limit is ${MAX_REGEX_LENGTH}`)
  const re = RE2JS.compile(source)
  return { source, test: (line) => re.test(line) }
}
