/**
 * OpenTelemetry trace context on records: when `@opentelemetry/api` is installed (an optional peer
 * dependency) and a span is active where a record is logged, the record carries `trace_id`,
 * `span_id` and `trace_flags` as W3C hex strings. The API is looked up once, when the first logger
 * is created, never at import; when it is absent `traceFields` stays undefined and a log call pays
 * one `undefined` check. The API keeps its registry on globalThis, so the copy found here sees the
 * tracer provider and context manager the application registered, whichever module format it used.
 */
import { createRequire } from 'node:module'

interface SpanContext {
  traceId: string
  spanId: string
  traceFlags: number
}
interface OtelApi {
  trace: {
    getActiveSpan(): { spanContext(): SpanContext } | undefined
  }
  isSpanContextValid(context: SpanContext): boolean
}

/** `,"trace_id":"…","span_id":"…","trace_flags":"01"` for the active span, or ''; undefined without the API */
export let traceFields: (() => string) | undefined

let looked = false

/** Finds `@opentelemetry/api` (once per process); `false` in LOGWARDEN_OTEL turns the lookup off. */
export function enableTraceContext(): void {
  if (looked) return
  looked = true
  if (process.env.LOGWARDEN_OTEL === 'false' || process.env.LOGWARDEN_OTEL === '0') return
  let api: OtelApi
  try {
    api = createRequire(import.meta.url)('@opentelemetry/api') as OtelApi
  } catch {
    return
  }
  traceFields = () => {
    const span = api.trace.getActiveSpan()
    if (span === undefined) return ''
    const sc = span.spanContext()
    if (!api.isSpanContextValid(sc)) return ''
    // the ids are validated hex by isSpanContextValid: nothing to escape
    return `,"trace_id":"${sc.traceId}","span_id":"${sc.spanId}","trace_flags":"${(sc.traceFlags & 0xff).toString(16).padStart(2, '0')}"`
  }
}
