/**
 * Redaction applied while a record is serialized, in the same pass: what the redact plugin
 * offers besides its `hooks.redact` tap. The pipeline uses it only when nothing else needs the
 * redacted record object (no other redact tap, no `format` or `aggregate` tap, no message
 * template); the line it makes is the one the tap followed by the serializer would make. This
 * saves the second walk over the fields, the copy of the fields and the copy of the record.
 */

/** A field value that the fused pass cannot handle (a key that itself holds a secret): the record takes the hook path. */
export const NEEDS_RECORD: unique symbol = Symbol('needs-record')

export interface FieldRedactor {
  /**
   * The value to write for top-level field `key` of `fields`: `value` itself when nothing is
   * censored, a censored copy, `undefined` to leave the key out, or NEEDS_RECORD. `index`: the
   * key's position among the fields (a cache hint: records of one call site share their keys).
   */
  field(fields: Record<string, unknown>, key: string, value: unknown, index: number): unknown
  /** value patterns in the message, the event name or the correlation id (`path` as the hook uses it) */
  text(s: string, path: 'message' | 'event' | 'correlation_id'): string
}
