/** The record model: what a log call becomes before it is serialized once into a JSON line. */
export interface LogRecord {
  /** epoch milliseconds */
  time: number
  /** numeric level (see levels.ts) */
  level: number
  category: string
  message: string
  /** event type (`position_closed`, `lockout`, …) when the caller gave one */
  event?: string
  /** unique per record: a per-process random prefix and a counter */
  eventId: string
  /** set inside withCorrelation() */
  correlationId?: string
  /** pre-serialized, already-redacted fields bound by child(): `,"k":v…` or '' */
  bindings: string
  /** the caller's fields; redaction paths address this object */
  fields: Record<string, unknown>
  /** set on records a sink's worker reported, so they are never routed back to that sink */
  origin?: string
  /** an event's message template: rendered from the fields once they are redacted */
  render?: (fields: Record<string, unknown>) => string
}

/** Keys the record writes itself; a caller's field of the same name is written as `field_<key>`. */
export const RESERVED_KEYS = new Set(['timestamp', 'level', 'category', 'message', 'event', 'event_id', 'correlation_id'])
