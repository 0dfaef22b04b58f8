/**
 * A loopback HTTP server standing in for a remote API: it records every request and answers
 * through scriptable responders, falling back to `answer` (the API's normal reply). Notifier
 * tests point a transport's URL at `origin` and look at `requests` / `delivered`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface RecordedRequest {
  /** performance.now() when the request body was complete */
  at: number
  method: string
  path: string
  query: URLSearchParams
  headers: Record<string, string | string[] | undefined>
  raw: string
  /** parsed JSON body, or undefined when unparseable */
  body: unknown
  /** status the server answered (0 for a reset connection) */
  status: number
}

export interface Reply {
  status: number
  headers?: Record<string, string>
  /** an object is sent as JSON, a string as it is */
  body?: unknown
  /** wait this long before answering (a slow API) */
  delayMs?: number
  /** destroy the connection instead of answering (a connection reset) */
  reset?: boolean
}

/** Returns a reply to override the default behaviour, or undefined to let the next responder or the default answer. */
export type Responder = (req: RecordedRequest) => Reply | undefined

export class LoopbackServer {
  readonly requests: RecordedRequest[] = []
  #server: Server | undefined
  #sockets = new Set<Socket>()
  #responders: Array<{ fn: Responder; times: number }> = []
  port = 0

  /** `answer`: the normal reply (validation, success); by default 200 with `{ ok: true }` */
  constructor(private readonly normalReply: (req: RecordedRequest) => Reply = () => ({ status: 200, body: { ok: true } })) {}

  /** Adds a responder used for the next `times` requests it answers (Infinity by default). */
  respond(fn: Responder, times = Infinity): this {
    this.#responders.push({ fn, times })
    return this
  }

  clearResponders(): void {
    this.#responders = []
  }

  /** requests answered with 2xx: what a user would have seen arrive */
  get delivered(): RecordedRequest[] {
    return this.requests.filter((r) => r.status >= 200 && r.status < 300)
  }

  /**
   * Listens on a fresh loopback port. There is no "listen again on that port": a port closed and
   * reused by number can be taken by another process in between. To make the API unreachable for a
   * while, keep it listening and reset every connection (`respond(() => ({ status: 0, reset: true }))`,
   * then `clearResponders()`), or answer 5xx.
   */
  async listen(): Promise<number> {
    const server = createServer((req, res) => this.#handle(req, res))
    server.keepAliveTimeout = 5000
    server.on('connection', (s) => {
      this.#sockets.add(s)
      s.on('close', () => this.#sockets.delete(s))
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
    this.#server = server
    this.port = (server.address() as AddressInfo).port
    return this.port
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`
  }

  async close(): Promise<void> {
    const server = this.#server
    if (!server) return
    this.#server = undefined
    for (const s of this.#sockets) s.destroy()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      let body: unknown
      try {
        body = JSON.parse(raw)
      } catch {
        body = undefined
      }
      const url = new URL(req.url ?? '/', 'http://x')
      const rec: RecordedRequest = {
        at: performance.now(),
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        raw,
        body,
        status: 0,
      }
      this.requests.push(rec)
      let reply: Reply | undefined
      for (const r of this.#responders) {
        if (r.times <= 0) continue
        reply = r.fn(rec)
        if (reply) {
          r.times--
          break
        }
      }
      reply ??= this.normalReply(rec)
      const send = () => {
        if (reply!.reset) {
          rec.status = 0
          req.socket.destroy()
          return
        }
        rec.status = reply!.status
        const text = reply!.body === undefined ? '' : typeof reply!.body === 'string' ? reply!.body : JSON.stringify(reply!.body)
        res.writeHead(reply!.status, { 'content-type': 'application/json', ...reply!.headers })
        res.end(text)
      }
      if (reply.delayMs) setTimeout(send, reply.delayMs)
      else send()
    })
  }
}
