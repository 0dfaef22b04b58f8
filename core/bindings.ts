/**
 * Fields bound by child(): redacted and serialized once, when the child is made. A call field with
 * the same name as a bound one wins, and the bound one is left out of that record, so a record
 * never carries a key twice.
 */
export interface BindingsHost {
  prepareBindings(fields: Record<string, unknown>): string
}

const hasOwn = Object.prototype.hasOwnProperty

export class Bindings {
  static readonly NONE = new Bindings('', undefined)

  readonly keys: ReadonlySet<string> | undefined

  private constructor(
    readonly text: string,
    private readonly fields: Record<string, unknown> | undefined,
  ) {
    this.keys = fields ? new Set(Object.keys(fields)) : undefined
  }

  extend(host: BindingsHost, more: Record<string, unknown>): Bindings {
    const fields = { ...this.fields, ...more }
    return new Bindings(host.prepareBindings(fields), fields)
  }

  /** The serialized bindings for a record with these call fields. */
  textFor(host: BindingsHost, call: Record<string, unknown>): string {
    const keys = this.keys
    if (keys === undefined) return this.text
    let clash: string[] | undefined
    for (const key in call) if (hasOwn.call(call, key) && keys.has(key)) (clash ??= []).push(key)
    if (clash === undefined) return this.text
    const kept = { ...this.fields }
    for (const key of clash) delete kept[key]
    return host.prepareBindings(kept)
  }
}
