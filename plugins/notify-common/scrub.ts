/**
 * Keeps webhook URLs and bot tokens out of everything the notifier says: log records, error
 * messages, stacks and command results. undici errors and API error bodies can carry URLs, so
 * every string that leaves the notifier passes through `scrub`.
 */
export class Scrubber {
  readonly #pairs: Array<[string, string]> = []

  /** registers a secret and what to show instead; short values are ignored (they would mangle text) */
  add(secret: string | undefined, replacement = '[REDACTED]'): this {
    if (!secret || secret.length < 6) return this
    const variants = new Set([secret, encodeURIComponent(secret), encodeURI(secret)])
    for (const v of variants) if (!this.#pairs.some(([s]) => s === v)) this.#pairs.push([v, replacement])
    // longest first, so a full URL is replaced before the token inside it
    this.#pairs.sort((a, b) => b[0].length - a[0].length)
    return this
  }

  scrub(text: string): string {
    let out = text
    for (const [secret, replacement] of this.#pairs) if (out.includes(secret)) out = out.split(secret).join(replacement)
    return out
  }

  /** scrubs every string inside a JSON-like value (fields of a log record) */
  deep<T>(value: T): T {
    return walk(value, (s) => this.scrub(s), 0) as T
  }

  /** one line describing anything thrown, scrubbed, without a stack */
  describe(err: unknown): string {
    if (err instanceof Error) {
      const code = (err as { code?: unknown }).code
      const cause = (err as { cause?: unknown }).cause
      let text = `${err.name}${typeof code === 'string' ? ` ${code}` : ''}: ${err.message}`
      if (cause instanceof Error && cause.message && !text.includes(cause.message)) text += ` (${cause.message})`
      return this.scrub(text)
    }
    return this.scrub(String(err))
  }

  /** a fresh Error with a scrubbed message and stack and no cause chain, safe to throw */
  error<E extends Error>(err: E): E {
    err.message = this.scrub(err.message)
    if (err.stack) err.stack = this.scrub(err.stack)
    delete (err as { cause?: unknown }).cause
    return err
  }
}

function walk(value: unknown, fn: (s: string) => string, depth: number): unknown {
  if (typeof value === 'string') return fn(value)
  if (depth > 8 || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map((v) => walk(v, fn, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[fn(k)] = walk(v, fn, depth + 1)
  return out
}
