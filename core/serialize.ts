/**
 * Serializes a record into one JSON line, once, on the main thread. Never throws:
 * circular references, BigInt, Map/Set, Buffer, undefined, functions, getters that throw
 * and very long strings all become something readable instead of costing the record.
 */
import { levelLabel } from './levels.js'
import { RESERVED_KEYS, type LogRecord } from './record.js'
import { NEEDS_RECORD, type FieldRedactor } from './field-redactor.js'

export interface SerializeLimits {
  maxStringLength: number
  maxDepth: number
  maxArrayLength: number
}

const hasOwn = Object.prototype.hasOwnProperty

/** ISO time strings are cached per millisecond: a burst of records shares one conversion. */
let lastTime = -1
let lastIso = ''
export function isoTime(ms: number): string {
  if (ms !== lastTime) {
    lastTime = ms
    lastIso = new Date(ms).toISOString()
  }
  return lastIso
}

/** `,"key":` for each field name seen, with reserved names renamed; bounded so odd keys can't grow it. */
const keyPrefixes = new Map<string, string>()
function keyPrefix(key: string): string {
  let p = keyPrefixes.get(key)
  if (p === undefined) {
    p = `,${JSON.stringify(RESERVED_KEYS.has(key) ? `field_${key}` : key)}:`
    if (keyPrefixes.size > 4096) keyPrefixes.clear()
    keyPrefixes.set(key, p)
  }
  return p
}

/** `","level":"info","category":"system","message":` per category and level, built once each. */
const heads = new Map<string, Map<number, string>>()
function head(level: number, category: string): string {
  let byLevel = heads.get(category)
  if (byLevel === undefined) {
    if (heads.size > 256) heads.clear()
    byLevel = new Map()
    heads.set(category, byLevel)
  }
  let h = byLevel.get(level)
  if (h === undefined) {
    h = `","level":"${levelLabel(level)}","category":${JSON.stringify(category)},"message":`
    byLevel.set(level, h)
  }
  return h
}

/** Below this length a string is checked char by char; a longer one goes to JSON.stringify at once. */
const QUOTE_SCAN_MAX = 64

/**
 * JSON.stringify(s), exactly: a short string with nothing to escape (no control character, quote,
 * backslash or surrogate) is wrapped in quotes without calling into the runtime, which costs more
 * than the scan for the short values most fields hold.
 */
export function quote(s: string): string {
  const n = s.length
  if (n > QUOTE_SCAN_MAX) return JSON.stringify(s)
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i)
    if (c < 32 || c === 34 || c === 92 || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s)
  }
  return `"${s}"`
}

