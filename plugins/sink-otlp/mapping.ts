/**
 * A logwarden record → an OpenTelemetry log record (the shape @opentelemetry/otlp-transformer
 * serializes), following the log data model: times in nanoseconds, severity numbers trace 1,
 * debug 5, info 9, warn 13, error 17, critical 21, the message as body, the event as event name,
 * `event_id` as `log.record.uid`, the trace context from the record, every other field an attribute.
 */

export type AttributeValue = string | number | boolean | AttributeValue[] | { [key: string]: AttributeValue } | null

export interface OtelResource {
  attributes: Record<string, string | number | boolean>
}

/** Structurally the transformer's ReadableLogRecord, as much of it as the serializers read. */
export interface OtelLogRecord {
  hrTime: [number, number]
  hrTimeObserved: [number, number]
  spanContext?: { traceId: string; spanId: string; traceFlags: number }
  severityNumber: number
  severityText: string
  body: string
  eventName?: string
  attributes: Record<string, AttributeValue>
  droppedAttributesCount: number
  resource: OtelResource
  instrumentationScope: { name: string; version?: string }
}

export const SEVERITY_NUMBER: Record<string, number> = {
  trace: 1,
  debug: 5,
  info: 9,
  warn: 13,
  warning: 13,
  error: 17,
  critical: 21,
  fatal: 21,
}

/** Numeric levels (custom ones included) → the severity number of the level at or below them. */
function severityFromNumber(level: number): [number, string] {
  const steps: Array<[number, number, string]> = [
    [60, 21, 'critical'],
    [50, 17, 'error'],
    [40, 13, 'warn'],
    [30, 9, 'info'],
    [20, 5, 'debug'],
  ]
  for (const [min, n, text] of steps) if (level >= min) return [n, text]
  return [1, 'trace']
}

/** Fields the mapping places elsewhere (time, severity, body, event name, uid, trace context). */
const PLACED = new Set(['timestamp', 'level', 'message', 'event', 'event_id', 'trace_id', 'span_id', 'trace_flags', 'traceId', 'spanId', 'traceFlags'])
const HEX32 = /^[0-9a-f]{32}$/i
const HEX16 = /^[0-9a-f]{16}$/i
const ZERO = /^0+$/

export function msToHrTime(ms: number): [number, number] {
  const seconds = Math.floor(ms / 1000)
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)]
}

function toAttribute(value: unknown, depth = 0): AttributeValue | undefined {
  if (value === null) return null
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value
    case 'number':
      return Number.isFinite(value) ? value : String(value)
    case 'bigint':
      return String(value)
    case 'object': {
      if (depth > 16) return JSON.stringify(value)
      if (Array.isArray(value)) return value.map((v) => toAttribute(v, depth + 1) ?? null)
      const out: Record<string, AttributeValue> = {}
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const a = toAttribute(v, depth + 1)
        if (a !== undefined) out[k] = a
      }
      return out
    }
    default:
      return undefined
  }
}

function spanContextOf(record: Record<string, unknown>): OtelLogRecord['spanContext'] | undefined {
  const traceId = record.trace_id ?? record.traceId
  const spanId = record.span_id ?? record.spanId
  if (typeof traceId !== 'string' || typeof spanId !== 'string' || !HEX32.test(traceId) || !HEX16.test(spanId) || ZERO.test(traceId) || ZERO.test(spanId)) {
    return undefined
  }
  const flags = record.trace_flags ?? record.traceFlags
  const traceFlags = typeof flags === 'number' ? flags : typeof flags === 'string' ? parseInt(flags, 16) || 0 : 0
  return { traceId: traceId.toLowerCase(), spanId: spanId.toLowerCase(), traceFlags }
}

/** One buffered record → an OTel log record; `observedMs` is when this sink received it. */
export function toLogRecord(
  record: Record<string, unknown>,
  category: string | undefined,
  observedMs: number,
  resource: OtelResource,
  scope: OtelLogRecord['instrumentationScope'],
): OtelLogRecord {
  const parsed = typeof record.timestamp === 'string' ? Date.parse(record.timestamp) : typeof record.timestamp === 'number' ? record.timestamp : NaN
  const [severityNumber, severityText] =
    typeof record.level === 'number'
      ? severityFromNumber(record.level)
      : typeof record.level === 'string' && SEVERITY_NUMBER[record.level.toLowerCase()]
        ? [SEVERITY_NUMBER[record.level.toLowerCase()], record.level.toLowerCase()]
        : [9, 'info']
  const attributes: Record<string, AttributeValue> = {}
  for (const [key, value] of Object.entries(record)) {
    if (PLACED.has(key)) continue
    const a = toAttribute(value)
    if (a !== undefined) attributes[key] = a
  }
  if (attributes.category === undefined && category) attributes.category = category
  if (typeof record.event_id === 'string' && record.event_id) attributes['log.record.uid'] = record.event_id
  const spanContext = spanContextOf(record)
  // ids that are not W3C trace context stay visible as attributes
  if (!spanContext) {
    for (const key of ['trace_id', 'span_id', 'traceId', 'spanId']) {
      const a = toAttribute(record[key])
      if (a !== undefined && a !== null) attributes[key] = a
    }
  }
  return {
    hrTime: msToHrTime(Number.isNaN(parsed) ? observedMs : parsed),
    hrTimeObserved: msToHrTime(observedMs),
    ...(spanContext ? { spanContext } : {}),
    severityNumber,
    severityText,
    body: typeof record.message === 'string' ? record.message : record.message === undefined ? '' : JSON.stringify(record.message),
    ...(typeof record.event === 'string' && record.event ? { eventName: record.event } : {}),
    attributes,
    droppedAttributesCount: 0,
    resource,
    instrumentationScope: scope,
  }
}
