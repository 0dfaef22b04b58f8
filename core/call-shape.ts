/**
 * Every way a level method may be called, turned into one message and one fields object. The
 * plain `(message, fields)` call never comes here (the runtime handles it inline); this is pino's
 * shapes and the odd ones:
 *
 * - `(fields, message?, ...args)`: fields first; a `msg` (or `message`) key is the message when no
 *   message follows; a raw node:http request or response becomes `req`/`res`, serialized
 * - `(err, message?, ...args)`: the error under `err`; its message when none follows
 * - `(message, ...args)`: printf-style (core/printf.ts)
 * - `(message, err)`: the error under `err`, ours
 *
 * Nothing is ever spread character by character: a string is never taken for fields.
 */
import { hasPlaceholder, printf } from './printf.js'
import { isRawRequest, isRawResponse, serializeRequest, serializeResponse } from './std-serializers.js'

export type Fields = Record<string, unknown>

const NO_FIELDS: Fields = Object.freeze({}) as Fields

/** reused for every call: the caller reads both before the next log call can run */
const out = { message: '', fields: NO_FIELDS }

/**
 * `args`: the call's arguments when there were more than two (message and fields are its first
 * two); `json` writes a value as JSON for `%j %o %O`.
 */
export function callShape(message: unknown, fields: unknown, args: ArrayLike<unknown> | undefined, json: (v: unknown) => string): typeof out {
  const list: ArrayLike<unknown> = args ?? (fields === undefined ? [message] : [message, fields])
  if (typeof message === 'string') {
    out.fields = NO_FIELDS
    if (args === undefined && fields !== null && typeof fields === 'object') {
      if (fields instanceof Error) {
        out.message = message
        out.fields = { err: fields }
        return out
      }
      if (!hasPlaceholder(message)) {
        out.message = message
        out.fields = fields as Fields
        return out
      }
    }
    // `log.info('x', null)` has nothing to add
    out.message = args === undefined && fields == null ? message : printf(message, list, 1, json)
    return out
  }
  if (message instanceof Error) {
    out.fields = { err: message }
    if (typeof fields === 'string') out.message = printf(fields, list, 2, json)
    else {
      out.message = String(message.message)
      // ours: `log.error(err, { order_id })`
      if (fields !== null && typeof fields === 'object' && !(fields instanceof Error)) out.fields = { err: message, ...(fields as Fields) }
    }
    return out
  }
  if (message !== null && typeof message === 'object') {
    let f = message as Fields
    if (isRawRequest(f)) f = { req: serializeRequest(f) }
    else if (isRawResponse(f)) f = { res: serializeResponse(f) }
    if (typeof fields === 'string') {
      out.message = printf(fields, list, 2, json)
      out.fields = f
    } else if (fields === undefined || fields === null) {
      // pino's `log.info({ msg: 'x' })`, and ours `log.info({ message: 'x' })`: written once, as the message
      const key = typeof f.msg === 'string' ? 'msg' : typeof f.message === 'string' ? 'message' : undefined
      if (key === undefined) {
        out.message = ''
        out.fields = f
      } else {
        out.message = f[key] as string
        const { [key]: _taken, ...rest } = f
        out.fields = rest
      }
    } else {
      out.message = printf(safeString(fields), list, 2, json)
      out.fields = f
    }
    return out
  }
  // null, undefined, a number…: pino takes the next argument as the message
  if (message == null && typeof fields === 'string') {
    out.message = printf(fields, list, 2, json)
    out.fields = NO_FIELDS
    return out
  }
  out.message = safeString(message)
  out.fields = NO_FIELDS
  if (fields !== null && typeof fields === 'object' && args === undefined) out.fields = fields instanceof Error ? { err: fields } : (fields as Fields)
  else if (fields !== undefined) out.message = printf(out.message, list, 1, json)
  return out
}

function safeString(v: unknown): string {
  try {
    return String(v)
  } catch {
    return '[unprintable message]'
  }
}
