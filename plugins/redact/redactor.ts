/**
 * The redaction walk. It visits a record's fields the way core/serialize.ts will write them (same
 * depth limit, array cap, cycle rule, Error/Map/Set/URL/toJSON handling), so whatever reaches the
 * JSON line was looked at, and it copies on write: the caller's objects are never changed, and a
 * record with nothing to censor comes back as the very same object.
 */
import type { LogRecord } from '../../core/record.js'
import { NEEDS_RECORD, type FieldRedactor } from '../../core/field-redactor.js'
import { REDACTED, REMOVE, createCensor, type Censor, type CensorFunction, type CensorMode } from './censor.js'
import { createKeyMatcher } from './keys.js'
import { childOf, compilePaths, type PathNode } from './paths.js'
import { createScanner, type CustomPattern, type Scanner } from './patterns.js'

export interface RedactorOptions {
  /** key paths into `record.fields`: `apiKey`, `*.password`, `headers.authorization`, `orders[*].card` */
  paths?: readonly string[]
  /** extra secret key names, matched at any depth like the defaults */
  keys?: readonly string[]
  defaultKeys?: boolean
  /** true (all), false (none) or the names of built-in value patterns */
  patterns?: boolean | readonly string[]
  customPatterns?: readonly CustomPattern[]
  censor?: CensorMode | CensorFunction
  maskKeep?: number
  /** option path used in start-up errors, e.g. `plugins[1].redact` */
  where?: string
}

/** The serializer's limits (ResolvedConfig.record); the walk stops where the serializer stops. */
export interface RedactLimits {
  maxDepth: number
  maxArrayLength: number
  /** the serializer shows 3/4 of this many bytes of a Buffer; absent: every byte is scanned */
  maxStringLength?: number
}

export const DEFAULT_LIMITS: RedactLimits = { maxDepth: 10, maxArrayLength: 1000, maxStringLength: 16 * 1024 }
/** bytes scanned past what the serializer shows, so a secret cut by its limit is still recognized */
const BYTES_MARGIN = 8192

export interface Redactor {
  /** the record itself when nothing was censored, else a copy; `bindings` is never touched */
  redactRecord(record: LogRecord): LogRecord
  /** the same value when nothing was censored, else a copy (paths apply from this value's root) */
  redactValue(value: unknown): unknown
  /** value patterns only */
  redactString(s: string): string
  /** the same redaction, one top-level field and the record's texts at a time, for the serializer's single pass */
  fieldRedactor: FieldRedactor
}

const hasOwn = Object.prototype.hasOwnProperty
/** key verdict bits */
const SECRET_NAME = 1
const HOLDS_SECRET = 2
const VERDICT_CACHE_LIMIT = 4096
/** Error keys the serializer writes itself, outside its own-property loop */
const ERROR_KEYS = new Set(['message', 'stack', 'code', 'cause', 'errors'])
/** passed for primitives, which never touch the ancestor list */
const NO_ANCESTORS: object[] = []

