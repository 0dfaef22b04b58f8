/**
 * Text from a record, made safe for a terminal: every C0 and C1 control character (ESC, CSI,
 * BEL, backspace, carriage return, newline…) and DEL is shown escaped, so a logged value cannot
 * move the cursor, recolor or clear the operator's screen (ANSI injection) nor start a line of
 * its own that looks like another record. U+2028/U+2029 (line and paragraph separators) and the
 * bidirectional overrides are escaped as well: some terminals break lines at the first, and the
 * second reorder what is shown (a forged line that reads differently from its bytes).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/
const UNSAFE_ALL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

export function sanitize(s: string): string {
  if (!UNSAFE.test(s)) return s
  return s.replace(UNSAFE_ALL, (ch) => {
    if (ch === '\n') return '\\n'
    if (ch === '\r') return '\\r'
    if (ch === '\t') return '\\t'
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`
  })
}
