/**
 * Fields bound by child(): redacted and serialized once, when the child is made. A call field with
 * the same name as a bound one wins, and the bound one is left out of that record, so a record
 * never carries a key twice.
 *
 * A binding named `correlation_id`, or `reqId` (the request id Fastify binds on every request's
 * logger), is not a field: it is the correlation id of the child's records (a `withCorrelation`
 * scope around the call still wins). The logger's per-record hooks (pino's `serializers` and
 * `mixin`) travel with the bindings, so a logger without them pays one `undefined` check.
 */
export interface BindingsHost {
  prepareBindings(fields: Record<string, unknown>): string
}

/** What a logger does to every record's call fields before it is serialized. */
export interface RecordHooks {
  /** pino's `serializers`: a call field of this name is replaced by what its function returns */
  readonly serializers?: Readonly<Record<string, (value: never) => unknown>>
  /** pino's `mixin`: fields added to every record (the call's own fields win) */
  readonly mixin?: (level: number) => Record<string, unknown> | undefined
}

const hasOwn = Object.prototype.hasOwnProperty
const CORRELATION_KEYS = ['correlation_id', 'reqId']

export class Bindings {
  static readonly NONE = new Bindings('', undefined, undefined, undefined, undefined)

  readonly keys: ReadonlySet<string> | undefined
  #text: string
  /** who serialized `#text`: a logger made before its runtime started, or before a reload, re-serializes for the current one */
  #host: BindingsHost | undefined

  private constructor(
    text: string,
    host: BindingsHost | undefined,
    private readonly bound: Record<string, unknown> | undefined,
    readonly hooks: RecordHooks | undefined,
    readonly correlationId: string | undefined,
  ) {
    this.#text = text
    this.#host = host
    this.keys = bound ? new Set(Object.keys(bound)) : undefined
  }

  get text(): string {
    return this.#text
  }

  /** The bound fields (pino's `bindings()`). */
  get fields(): Record<string, unknown> {
    return { ...this.bound }
  }

  extend(host: BindingsHost, more: Record<string, unknown>, hooks?: RecordHooks): Bindings {
    let correlationId = this.correlationId
    let added = more
    for (const key of CORRELATION_KEYS) {
      if (!hasOwn.call(more, key)) continue
      const id = more[key]
      if (typeof id === 'string' || typeof id === 'number') {
        correlationId = String(id)
        if (added === more) added = { ...more }
        delete added[key]
      }
    }
    const fields = { ...this.bound, ...added }
    const merged = mergeHooks(this.hooks, hooks)
    if (Object.keys(fields).length === 0) return new Bindings('', undefined, undefined, merged, correlationId)
    return new Bindings(host.prepareBindings(fields), host, fields, merged, correlationId)
  }

  /** The serialized bindings for a record with these call fields. */
  textFor(host: BindingsHost, call: Record<string, unknown>): string {
    const keys = this.keys
    if (keys === undefined) return this.#text
    if (host !== this.#host) {
      this.#text = host.prepareBindings(this.bound!)
      this.#host = host
    }
    let clash: string[] | undefined
    for (const key in call) if (hasOwn.call(call, key) && keys.has(key)) (clash ??= []).push(key)
    if (clash === undefined) return this.#text
    const kept = { ...this.bound }
    for (const key of clash) delete kept[key]
    return host.prepareBindings(kept)
  }
}

function mergeHooks(a: RecordHooks | undefined, b: RecordHooks | undefined): RecordHooks | undefined {
  if (b === undefined || (b.serializers === undefined && b.mixin === undefined)) return a
  if (a === undefined) return b
  return {
    serializers: a.serializers || b.serializers ? { ...a.serializers, ...b.serializers } : undefined,
    mixin: b.mixin ?? a.mixin,
  }
}

/** Runs a logger's hooks on a record's call fields; returns the fields to write. */
export function applyHooks(hooks: RecordHooks, fields: Record<string, unknown>, level: number): Record<string, unknown> {
  let f = fields
  if (hooks.mixin !== undefined) {
    const extra = hooks.mixin(level)
    if (extra !== undefined && extra !== null) f = { ...extra, ...f }
  }
  const serializers = hooks.serializers
  if (serializers !== undefined) {
    let copied = f !== fields
    for (const key in serializers) {
      if (!hasOwn.call(f, key) || f[key] === undefined) continue
      if (!copied) {
        f = { ...f }
        copied = true
      }
      f[key] = (serializers[key] as (v: unknown) => unknown)(f[key])
    }
  }
  return f
}
