/**
 * Loopback stand-ins for Slack and Teams incoming webhooks, enforcing what their documentation
 * states: Slack refuses `text` over 40,000 characters and malformed Block Kit (400
 * invalid_blocks), and answers 429 with `Retry-After` to more than about one message per second;
 * Teams refuses a payload over 28 KB (413) and can answer 429 with `Retry-After`.
 */
import { LoopbackServer, type RecordedRequest, type Reply } from '../../../lib/test-kit/index.js'
import { SLACK_LIMITS, TEAMS_LIMITS } from '../render.js'

export const SLACK_PATH = '/services/T0000000/B0000000/SlackSecretToken123456'
export const TEAMS_PATH = '/webhookb2/teams-secret-0000/IncomingWebhook/abc/def'

function text(status: number, body: string, headers: Record<string, string> = {}): Reply {
  return { status, body, headers: { 'content-type': 'text/plain', ...headers } }
}

function slackBlocksProblem(blocks: unknown): string | undefined {
  if (!Array.isArray(blocks)) return 'blocks must be an array'
  if (blocks.length > SLACK_LIMITS.blocks) return 'too many blocks'
  for (const b of blocks as Array<Record<string, unknown>>) {
    const t = (b.text as { text?: string } | undefined)?.text ?? ''
    if (b.type === 'header' && t.length > SLACK_LIMITS.header) return 'header text too long'
    if (b.type === 'section') {
      if (t.length > SLACK_LIMITS.section) return 'section text too long'
      const fields = b.fields as Array<{ text: string }> | undefined
      if (fields && (fields.length > SLACK_LIMITS.fields || fields.some((f) => f.text.length > SLACK_LIMITS.field))) return 'section fields over the limit'
    }
  }
  return undefined
}

export class SlackStandIn extends LoopbackServer {
  #lastAccepted = -Infinity
  /**
   * `minGapMs`: a request closer than this to the last accepted one is over Slack's 1 msg/s. It is
   * measured on arrival, so a loaded machine's jitter can shrink a gap the sender kept: tests that
   * assert "no 429 at all" give it a margin.
   */
  constructor(private readonly minGapMs = 900) {
    super((req) => this.#answer(req))
  }

  get url(): string {
    return `${this.origin}${SLACK_PATH}`
  }

  #answer(req: RecordedRequest): Reply {
    if (req.method !== 'POST') return text(405, 'invalid_method')
    if (req.path !== SLACK_PATH) return text(404, 'no_service')
    const body = req.body as { text?: unknown; blocks?: unknown } | undefined
    if (!body || (typeof body.text !== 'string' && body.blocks === undefined)) return text(400, 'no_text')
    if (typeof body.text === 'string' && body.text.length > SLACK_LIMITS.text) return text(400, 'msg_too_long')
    if (body.blocks !== undefined && slackBlocksProblem(body.blocks)) return text(400, 'invalid_blocks')
    if (req.at - this.#lastAccepted < this.minGapMs) return text(429, 'rate_limited', { 'retry-after': '1' })
    this.#lastAccepted = req.at
    return text(200, 'ok')
  }

  /** the accepted messages' bodies */
  get messages(): Array<{ text: string; blocks?: unknown[] }> {
    return this.delivered.map((r) => r.body as { text: string; blocks?: unknown[] })
  }
}

export class TeamsStandIn extends LoopbackServer {
  constructor() {
    super((req) => this.#answer(req))
  }

  get url(): string {
    return `${this.origin}${TEAMS_PATH}`
  }

  #answer(req: RecordedRequest): Reply {
    if (req.method !== 'POST') return text(405, 'Method not allowed')
    if (req.path !== TEAMS_PATH) return text(404, 'Webhook not found')
    if (Buffer.byteLength(req.raw) > TEAMS_LIMITS.payloadBytes) return text(413, 'Payload too large')
    const card = req.body as { '@type'?: unknown; summary?: unknown; text?: unknown } | undefined
    if (!card || card['@type'] !== 'MessageCard' || (typeof card.summary !== 'string' && typeof card.text !== 'string'))
      return text(400, 'Summary or Text is required.')
    return text(200, '1')
  }

  get cards(): Array<Record<string, unknown>> {
    return this.delivered.map((r) => r.body as Record<string, unknown>)
  }
}
