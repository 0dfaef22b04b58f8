/**
 * The id a request is known by: the caller's `x-request-id` when it looks like an id (printable,
 * at most 128 characters: a header is untrusted input and becomes a field of every record), else
 * the trace id of a W3C `traceparent`, else a fresh UUID.
 */
import { randomUUID } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

const ID = /^[\w.:@/+=-]{1,128}$/
const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}/

export function requestId(headers: IncomingHttpHeaders, header = 'x-request-id'): string {
  const given = headers[header]
  const id = Array.isArray(given) ? given[0] : given
  if (id !== undefined && ID.test(id)) return id
  const trace = headers.traceparent
  const m = typeof trace === 'string' ? TRACEPARENT.exec(trace) : null
  if (m && m[1] !== '00000000000000000000000000000000') return m[1]!
  return randomUUID()
}
