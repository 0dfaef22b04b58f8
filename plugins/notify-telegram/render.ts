/**
 * Notification → Telegram message text(s) in the seed 001 layout:
 *
 *   🚨 *Position Closed - Unrealized Loss Limit*
 *
 *   Account: ABC123 (TopstepX Main)
 *   …
 *   Action: Position closed automatically
 *
 *   Time: 2025-10-15 10:23:45 CT
 *
 * Text over 4096 characters is split on line boundaries; a single longer line is cut between
 * characters, with its bold entity closed before the cut and reopened after it.
 */
import { SEVERITY_EMOJI } from '../notify-common/severity.js'
import { clean } from '../notify-common/text.js'
import type { Notification } from '../notify-common/types.js'
import { boldMarkers, escapeFor, type RenderMode } from './escape.js'

export const TELEGRAM_TEXT_LIMIT = 4096

export interface Segment {
  text: string
  bold?: boolean
}
export type Line = Segment[]

export function layout(n: Notification): Line[] {
  const lines: Line[] = [[{ text: `${SEVERITY_EMOJI[n.severity]} ` }, { text: clean(n.title), bold: true }]]
  if (n.description) {
    lines.push([])
    for (const l of clean(n.description).split('\n')) lines.push([{ text: l }])
  }
  const time = n.fields.filter((f) => f.name === 'Time')
  const rest = n.fields.filter((f) => f.name !== 'Time')
  if (rest.length) lines.push([])
  const field = (name: string, value: string) => {
    const [first, ...more] = clean(value).split('\n')
    lines.push([{ text: `${clean(name)}: ${first}` }])
    for (const m of more) lines.push([{ text: m }])
  }
  for (const f of rest) field(f.name, f.value)
  if (time.length) lines.push([])
  for (const f of time) field(f.name, f.value)
  return lines
}

function renderLine(line: Line, mode: RenderMode): string {
  let out = ''
  for (const seg of line) {
    if (!seg.text) continue
    const [open, close] = seg.bold ? boldMarkers(mode) : ['', '']
    out += open + escapeFor(mode, seg.text) + close
  }
  return out
}

/** Cuts one over-long line into pieces of at most `max`, each with its entities closed. */
function splitLongLine(line: Line, mode: RenderMode, max: number): string[] {
  const pieces: string[] = []
  let cur = ''
  for (const seg of line) {
    const [open, close] = seg.bold ? boldMarkers(mode) : ['', '']
    let rest = seg.text
    while (rest) {
      const avail = max - cur.length - open.length - close.length
      let taken = 0
      let escaped = ''
      for (const ch of rest) {
        const e = escapeFor(mode, ch)
        if (escaped.length + e.length > avail) break
        escaped += e
        taken += ch.length
      }
      if (taken === 0) {
        if (!cur) throw new Error('telegram: message limit too small for one character')
        pieces.push(cur)
        cur = ''
        continue
      }
      cur += open + escaped + close
      rest = rest.slice(taken)
      if (rest) {
        pieces.push(cur)
        cur = ''
      }
    }
  }
  if (cur) pieces.push(cur)
  return pieces
}

/** The message texts for a notification; every one is non-empty and at most `max` characters. */
export function renderTelegram(n: Notification, mode: RenderMode, max = TELEGRAM_TEXT_LIMIT): string[] {
  const chunks: string[] = []
  let cur: string[] = []
  let size = -1
  const flush = () => {
    while (cur.length && !cur[cur.length - 1].trim()) cur.pop()
    if (cur.length) chunks.push(cur.join('\n'))
    cur = []
    size = -1
  }
  for (const line of layout(n)) {
    const s = renderLine(line, mode)
    if (s.length > max) {
      flush()
      const pieces = splitLongLine(line, mode, max)
      chunks.push(...pieces.slice(0, -1))
      cur = [pieces[pieces.length - 1]]
      size = cur[0].length
      continue
    }
    if (size + 1 + s.length > max) flush()
    if (cur.length === 0 && !s.trim()) continue
    cur.push(s)
    size += 1 + s.length
  }
  flush()
  return chunks
}
