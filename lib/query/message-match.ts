/**
 * `--grep` and `--regex` as an operator means them: on the record's message, with smart case
 * (as ripgrep and less: case-insensitive unless the pattern has an uppercase letter). A cheap
 * test on the raw JSON line runs first, so most lines that cannot match are never parsed.
 */
import { compileUserRegex } from './user-regex.js'

export interface MessageMatch {
  /** the test on the parsed record */
  test(record: Record<string, unknown>): boolean
  /** a test on the raw line that only refuses lines that cannot match; absent when there is none */
  lineHint?: (line: string) => boolean
}

/** Smart case: a pattern with no uppercase letter ignores case. */
export function ignoresCase(pattern: string): boolean {
  return pattern === pattern.toLowerCase()
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

function messageOf(record: Record<string, unknown>): string {
  const m = record.message
  return typeof m === 'string' ? m : m === undefined || m === null ? '' : String(m)
}

/** The message contains `text` (smart case). */
export function compileMessageGrep(text: string): MessageMatch {
  const fold = ignoresCase(text)
  // JSON escapes some characters (quotes, backslashes, controls): only then is the raw line no guide
  const plainInJson = JSON.stringify(text) === `"${text}"`
  if (!fold) {
    return { test: (r) => messageOf(r).includes(text), lineHint: plainInJson ? (line) => line.includes(text) : undefined }
  }
  const lower = text.toLowerCase()
  // a literal, case-folded: V8 runs this without backtracking
  const onLine = new RegExp(escapeRegExp(text), 'i')
  return {
    test: (r) => messageOf(r).toLowerCase().includes(lower),
    lineHint: plainInJson ? (line) => onLine.test(line) : undefined,
  }
}

/** The message matches `source` (RE2 syntax, linear time; smart case). */
export function compileMessageRegex(source: string): MessageMatch {
  const re = compileUserRegex(ignoresCase(source) ? `(?i)${source}` : source)
  return { test: (r) => re.test(messageOf(r)) }
}
