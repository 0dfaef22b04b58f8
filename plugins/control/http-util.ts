/** Small helpers for node:http: JSON answers, JSON bodies, the client's address, the Host check. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { isIP } from 'node:net'
import { errorBody } from '../../lib/control-api/index.js'
import { createRedactor } from '../redact/index.js'
import { Http, HttpError } from './errors.js'

const MAX_BODY = 16 * 1024

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end()
    return
  }
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  })
  res.end(text)
}

/**
 * The core already took the config's known secrets out of the errors it raises (a failed
 * reload); this is the last look, with the redact plugin's patterns, at whatever else a
 * message quotes before it leaves the daemon.
 */
const bodyRedactor = createRedactor({})

export function sendError(res: ServerResponse, err: HttpError): void {
  sendJson(res, err.status, errorBody(err.code, bodyRedactor.redactString(err.message)), err.headers)
}

/**
 * The JSON body of a POST, or undefined when empty. Every POST must say it is JSON: a browser
 * cannot send that content type across origins without a preflight we never answer (no CSRF).
 */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'application/json') throw Http.unsupportedMedia()
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY) throw Http.tooLarge()
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8').trim()
  if (text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw Http.badRequest('the body is not valid JSON')
  }
}

/** The client's address without the IPv4-mapped prefix (`::ffff:127.0.0.1` → `127.0.0.1`). */
export function clientAddress(req: IncomingMessage): string {
  const a = req.socket.remoteAddress ?? 'unknown'
  return a.startsWith('::ffff:') ? a.slice(7) : a
}

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '')
  if (h === 'localhost') return true
  if (isIP(h) === 4) return h.startsWith('127.')
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./i.test(h)
  return false
}

/**
 * On a loopback server the Host header must name a loopback host: a web page that rebinds its
 * own domain to 127.0.0.1 (DNS rebinding) sends its domain here and is refused.
 */
export function hostHeaderAllowed(req: IncomingMessage): boolean {
  const host = req.headers.host
  if (!host) return false
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!
  return isLoopback(name)
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization
  if (!h) return undefined
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h)
  return m ? m[1] : ''
}
