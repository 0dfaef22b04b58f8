/**
 * A local server that behaves like Discord's webhook endpoint: validates the payload against
 * Discord's limits (400 Invalid Form Body), answers unknown webhooks with 404 (code 10015), sends
 * rate-limit headers, and can produce 429s with Discord's body and header shapes.
 */
import { FakeApi, type RecordedRequest, type Reply } from './fake-server.js'

export const DISCORD_SECRET_TOKEN = 'wHkT0ken_sEcReT-9f8e7d6c5b4a3210ZYXWVUTSRQPONMLKJIHGFEDCBA'

interface Embed {
  title?: string
  description?: string
  fields?: Array<{ name: string; value: string; inline?: boolean }>
  footer?: { text?: string }
  author?: { name?: string }
  timestamp?: string
  color?: number
}

/** Every violation of Discord's message and embed limits, as `path: reason`. */
export function discordViolations(body: unknown): string[] {
  const out: string[] = []
  if (typeof body !== 'object' || body === null) return ['body: not an object']
  const b = body as { content?: unknown; embeds?: unknown; username?: unknown }
  if (b.content !== undefined && (typeof b.content !== 'string' || b.content.length > 2000)) out.push('content: Must be 2000 or fewer in length.')
  if (typeof b.username === 'string' && b.username.length > 80) out.push('username: Must be 80 or fewer in length.')
  const embeds = (b.embeds ?? []) as Embed[]
  if (!Array.isArray(embeds)) return [...out, 'embeds: not an array']
  if (embeds.length > 10) out.push('embeds: Must be 10 or fewer in length.')
  if (!b.content && embeds.length === 0) out.push('Cannot send an empty message')
  let total = 0
  embeds.forEach((e, i) => {
    const len = (s: unknown, max: number, path: string) => {
      if (s === undefined) return 0
      if (typeof s !== 'string') {
        out.push(`embeds.${i}.${path}: not a string`)
        return 0
      }
      if (s.length > max) out.push(`embeds.${i}.${path}: Must be ${max} or fewer in length.`)
      return s.length
    }
    let n =
      len(e.title, 256, 'title') + len(e.description, 4096, 'description') + len(e.footer?.text, 2048, 'footer.text') + len(e.author?.name, 256, 'author.name')
    const fields = e.fields ?? []
    if (fields.length > 25) out.push(`embeds.${i}.fields: Must be 25 or fewer in length.`)
    fields.forEach((f, j) => {
      if (!f.name) out.push(`embeds.${i}.fields.${j}.name: This field is required`)
      if (!f.value) out.push(`embeds.${i}.fields.${j}.value: This field is required`)
      n += len(f.name, 256, `fields.${j}.name`) + len(f.value, 1024, `fields.${j}.value`)
    })
    if (e.timestamp !== undefined && Number.isNaN(Date.parse(e.timestamp))) out.push(`embeds.${i}.timestamp: Could not parse`)
    total += n
  })
  if (total > 6000) out.push('embeds: Embed size exceeds maximum size of 6000')
  return out
}

export class FakeDiscord extends FakeApi {
  /** webhook id → token of the webhooks that exist */
  readonly webhooks = new Map<string, string>()
  /** optional emulation of a per-webhook bucket: `limit` requests per `windowMs` */
  bucket: { limit: number; windowMs: number } | undefined
  #bucketState = new Map<string, { resetAt: number; used: number }>()
  #messageId = 1000

  /** Registers a webhook and returns the URL a user would paste (https://discord.com/…, token included). */
  addWebhook(id = String(100000000000000000n + BigInt(this.webhooks.size + 1)), token = DISCORD_SECRET_TOKEN): string {
    this.webhooks.set(id, token)
    return `https://discord.com/api/webhooks/${id}/${token}`
  }

  /** the apiBaseUrl option pointing at this server */
  get apiBaseUrl(): string {
    return `${this.origin}/api/v10`
  }

  /** embeds (or content) of the requests Discord accepted */
  get messages(): Array<{ embeds: Embed[]; content?: string; path: string; query: URLSearchParams }> {
    return this.delivered.map((r) => ({ ...(r.body as { embeds: Embed[]; content?: string }), path: r.path, query: r.query }))
  }

  protected answer(req: RecordedRequest): Reply {
    const m = /^\/api\/v10\/webhooks\/(\d+)\/([^/]+)$/.exec(req.path)
    if (req.method !== 'POST' || !m) return { status: 404, body: { message: '404: Not Found', code: 0 } }
    const token = this.webhooks.get(m[1])
    if (token === undefined) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } }
    if (token !== m[2]) return { status: 401, body: { message: 'Invalid Webhook Token', code: 50027 } }
    if (req.body === undefined) return { status: 400, body: { message: 'The request body contains invalid JSON.', code: 50109 } }
    const violations = discordViolations(req.body)
    if (violations.length) {
      return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: { _violations: violations } } }
    }
    const headers = this.#rateHeaders(m[1])
    if (headers.limited) return rateLimited(Number(headers.headers['x-ratelimit-reset-after']), false, headers.headers)
    const wait = req.query.get('wait') === 'true'
    if (!wait) return { status: 204, headers: headers.headers }
    return {
      status: 200,
      headers: headers.headers,
      body: { id: String(++this.#messageId), type: 0, webhook_id: m[1], channel_id: '1', ...(req.body as object) },
    }
  }

  #rateHeaders(id: string): { headers: Record<string, string>; limited: boolean } {
    if (!this.bucket) return { headers: {}, limited: false }
    const now = Date.now()
    let s = this.#bucketState.get(id)
    if (!s || now >= s.resetAt) {
      s = { resetAt: now + this.bucket.windowMs, used: 0 }
      this.#bucketState.set(id, s)
    }
    const limited = s.used >= this.bucket.limit
    if (!limited) s.used++
    const resetAfter = ((s.resetAt - now) / 1000).toFixed(3)
    return {
      limited,
      headers: {
        'x-ratelimit-limit': String(this.bucket.limit),
        'x-ratelimit-remaining': String(Math.max(0, this.bucket.limit - s.used)),
        'x-ratelimit-reset': (s.resetAt / 1000).toFixed(3),
        'x-ratelimit-reset-after': resetAfter,
        'x-ratelimit-bucket': 'f2a5c2d1e0b9a8c7d6e5f4a3b2c1d0e9',
      },
    }
  }
}

/** A 429 exactly as Discord sends it: JSON body with float seconds, plus headers. */
export function rateLimited(retryAfterSeconds: number, global = false, extra: Record<string, string> = {}): Reply {
  return {
    status: 429,
    headers: {
      'retry-after': String(Math.ceil(retryAfterSeconds)),
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': retryAfterSeconds.toFixed(3),
      'x-ratelimit-bucket': 'f2a5c2d1e0b9a8c7d6e5f4a3b2c1d0e9',
      'x-ratelimit-scope': global ? 'global' : 'user',
      ...(global ? { 'x-ratelimit-global': 'true' } : {}),
      ...extra,
    },
    body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global },
  }
}