export function createSerializer(limits: SerializeLimits) {
  const { maxStringLength, maxDepth, maxArrayLength } = limits

  function str(s: string): string {
    if (s.length > maxStringLength) {
      s = `${s.slice(0, maxStringLength)}…[truncated ${s.length - maxStringLength} chars]`
    }
    return quote(s)
  }

  /** JSON text for any value; `undefined` result means "omit this key". */
  function value(v: unknown, depth: number, ancestors: object[]): string | undefined {
    switch (typeof v) {
      case 'string':
        return str(v)
      case 'number':
        return Number.isFinite(v) ? String(v) : JSON.stringify(String(v))
      case 'boolean':
        return v ? 'true' : 'false'
      case 'bigint':
        return JSON.stringify(v.toString())
      case 'undefined':
        return undefined
      case 'function':
        return JSON.stringify(`[Function ${(v as { name?: string }).name || 'anonymous'}]`)
      case 'symbol':
        return JSON.stringify(v.toString())
    }
    if (v === null) return 'null'
    return object(v as object, depth, ancestors)
  }

  function object(o: object, depth: number, ancestors: object[]): string {
    if (ancestors.includes(o)) return '"[Circular]"'
    if (o instanceof Date) return Number.isNaN(o.getTime()) ? '"Invalid Date"' : `"${o.toISOString()}"`
    if (depth >= maxDepth) return Array.isArray(o) ? '"[Array]"' : '"[Object]"'
    ancestors.push(o)
    try {
      if (o instanceof Error) return error(o, depth, ancestors)
      if (Array.isArray(o)) return array(o, depth, ancestors)
      if (ArrayBuffer.isView(o)) return bytes(new Uint8Array(o.buffer, o.byteOffset, o.byteLength), o.constructor.name)
      if (o instanceof ArrayBuffer) return bytes(new Uint8Array(o), 'ArrayBuffer')
      if (o instanceof Map) return map(o, depth, ancestors)
      if (o instanceof Set) return array([...o], depth, ancestors)
      if (o instanceof RegExp || o instanceof URL) return JSON.stringify(String(o))
      if (typeof (o as { toJSON?: unknown }).toJSON === 'function') {
        return value((o as { toJSON(): unknown }).toJSON(), depth + 1, ancestors) ?? 'null'
      }
      return plain(o as Record<string, unknown>, depth, ancestors)
    } catch (err) {
      return JSON.stringify(`[Unserializable: ${err instanceof Error ? err.message : String(err)}]`)
    } finally {
      ancestors.pop()
    }
  }

  function plain(o: Record<string, unknown>, depth: number, ancestors: object[]): string {
    let out = ''
    for (const key in o) {
      if (!hasOwn.call(o, key)) continue
      const text = property(o, key, depth, ancestors)
      if (text === undefined) continue
      out += `${out ? ',' : ''}${JSON.stringify(key)}:${text}`
    }
    return `{${out}}`
  }

  /** A getter may throw; the record is kept with a note in that key's place. */
  function property(o: Record<string, unknown>, key: string, depth: number, ancestors: object[]) {
    try {
      return value(o[key], depth + 1, ancestors)
    } catch (err) {
      return JSON.stringify(`[Unserializable: ${err instanceof Error ? err.message : String(err)}]`)
    }
  }

  function array(a: unknown[], depth: number, ancestors: object[]): string {
    const n = Math.min(a.length, maxArrayLength)
    let out = ''
    for (let i = 0; i < n; i++) out += `${i ? ',' : ''}${value(a[i], depth + 1, ancestors) ?? 'null'}`
    if (a.length > n) out += `,"…[${a.length - n} more items]"`
    return `[${out}]`
  }

  function map(m: Map<unknown, unknown>, depth: number, ancestors: object[]): string {
    let out = ''
    let i = 0
    for (const [k, v] of m) {
      if (i++ >= maxArrayLength) {
        out += `${out ? ',' : ''}"…":"[${m.size - maxArrayLength} more entries]"`
        break
      }
      const text = value(v, depth + 1, ancestors)
      if (text === undefined) continue
      const key = typeof k === 'string' ? k : (value(k, depth + 1, ancestors) ?? 'undefined')
      out += `${out ? ',' : ''}${JSON.stringify(key)}:${text}`
    }
    return `{${out}}`
  }

  function bytes(b: Uint8Array, type: string): string {
    const cap = Math.floor((maxStringLength * 3) / 4)
    const shown = b.byteLength > cap ? b.subarray(0, cap) : b
    const base64 = Buffer.from(shown.buffer, shown.byteOffset, shown.byteLength).toString('base64')
    return `{"type":${JSON.stringify(type)},"length":${b.byteLength},"base64":"${base64}"${b.byteLength > cap ? ',"truncated":true' : ''}}`
  }

  function error(e: Error, depth: number, ancestors: object[]): string {
    let out = `"type":${str(e.name || e.constructor?.name || 'Error')},"message":${str(String(e.message))}`
    if (e.stack) out += `,"stack":${str(e.stack)}`
    const code = (e as { code?: unknown }).code
    if (code !== undefined) out += `,"code":${value(code, depth + 1, ancestors) ?? 'null'}`
    if (e.cause !== undefined) out += `,"cause":${value(e.cause, depth + 1, ancestors) ?? 'null'}`
    if (e instanceof AggregateError) out += `,"errors":${array(e.errors, depth, ancestors)}`
    for (const key in e) {
      if (!hasOwn.call(e, key) || key === 'code' || key === 'cause' || key === 'stack' || key === 'message' || key === 'errors') continue
      const text = property(e as unknown as Record<string, unknown>, key, depth, ancestors)
      if (text !== undefined) out += `,${JSON.stringify(key)}:${text}`
    }
    return `{${out}}`
  }

  // the previous record's keys by position: most records of a call site have the same keys in the
  // same order, and comparing an interned key is cheaper than a Map lookup
  const seenKeys: string[] = []
  const seenPrefixes: string[] = []
  function prefixAt(i: number, key: string): string {
    if (seenKeys[i] === key) return seenPrefixes[i]!
    const prefix = keyPrefix(key)
    if (i < 64) {
      seenKeys[i] = key
      seenPrefixes[i] = prefix
    }
    return prefix
  }

  /**
   * Top-level fields: written as `,"key":value` pairs; reserved names get a `field_` prefix. With
   * a `redactor` (core/field-redactor.ts) each value passes through it first, and undefined means
   * a field needs the whole record: the caller then takes the redact hook's path.
   */
  function writeFields(f: Record<string, unknown>, event: string | undefined, redactor: FieldRedactor | undefined): string | undefined {
    let out = ''
    const ancestors: object[] = [f]
    let i = 0
    for (const key in f) {
      if (!hasOwn.call(f, key)) continue
      const at = i++
      let v: unknown
      try {
        v = f[key]
      } catch (err) {
        // the hook path writes what a throwing getter becomes, scanned
        if (redactor !== undefined) return undefined
        out += prefixAt(at, key) + JSON.stringify(`[Unserializable: ${err instanceof Error ? err.message : String(err)}]`)
        continue
      }
      // an `event` field became the record's event; writing it twice would only rename it
      if (key === 'event' && v === event && event !== undefined) continue
      if (redactor !== undefined) {
        v = redactor.field(f, key, v, at)
        if (v === NEEDS_RECORD) return undefined
      }
      let text: string | undefined
      // the common primitives inline, to stay on V8's fast paths
      if (typeof v === 'string') text = v.length > maxStringLength ? str(v) : quote(v)
      else if (typeof v === 'number' && Number.isFinite(v)) text = String(v)
      else text = value(v, 1, ancestors)
      if (text !== undefined) out += prefixAt(at, key) + text
    }
    return out
  }

  /** Without a redactor, writeFields always has a text. */
  const fields = (f: Record<string, unknown>, event?: string): string => writeFields(f, event, undefined)!

  /** The line around the fields' text: time, level, category, message, event, ids, bindings. */
  function assemble(r: LogRecord, messageJson: string, event: string | undefined, correlationId: string | undefined, fieldsText: string): string {
    let out = `{"timestamp":"${isoTime(r.time)}${head(r.level, r.category)}${messageJson}`
    if (event !== undefined) out += `,"event":${str(event)}`
    out += `,"event_id":"${r.eventId}"`
    if (correlationId !== undefined) out += `,"correlation_id":${str(correlationId)}`
    return `${out}${r.bindings}${fieldsText}}`
  }

  // most calls repeat the previous call's message: its JSON text is reused
  let lastMessage = ''
  let lastMessageJson = '""'
  function message(m: string): string {
    if (m !== lastMessage) {
      lastMessageJson = str(m)
      lastMessage = m
    }
    return lastMessageJson
  }

  function line(r: LogRecord): string {
    return assemble(r, message(r.message), r.event, r.correlationId, fields(r.fields, r.event))
  }

  // the same cache for the single pass, keyed by the message before redaction
  let lastRawMessage = ''
  let lastRedactedJson = '""'

  /**
   * `line()` of the record the redact hook would make, in one pass (core/field-redactor.ts);
   * undefined when the record needs the hook path: an `event` field naming the record's event,
   * a message template, a field the redactor cannot handle here.
   */
  function redactedLine(r: LogRecord, redactor: FieldRedactor): string | undefined {
    if (r.render !== undefined) return undefined
    if (r.event !== undefined && r.fields.event === r.event) return undefined
    const fieldsText = writeFields(r.fields, r.event, redactor)
    if (fieldsText === undefined) return undefined
    if (r.message !== lastRawMessage) {
      lastRedactedJson = str(redactor.text(r.message, 'message'))
      lastRawMessage = r.message
    }
    const event = r.event === undefined ? undefined : redactor.text(r.event, 'event')
    const correlationId = r.correlationId === undefined ? undefined : redactor.text(r.correlationId, 'correlation_id')
    return assemble(r, lastRedactedJson, event, correlationId, fieldsText)
  }

  return { line, redactedLine, fields, value: (v: unknown) => value(v, 0, []) ?? 'null' }
}

export type Serializer = ReturnType<typeof createSerializer>
