/**
 * Telegram formatting: MarkdownV2 needs every reserved character escaped with `\` outside entities
 * (https://core.telegram.org/bots/api#markdownv2-style), HTML needs `< > &` escaped. Text is
 * escaped per character so a split can never land inside an escape sequence.
 */
export type TelegramFormat = 'MarkdownV2' | 'HTML'
export type RenderMode = TelegramFormat | 'plain'

/** `_ * [ ] ( ) ~ \` > # + - = | { } . !` and the backslash itself */
export const MARKDOWN_V2_RESERVED = '_*[]()~`>#+-=|{}.!\\'
const MD_RE = /[_*[\]()~`>#+\-=|{}.!\\]/g

export function escapeMarkdownV2(text: string): string {
  return text.replace(MD_RE, '\\$&')
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

export function escapeFor(mode: RenderMode, text: string): string {
  if (mode === 'MarkdownV2') return escapeMarkdownV2(text)
  if (mode === 'HTML') return escapeHtml(text)
  return text
}

/** Markers around bold text; plain text has none. */
export function boldMarkers(mode: RenderMode): [string, string] {
  if (mode === 'MarkdownV2') return ['*', '*']
  if (mode === 'HTML') return ['<b>', '</b>']
  return ['', '']
}
