/**
 * printf-style messages as pino writes them (quick-format-unescaped): `%s` String(), `%d`/`%f`
 * Number(), `%i` Math.floor(Number()), `%j`/`%o`/`%O` JSON (a string quoted, a function by its
 * name), `%%` a percent sign. A `null`/`undefined` argument leaves `%d %i %f` (and `undefined`
 * leaves `%j %o %O`) in the text, as pino does. Unlike pino, arguments left over after the last
 * placeholder are appended (space-separated, as console.log does) instead of dropped.
 */

/** True when `s` holds a placeholder that consumes an argument (`%%` alone does not). */
export function hasPlaceholder(s: string): boolean {
  let i = s.indexOf('%')
  while (i !== -1 && i + 1 < s.length) {
    const c = s.charCodeAt(i + 1)
    // s d i f j o O
    if (c === 115 || c === 100 || c === 105 || c === 102 || c === 106 || c === 111 || c === 79) return true
    i = s.indexOf('%', c === 37 ? i + 2 : i + 1)
  }
  return false
}

/** `json` writes one value as JSON text and never throws (the record serializer's). */
export function printf(f: string, args: ArrayLike<unknown>, from: number, json: (v: unknown) => string): string {
  const argLen = args.length
  if (from >= argLen) return f
  let a = from
  let str = ''
  let lastPos = 0
  const n = f.length
  for (let i = 0; i < n - 1; i++) {
    if (f.charCodeAt(i) !== 37) continue
    const c = f.charCodeAt(i + 1)
    let text: string | undefined
    if (c === 37) text = '%'
    else if (a < argLen) {
      const v = args[a]
      switch (c) {
        case 100: // d
        case 102: // f
          if (v != null) text = String(Number(v))
          break
        case 105: // i
          if (v != null) text = String(Math.floor(Number(v)))
          break
        case 106: // j
        case 111: // o
        case 79: // O
          if (v !== undefined) text = typeof v === 'string' ? `'${v}'` : typeof v === 'function' ? v.name || '<anonymous>' : json(v)
          break
        case 115: // s
          text = safeString(v)
          break
      }
    }
    // pino moves to the next argument for any `%x` but `%%`, written or not
    if (c !== 37) a++
    if (text === undefined) continue
    str += f.slice(lastPos, i) + text
    lastPos = i + 2
    i++
  }
  str += f.slice(lastPos)
  for (; a < argLen; a++) {
    const v = args[a]
    str += ` ${typeof v === 'string' ? v : v !== null && typeof v === 'object' ? json(v) : safeString(v)}`
  }
  return str
}

function safeString(v: unknown): string {
  try {
    return String(v)
  } catch {
    return '[unprintable]'
  }
}
