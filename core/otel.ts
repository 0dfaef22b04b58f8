/**
 * OpenTelemetry trace context on records: when the application uses `@opentelemetry/api` (an
 * optional peer dependency) and a span is active where a record is logged, the record carries
 * `trace_id`, `span_id` and `trace_flags` as W3C hex strings.
 *
 * The API is not loaded here. Every copy of `@opentelemetry/api` 1.x keeps what the application
 * registered (its context manager) in one object on globalThis, under `Symbol.for(
 * 'opentelemetry.js.api.1')`, and keys the active span in a context with `Symbol.for('OpenTelemetry
 * Context Key SPAN')`: that shared registry is how several copies of the API agree, so reading it
 * sees exactly what `trace.getActiveSpan()` would. Loading the API instead cost every logger
 * ~25 ms of start-up, and a call into it on every record.
 */

interface SpanContext {
  traceId: string
  spanId: string
  traceFlags: number
}
interface Context {
  getValue(key: symbol): unknown
}
interface OtelRegistry {
  context?: { active(): Context | undefined }
}

const REGISTRY = Symbol.for('opentelemetry.js.api.1')
const SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN')
const TRACE_ID = /^[0-9a-f]{32}$/i
const SPAN_ID = /^[0-9a-f]{16}$/i
const INVALID_TRACE_ID = '0'.repeat(32)
const INVALID_SPAN_ID = '0'.repeat(16)

/** `,"trace_id":"…","span_id":"…","trace_flags":"01"` for the active span, or ''; undefined when turned off */
export let traceFields: (() => string) | undefined

let looked = false

/** Turns trace context on (once per process); `false` or `0` in LOGWARDEN_OTEL leaves it off. */
export function enableTraceContext(): void {
  if (looked) return
  looked = true
  if (process.env.LOGWARDEN_OTEL === 'false' || process.env.LOGWARDEN_OTEL === '0') return
  traceFields = activeTraceFields
}

function activeTraceFields(): string {
  // no registry, or no context manager in it: no span can be active
  const manager = (globalThis as { [REGISTRY]?: OtelRegistry })[REGISTRY]?.context
  if (manager === undefined) return ''
  const span = manager.active()?.getValue(SPAN_KEY) as { spanContext?(): SpanContext } | undefined
  if (typeof span?.spanContext !== 'function') return ''
  const sc = span.spanContext()
  // the API's isSpanContextValid: hex ids of the right length, not all zeros
  if (!TRACE_ID.test(sc.traceId) || sc.traceId === INVALID_TRACE_ID || !SPAN_ID.test(sc.spanId) || sc.spanId === INVALID_SPAN_ID) return ''
  const flags = (sc.traceFlags & 0xff).toString(16).padStart(2, '0')
  return `,"trace_id":"${sc.traceId.toLowerCase()}","span_id":"${sc.spanId.toLowerCase()}","trace_flags":"${flags}"`
}
