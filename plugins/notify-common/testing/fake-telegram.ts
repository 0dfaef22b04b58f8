/**
 * A local server that behaves like the Telegram Bot API's sendMessage: parses MarkdownV2 and HTML
 * as strictly as Telegram (400 "can't parse entities" on an unescaped reserved character or an
 * unknown tag), enforces 4096 characters after parsing, answers 401 for a wrong token, and 400 with
 * `migrate_to_chat_id` for a group that was upgraded to a supergroup.
 */
import { FakeApi, type RecordedRequest, type Reply } from './fake-server.js'

export const TELEGRAM_SECRET_TOKEN = '7712345678:AAHsEcReT-t0kEn_9f8e7d6c5b4a3210zyxwvu'

type Parsed = { text: string } | { error: string }

/** Telegram MarkdownV2 rules: reserved characters must be escaped outside entities; entities must close. */
export function parseMarkdownV2(s: string): Parsed {
  const stack: string[] = []
  let out = ''
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    if (c === '\\') {
      const next = s[i + 1]
      if (next === undefined) return { error: "Can't parse entities: character '\\' is reserved and must be escaped with the preceding '\\'" }
      const code = next.charCodeAt(0)
      if (code < 1 || code > 126) return { error: `Can't parse entities: character '${next}' can't be escaped` }
      out += next
      i++
      continue
    }
    if (c === '`') {
      const end = s.indexOf('`', i + 1)
      if (end < 0) return { error: `Can't parse entities: can't find end of Code entity at byte offset ${i}` }
      out += s.slice(i + 1, end)
      i = end
      continue
    }
    let marker: string | undefined
    if (c === '*' || c === '~') marker = c
    else if (c === '_') marker = s[i + 1] === '_' ? '__' : '_'
    else if (c === '|' && s[i + 1] === '|') marker = '||'
    if (marker) {
      if (stack[stack.length - 1] === marker) stack.pop()
      else stack.push(marker)
      i += marker.length - 1
      continue
    }
    if (c === '>' && (i === 0 || s[i - 1] === '\n')) continue // blockquote
    if ('_*[]()~`>#+-=|{}.!'.includes(c)) {
      return { error: `Can't parse entities: character '${c}' is reserved and must be escaped with the preceding '\\'` }
    }
    out += c
  }
  if (stack.length) return { error: `Can't parse entities: can't find end of ${stack[stack.length - 1]} entity` }
  return { text: out }
}

const HTML_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'code', 'pre', 'blockquote', 'tg-spoiler'])

/** Telegram HTML rules: only supported tags, balanced; `<`, `>` and `&` outside tags must be entities. */
export function parseHtml(s: string): Parsed {
  const stack: string[] = []
  let out = ''
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    if (c === '<') {
      const m = /^<(\/?)([a-z-]+)>/.exec(s.slice(i))
      if (!m || !HTML_TAGS.has(m[2])) return { error: `Can't parse entities: unsupported start tag at byte offset ${i}` }
      if (m[1]) {
        if (stack.pop() !== m[2]) return { error: `Can't parse entities: unmatched end tag at byte offset ${i}` }
      } else stack.push(m[2])
      i += m[0].length - 1
      continue
    }
    if (c === '&') {
      const m = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);/.exec(s.slice(i))
      if (!m) return { error: `Can't parse entities: unsupported HTML entity at byte offset ${i}` }
      out += ({ lt: '<', gt: '>', amp: '&', quot: '"' } as Record<string, string>)[m[1]] ?? '?'
      i += m[0].length - 1
      continue
    }
    if (c === '>') return { error: `Can't parse entities: character '>' must be escaped at byte offset ${i}` }
    out += c
  }
  if (stack.length) return { error: `Can't parse entities: can't find end tag corresponding to start tag "${stack.pop()}"` }
  return { text: out }
}

export interface SentMessage {
  chat_id: string | number
  text: string
  parse_mode?: string
  disable_notification?: boolean
  message_thread_id?: number
  /** the text as a reader sees it (entities parsed) */
  visible: string
}

export class FakeTelegram extends FakeApi {
  /** chats that exist */
  readonly chats = new Set<string>(['-1001234567890'])
  /** old group id → supergroup id */
  readonly migrated = new Map<string, string>()
  #messageId = 1

  constructor(readonly token = TELEGRAM_SECRET_TOKEN) {
    super()
  }

  get apiBaseUrl(): string {
    return this.origin
  }

  get sent(): SentMessage[] {
    return this.delivered.map((r) => {
      const b = r.body as SentMessage
      const parsed = b.parse_mode === 'MarkdownV2' ? parseMarkdownV2(b.text) : b.parse_mode === 'HTML' ? parseHtml(b.text) : { text: b.text }
      return { ...b, visible: 'text' in parsed ? parsed.text : '' }
    })
  }

  protected answer(req: RecordedRequest): Reply {
    const m = /^\/bot([^/]+)\/sendMessage$/.exec(req.path)
    if (!m || m[1] !== this.token)
      return { status: m ? 401 : 404, body: { ok: false, error_code: m ? 401 : 404, description: m ? 'Unauthorized' : 'Not Found' } }
    const bad = (description: string, parameters?: object): Reply => ({
      status: 400,
      body: { ok: false, error_code: 400, description: `Bad Request: ${description}`, ...(parameters ? { parameters } : {}) },
    })
    const body = req.body as Partial<SentMessage> | undefined
    if (!body) return bad("can't parse JSON")
    const chat = String(body.chat_id ?? '')
    const to = this.migrated.get(chat)
    if (to) return bad('group chat was upgraded to a supergroup chat', { migrate_to_chat_id: Number(to) })
    if (!this.chats.has(chat)) return bad('chat not found')
    if (typeof body.text !== 'string' || !body.text.trim()) return bad('message text is empty')
    const parsed =
      body.parse_mode === 'MarkdownV2'
        ? parseMarkdownV2(body.text)
        : body.parse_mode === 'HTML'
          ? parseHtml(body.text)
          : body.parse_mode === undefined
            ? { text: body.text }
            : { error: `unsupported parse_mode ${body.parse_mode}` }
    if ('error' in parsed) return bad(parsed.error)
    if (!parsed.text.trim()) return bad('message text is empty')
    if (parsed.text.length > 4096) return bad('message is too long')
    return {
      status: 200,
      body: {
        ok: true,
        result: { message_id: ++this.#messageId, chat: { id: Number(chat), type: 'supergroup' }, date: Math.floor(Date.now() / 1000), text: parsed.text },
      },
    }
  }
}

/** A 429 exactly as the Bot API sends it. */
export function telegramRateLimited(retryAfterSeconds: number): Reply {
  return {
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds) },
    body: { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retryAfterSeconds}`, parameters: { retry_after: retryAfterSeconds } },
  }
}
