/**
 * Notification → Discord webhook payloads (seed 001 embed), never one Discord rejects:
 * every limit is enforced here, text is truncated with `…`, and fields that do not fit in one embed
 * or one message continue in the next message rather than being lost.
 */
import { SEVERITY_COLOR, SEVERITY_EMOJI } from '../notify-common/severity.js'
import { clean, truncate } from '../notify-common/text.js'
import type { Outgoing } from '../notify-common/transport.js'
import type { Notification } from '../notify-common/types.js'

/** https://discord.com/developers/docs/resources/message#embed-object-embed-limits */
export const DISCORD_LIMITS = Object.freeze({
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  /** all text of all embeds of one message */
  total: 6000,
  embeds: 10,
  content: 2000,
  username: 80,
})

export interface DiscordEmbed {
  title?: string
  description?: string
  color?: number
  fields?: Array<{ name: string; value: string; inline?: boolean }>
  footer?: { text: string }
  timestamp?: string
}

export interface DiscordPayload {
  content?: string
  username?: string
  avatar_url?: string
  embeds?: DiscordEmbed[]
  /** alert text comes from logs: never let it ping @everyone or a role */
  allowed_mentions: { parse: never[] }
}

export interface DiscordIdentity {
  username?: string
  avatarUrl?: string
}

/** Characters Discord counts toward the 6000 total of an embed. */
export function embedLength(e: DiscordEmbed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0)
  for (const f of e.fields ?? []) n += f.name.length + f.value.length
  return n
}

const CONTINUED = ' (continued)'

export function renderEmbeds(n: Notification): DiscordEmbed[] {
  const color = SEVERITY_COLOR[n.severity]
  const title = truncate(clean(`${SEVERITY_EMOJI[n.severity]} ${n.title}`), DISCORD_LIMITS.title)
  const contTitle = truncate(clean(`${SEVERITY_EMOJI[n.severity]} ${n.title}`), DISCORD_LIMITS.title - CONTINUED.length) + CONTINUED
  const footer = n.footer ? truncate(clean(n.footer), DISCORD_LIMITS.footer) : undefined
  const footerLen = footer?.length ?? 0
  const descMax = Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.total - title.length - footerLen)
  const description = n.description ? truncate(clean(n.description), descMax) : undefined
  const timestamp = Number.isNaN(Date.parse(n.timestamp)) ? undefined : new Date(n.timestamp).toISOString()

  const embeds: DiscordEmbed[] = []
  let cur: DiscordEmbed = { title, ...(description ? { description } : {}), color, fields: [] }
  // the footer goes on the last embed; reserve room for it in each so whichever is last has space
  let used = embedLength(cur) + footerLen
  for (const f of n.fields) {
    const field = {
      name: truncate(clean(f.name).trim() || '\u200b', DISCORD_LIMITS.fieldName),
      value: truncate(clean(f.value).trim() || '—', DISCORD_LIMITS.fieldValue),
      inline: false,
    }
    const len = field.name.length + field.value.length
    if (cur.fields!.length >= DISCORD_LIMITS.fields || used + len > DISCORD_LIMITS.total) {
      embeds.push(cur)
      cur = { title: contTitle, color, fields: [] }
      used = contTitle.length + footerLen
    }
    cur.fields!.push(field)
    used += len
  }
  embeds.push(cur)
  const last = embeds[embeds.length - 1]
  if (footer) last.footer = { text: footer }
  if (timestamp) last.timestamp = timestamp
  for (const e of embeds) if (e.fields!.length === 0) delete e.fields
  return embeds
}

/** Packs embeds into messages: at most 10 embeds and 6000 characters a message. */
export function packEmbeds(embeds: DiscordEmbed[]): DiscordEmbed[][] {
  const messages: DiscordEmbed[][] = []
  let cur: DiscordEmbed[] = []
  let total = 0
  for (const e of embeds) {
    const len = embedLength(e)
    if (cur.length && (cur.length >= DISCORD_LIMITS.embeds || total + len > DISCORD_LIMITS.total)) {
      messages.push(cur)
      cur = []
      total = 0
    }
    cur.push(e)
    total += len
  }
  if (cur.length) messages.push(cur)
  return messages
}

/** Plain text for when Discord rejected the embed: content only, split on lines at 2000. */
export function renderPlain(n: Notification): string[] {
  const lines = [`${SEVERITY_EMOJI[n.severity]} ${n.title}`]
  if (n.description) lines.push(n.description)
  for (const f of n.fields) lines.push(`${f.name}: ${f.value}`)
  return splitLines(clean(lines.join('\n')), DISCORD_LIMITS.content)
}

/** Splits text into chunks of at most `max` on line boundaries; a longer line is cut (surrogate-safe). */
export function splitLines(text: string, max: number): string[] {
  const chunks: string[] = []
  let cur = ''
  const push = () => {
    if (cur.trim()) chunks.push(cur)
    cur = ''
  }
  for (let line of text.split('\n')) {
    while (line.length > max) {
      let cut = max
      const code = line.charCodeAt(cut - 1)
      if (code >= 0xd800 && code <= 0xdbff) cut--
      push()
      chunks.push(line.slice(0, cut))
      line = line.slice(cut)
    }
    if (cur && cur.length + 1 + line.length > max) push()
    cur = cur ? `${cur}\n${line}` : line
  }
  push()
  return chunks
}

function identity(id: DiscordIdentity): Pick<DiscordPayload, 'username' | 'avatar_url'> {
  return {
    ...(id.username ? { username: truncate(clean(id.username), DISCORD_LIMITS.username) } : {}),
    ...(id.avatarUrl ? { avatar_url: id.avatarUrl } : {}),
  }
}

export function renderDiscord(n: Notification, id: DiscordIdentity, plain: boolean): Outgoing[] {
  if (plain) {
    return renderPlain(n).map((content) => {
      const payload: DiscordPayload = { content, ...identity(id), allowed_mentions: { parse: [] } }
      const body = JSON.stringify(payload)
      return { body, describe: `plain content (${content.length} chars, ${Buffer.byteLength(body)} bytes)` }
    })
  }
  return packEmbeds(renderEmbeds(n)).map((embeds) => {
    const payload: DiscordPayload = { ...identity(id), embeds, allowed_mentions: { parse: [] } }
    const body = JSON.stringify(payload)
    const chars = embeds.reduce((s, e) => s + embedLength(e), 0)
    return {
      body,
      describe: `${embeds.length} embed(s), ${embeds.reduce((s, e) => s + (e.fields?.length ?? 0), 0)} field(s), ${chars} chars, ${Buffer.byteLength(body)} bytes`,
    }
  })
}