/** Compiles the options (throws LW_ERR_REDACT_* on bad paths or regexes) into a redactor. */
export function createRedactor(options: RedactorOptions = {}, limits: RedactLimits = DEFAULT_LIMITS): Redactor {
  const where = options.where ?? 'redact'
  const root = compilePaths(options.paths ?? [], `${where}.paths`)
  const censor: Censor = createCensor(options.censor ?? 'redact', options.maskKeep ?? 4)
  const scanOptions = { patterns: options.patterns ?? true, customPatterns: options.customPatterns ?? [], where }
  const scanner: Scanner | undefined = createScanner(scanOptions, censor)
  // classifies keys without calling a user's censor function
  const probe = createScanner(scanOptions, createCensor('redact', 0))
  const isSecretKey = createKeyMatcher({ defaults: options.defaultKeys ?? true, extra: options.keys ?? [] })
  const keyRules = isSecretKey !== undefined || probe !== undefined
  const minLength = scanner?.minLength ?? Infinity
  const wantsPath = censor.wantsPath
  const { maxDepth, maxArrayLength } = limits
  const maxBytes = limits.maxStringLength === undefined ? Infinity : Math.floor((limits.maxStringLength * 3) / 4) + BYTES_MARGIN
  const verdicts = new Map<string, number>()

  function verdict(key: string): number {
    let v = verdicts.get(key)
    if (v !== undefined) return v
    v = (isSecretKey?.(key) ? SECRET_NAME : 0) | (probe !== undefined && key.length >= probe.minLength && probe.scan(key, '') !== key ? HOLDS_SECRET : 0)
    // a key that is itself a secret is not kept around in the cache
    if ((v & HOLDS_SECRET) === 0 && verdicts.size < VERDICT_CACHE_LIMIT) verdicts.set(key, v)
    return v
  }

  /**
   * The top level's keys (most of a record's) in one lookup: the path node under `root` and the
   * key verdict, which are otherwise two lookups per field. Same bound and rule as `verdicts`.
   */
  const topKeys = new Map<string, { child: PathNode | undefined; verdict: number }>()
  function topKey(key: string): { child: PathNode | undefined; verdict: number } {
    let info = topKeys.get(key)
    if (info === undefined) {
      info = { child: childOf(root, key), verdict: keyRules ? verdict(key) : 0 }
      if ((info.verdict & HOLDS_SECRET) === 0 && topKeys.size < VERDICT_CACHE_LIMIT) topKeys.set(key, info)
    }
    return info
  }

  const scan = (s: string, path: string): string => (s.length < minLength ? s : scanner!.scan(s, path))

  /**
   * A getter that throws becomes what the serializer would write for it, scanned: left in place,
   * the serializer would call it again and write its error message unredacted, and throwing here
   * would withhold the whole record.
   */
  let threw = false
  function read(o: Record<string, unknown>, key: string): unknown {
    try {
      return o[key]
    } catch (err) {
      threw = true
      return `[Unserializable: ${err instanceof Error ? String(err.message) : String(err)}]`
    }
  }

  /** `{ ...o }`, or key by key through read() when a getter throws */
  function copyOf(o: Record<string, unknown>): Record<string, unknown> {
    try {
      return { ...o }
    } catch {
      const copy: Record<string, unknown> = {}
      for (const key in o) if (hasOwn.call(o, key)) put(copy, key, read(o, key))
      return copy
    }
  }
  const join = (path: string, key: string) => (wantsPath ? (path === '' ? key : `${path}.${key}`) : '')

  /**
   * The value to write in place of `v` (found at `depth`, under path node `node`): `v` itself when
   * unchanged, a copy, a censored value, or REMOVE. `censored` is true under a secret key or path.
   */
  function entry(v: unknown, node: PathNode | undefined, censored: boolean, depth: number, anc: object[], path: string): unknown {
    if (v === undefined) return v
    if (censored || (node !== undefined && node.terminal)) return censor.value(v, path)
    if (typeof v === 'string') return scan(v, path)
    if (typeof v === 'object' && v !== null) return walkObject(v, node, depth, anc, path)
    return v
  }

  function walkObject(o: object, node: PathNode | undefined, depth: number, anc: object[], path: string): unknown {
    if (anc.includes(o) || o instanceof Date || depth >= maxDepth) return o
    anc.push(o)
    try {
      if (o instanceof Error) return walkError(o, node, depth, anc, path)
      if (Array.isArray(o)) return walkArray(o, node, depth, anc, path)
      if (ArrayBuffer.isView(o) || o instanceof ArrayBuffer) return walkBytes(o, path)
      if (o instanceof RegExp) {
        const source = String(o)
        const out = scan(source, path)
        return out === source ? o : out
      }
      if (o instanceof Map) return walkMap(o, node, depth, anc, path)
      if (o instanceof Set) {
        const items = [...o]
        const out = walkArray(items, node, depth, anc, path)
        return out === items ? o : out
      }
      if (o instanceof URL) {
        const href = o.href
        const out = scan(href, path)
        return out === href ? o : out
      }
      const toJSON = (o as { toJSON?: unknown }).toJSON
      if (typeof toJSON === 'function') {
        // scanned one level shallower than the serializer places it, so a replacement is covered
        const json: unknown = toJSON.call(o)
        const out = entry(json, node, false, depth, anc, path)
        return out === json ? o : out
      }
      return walkPlain(o as Record<string, unknown>, node, depth, anc, path)
    } finally {
      anc.pop()
    }
  }

  function walkPlain(o: Record<string, unknown>, node: PathNode | undefined, depth: number, anc: object[] | undefined, path: string): Record<string, unknown> {
    let copy: Record<string, unknown> | undefined
    for (const key in o) {
      if (!hasOwn.call(o, key)) continue
      threw = false
      const v = read(o, key)
      const failed = threw
      let child: PathNode | undefined
      let k: number
      if (depth === 0 && node === root) {
        const info = topKey(key)
        child = info.child
        k = info.verdict
      } else {
        child = node === undefined ? undefined : (node.children.get(key) ?? node.any)
        k = keyRules ? verdict(key) : 0
      }
      // the top level allocates its ancestor list only when it meets a nested object
      const a = anc ?? (typeof v === 'object' && v !== null ? (anc = [o]) : NO_ANCESTORS)
      const out = entry(v, child, (k & SECRET_NAME) !== 0, depth + 1, a, join(path, key))
      if (out === v && (k & HOLDS_SECRET) === 0 && !failed) continue
      copy ??= copyOf(o)
      if ((k & HOLDS_SECRET) !== 0) {
        delete copy[key]
        if (out !== REMOVE) put(copy, scan(key, path), out)
      } else if (out === REMOVE) delete copy[key]
      else put(copy, key, out)
    }
    return copy ?? o
  }

  function walkArray(a: unknown[], node: PathNode | undefined, depth: number, anc: object[], path: string): unknown[] {
    const n = Math.min(a.length, maxArrayLength)
    let copy: unknown[] | undefined
    let removed = false
    for (let i = 0; i < n; i++) {
      const v = a[i]
      const child = node === undefined ? undefined : node.children.size === 0 ? node.any : (node.children.get(String(i)) ?? node.any)
      const out = entry(v, child, false, depth + 1, anc, wantsPath ? `${path}[${i}]` : '')
      if (out === v) continue
      copy ??= a.slice()
      copy[i] = out
      if (out === REMOVE) removed = true
    }
    if (removed) return copy!.filter((x) => x !== REMOVE)
    return copy ?? a
  }

  /**
   * Bytes are written as base64, where no pattern would see a secret: they are read as latin1 (one
   * char per byte, so the bytes around a secret come back exactly) and, when a pattern matches,
   * replaced by a copy with the secret censored. A Buffer stays a Buffer; other views become a
   * Uint8Array of the censored bytes.
   */
  function walkBytes(o: ArrayBufferView | ArrayBuffer, path: string): unknown {
    const all = o instanceof ArrayBuffer ? new Uint8Array(o) : new Uint8Array(o.buffer, o.byteOffset, o.byteLength)
    if (all.byteLength < minLength) return o
    const head = all.byteLength > maxBytes ? all.subarray(0, maxBytes) : all
    const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1')
    const out = scan(text, path)
    if (out === text) return o
    const censored = Buffer.concat([Buffer.from(out, 'latin1'), all.subarray(head.byteLength)])
    return Buffer.isBuffer(o) ? censored : new Uint8Array(censored)
  }

  function walkMap(m: Map<unknown, unknown>, node: PathNode | undefined, depth: number, anc: object[], path: string): Map<unknown, unknown> {
    let copy: Map<unknown, unknown> | undefined
    let i = 0
    for (const [key, v] of m) {
      if (i++ >= maxArrayLength) break
      const isString = typeof key === 'string'
      const child = isString ? childOf(node, key) : undefined
      const k = isString && keyRules ? verdict(key) : 0
      const out = entry(v, child, (k & SECRET_NAME) !== 0, depth + 1, anc, isString ? join(path, key) : path)
      // a key that is an object or Error is written as JSON too
      const outKey = !isString && typeof key === 'object' && key !== null ? entry(key, undefined, false, depth + 1, anc, path) : key
      if (out === v && outKey === key && (k & HOLDS_SECRET) === 0) continue
      copy ??= new Map(m)
      if ((k & HOLDS_SECRET) !== 0) {
        copy.delete(key)
        if (out !== REMOVE) copy.set(scan(key as string, path), out)
      } else if (out === REMOVE) copy.delete(key)
      else if (outKey !== key) {
        copy.delete(key)
        copy.set(outKey, out)
      } else copy.set(key, out)
    }
    return copy ?? m
  }

  function walkError(e: Error, node: PathNode | undefined, depth: number, anc: object[], path: string): Error {
    let changed = false
    const message = String(e.message)
    let msg = message
    const msgNode = childOf(node, 'message')
    if (msgNode?.terminal) {
      const c = censor.value(message, join(path, 'message'))
      msg = c === REMOVE ? '' : typeof c === 'string' ? c : REDACTED
    } else msg = scan(message, join(path, 'message'))
    if (msg !== message) changed = true

    const stack0 = e.stack
    let stack = stack0
    if (typeof stack0 === 'string') {
      const stackNode = childOf(node, 'stack')
      if (stackNode?.terminal) {
        const c = censor.value(stack0, join(path, 'stack'))
        stack = c === REMOVE ? undefined : typeof c === 'string' ? c : REDACTED
      } else {
        // the stack's first line repeats the message: a censored message must not survive there
        const base = msgNode?.terminal && message !== '' ? stack0.split(message).join(msg) : stack0
        stack = scan(base, join(path, 'stack'))
      }
      if (stack !== stack0) changed = true
    }

    const code0 = (e as { code?: unknown }).code
    const code = keyed('code', code0)
    const cause0 = e.cause
    const cause = keyed('cause', cause0)
    const errors0 = e instanceof AggregateError && Array.isArray(e.errors) ? e.errors : undefined
    const errors = errors0 === undefined ? undefined : walkArray(errors0, childOf(node, 'errors'), depth, anc, join(path, 'errors'))
    if (code !== code0 || cause !== cause0 || errors !== errors0) changed = true

    const own: Array<[string, unknown]> = []
    for (const key in e) {
      if (!hasOwn.call(e, key) || ERROR_KEYS.has(key)) continue
      threw = false
      const v = read(e as unknown as Record<string, unknown>, key)
      if (threw) changed = true
      const k = keyRules ? verdict(key) : 0
      const out = entry(v, childOf(node, key), (k & SECRET_NAME) !== 0, depth + 1, anc, join(path, key))
      if (out !== v || (k & HOLDS_SECRET) !== 0) changed = true
      if (out !== REMOVE) own.push([(k & HOLDS_SECRET) !== 0 ? scan(key, path) : key, out])
    }
    if (!changed) return e

    const copy = blankError(e, msg)
    hide(copy, 'stack', stack)
    if (hasOwn.call(e, 'name')) hide(copy, 'name', e.name)
    if (code0 !== undefined && code !== REMOVE) {
      Object.defineProperty(copy, 'code', {
        value: code,
        writable: true,
        configurable: true,
        enumerable: Object.getOwnPropertyDescriptor(e, 'code')?.enumerable ?? false,
      })
    }
    if (cause0 !== undefined && cause !== REMOVE) hide(copy, 'cause', cause)
    if (errors !== undefined) hide(copy, 'errors', errors)
    for (const [key, v] of own) put(copy as unknown as Record<string, unknown>, key, v)
    return copy

    function keyed(key: string, v: unknown): unknown {
      if (v === undefined) return v
      const k = keyRules ? verdict(key) : 0
      return entry(v, childOf(node, key), (k & SECRET_NAME) !== 0, depth + 1, anc, join(path, key))
    }
  }

  // topKey by the key's position in the previous record (FieldRedactor.field's index)
  const keysAt: string[] = []
  const infosAt: Array<{ child: PathNode | undefined; verdict: number }> = []

  return {
    redactRecord(record) {
      const fields = record.fields
      const outFields = fields !== null && typeof fields === 'object' ? walkPlain(fields, root, 0, undefined, '') : fields
      const message = record.message
      const outMessage = typeof message === 'string' ? scan(message, 'message') : message
      const event = record.event
      let outEvent = event
      if (typeof event === 'string') {
        // the event is written from the `event` field: it must say what that field now says, or
        // the serializer writes the raw event beside a censored `field_event`
        if (fields !== null && typeof fields === 'object' && fields.event === event) {
          const e = outFields.event
          outEvent = typeof e === 'string' ? e : e === undefined && !hasOwn.call(outFields, 'event') ? undefined : REDACTED
        } else outEvent = scan(event, 'event')
      }
      const id = record.correlationId
      const outId = typeof id === 'string' ? scan(id, 'correlation_id') : id
      if (outFields === fields && outMessage === message && outEvent === event && outId === id) return record
      const out = { ...record, message: outMessage, fields: outFields }
      // set only when changed: spreading in keys the record lacks costs V8 its fast clone (20x)
      if (outEvent !== event) out.event = outEvent
      if (outId !== id) out.correlationId = outId
      return out
    },
    redactValue(value) {
      const out = entry(value, root, false, 0, [], '')
      return out === REMOVE ? undefined : out
    },
    redactString: (s) => scan(s, ''),
    fieldRedactor: {
      // walkPlain's step for one key of the record's fields, without the copy
      field(fields, key, v, index) {
        let info: { child: PathNode | undefined; verdict: number }
        if (keysAt[index] === key) info = infosAt[index]!
        else {
          info = topKey(key)
          // a key that holds a secret is not kept, as in topKeys
          if (index < 64 && (info.verdict & HOLDS_SECRET) === 0) {
            keysAt[index] = key
            infosAt[index] = info
          }
        }
        if ((info.verdict & HOLDS_SECRET) !== 0) return NEEDS_RECORD
        const anc = typeof v === 'object' && v !== null ? [fields] : NO_ANCESTORS
        const out = entry(v, info.child, (info.verdict & SECRET_NAME) !== 0, 1, anc, join('', key))
        return out === REMOVE ? undefined : out
      },
      text: scan,
    },
  }
}

/** An Error with `e`'s prototype and no captured stack: no constructor of the caller's class runs. */
function blankError(e: Error, message: string): Error {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  let copy: Error
  try {
    copy = new Error(message)
  } finally {
    Error.stackTraceLimit = limit
  }
  Object.setPrototypeOf(copy, Object.getPrototypeOf(e))
  return copy
}

/** Sets an own property; `__proto__` (a key JSON.parse can produce) must not reach the setter. */
function put(o: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, writable: true, configurable: true, enumerable: true })
  else o[key] = value
}

function hide(o: object, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, writable: true, configurable: true, enumerable: false })
}
