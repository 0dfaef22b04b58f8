/**
 * The CLI's HTTP client for the control API: JSON requests with the cached bearer token, NDJSON
 * streams, and every failure turned into a CliError that says what to do next.
 */
import type { ErrorBody as ControlErrorBody } from '../../lib/control-api/index.js'
import type { LwError } from '../../core/errors.js'
import { CliError, CliErrors, kindOfStatus } from './errors.js'
import { loadToken, type Role } from './token-cache.js'

export const DEFAULT_URL = 'http://127.0.0.1:5555'

/** a control API refusal, or whatever a proxy in between answered */
type ErrorBody = { error?: Partial<ControlErrorBody['error']> }

export function noDaemon(url: string): LwError {
  return CliErrors.NO_DAEMON(url)
}

export class DaemonClient {
  readonly url: string

  constructor(
    url: string,
    readonly token?: string,
    readonly role: Role = 'read',
    private readonly timeoutMs = 15_000,
  ) {
    this.url = url.replace(/\/+$/, '')
    try {
      new URL(this.url)
    } catch {
      throw CliErrors.USAGE(`--url ${JSON.stringify(url)} is not a URL; e.g. http://127.0.0.1:5555`)
    }
  }

  /** A client carrying the cached token able to do `need`, when there is one. */
  static for(url: string, need: Role): DaemonClient {
    return new DaemonClient(url, loadToken(url, need)?.token, need)
  }

  async get<T>(path: string, query?: URLSearchParams): Promise<T> {
    return this.#json<T>('GET', path, query, undefined)
  }

  async post<T>(path: string, body?: unknown): Promise<T> {
    return this.#json<T>('POST', path, undefined, body ?? {})
  }

  /** Calls `onLine` for each NDJSON line until the stream ends or `signal` aborts. */
  async stream(path: string, query: URLSearchParams, onLine: (line: string) => void, signal: AbortSignal): Promise<void> {
    const res = await this.#fetch('GET', path, query, undefined, signal, false)
    if (!res.ok) await this.#fail(res)
    const decoder = new TextDecoder()
    let rest = ''
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n')
        rest = lines.pop()!
        for (const line of lines) if (line !== '') onLine(line)
      }
    } catch (err) {
      if (signal.aborted) return
      throw CliErrors.STREAM(this.url, (err as Error).message)
    }
  }

  async #json<T>(method: string, path: string, query: URLSearchParams | undefined, body: unknown): Promise<T> {
    const res = await this.#fetch(method, path, query, body, undefined, true)
    if (!res.ok) await this.#fail(res)
    try {
      return (await res.json()) as T
    } catch {
      throw CliErrors.NOT_LOGWARDEN(this.url)
    }
  }

  async #fetch(
    method: string,
    path: string,
    query: URLSearchParams | undefined,
    body: unknown,
    signal: AbortSignal | undefined,
    timeout: boolean,
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (this.token) headers.authorization = `Bearer ${this.token}`
    if (body !== undefined) headers['content-type'] = 'application/json'
    const qs = query && [...query].length ? `?${query}` : ''
    const signals = [signal, timeout ? AbortSignal.timeout(this.timeoutMs) : undefined].filter((s): s is AbortSignal => s !== undefined)
    try {
      return await fetch(`${this.url}${path}${qs}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: signals.length ? AbortSignal.any(signals) : undefined,
      })
    } catch (err) {
      if ((err as Error).name === 'TimeoutError') {
        throw CliErrors.TIMEOUT(this.url, this.timeoutMs / 1000)
      }
      throw noDaemon(this.url)
    }
  }

  async #fail(res: Response): Promise<never> {
    let body: ErrorBody = {}
    try {
      body = (await res.json()) as ErrorBody
    } catch {
      // not our JSON: described by status below
    }
    const code = body.error?.code ?? `HTTP_${res.status}`
    const message = body.error?.message ?? `the daemon answered ${res.status} ${res.statusText}`
    // the status, not the code: a newer daemon's codes are not in this CLI's registry
    const kind = kindOfStatus(res.status)
    if (res.status === 401) {
      const what = this.token ? `the daemon refused the cached ${this.role} token (expired, or the daemon's secret changed)` : 'this daemon needs a login'
      throw new CliError(code, `${what}: run \`logwarden login --role ${this.role}${this.url === DEFAULT_URL ? '' : ` --url ${this.url}`}\``, kind)
    }
    if (res.status === 429) {
      const after = res.headers.get('retry-after')
      throw new CliError(code, `the daemon is rate-limiting this client; retry in ${after ?? 'a few'} s`, kind)
    }
    // 422: the daemon could not use a config (a reload of a bad file)
    throw new CliError(code, message, kind)
  }
}
