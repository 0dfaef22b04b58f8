/**
 * Payloads per preset, within each service's documented limits:
 * - Slack incoming webhook: `text` ≤ 40,000 characters; Block Kit: ≤ 50 blocks, a header's text
 *   ≤ 150, a section's text ≤ 3,000, ≤ 10 fields of ≤ 2,000 each. The plain form is `text` alone.
 * - Teams incoming webhook (MessageCard): the whole payload ≤ 28 KB.
 */
import { truncate, type Notification, type Outgoing, type Severity } from '../notify-common/index.js'
import { DEFAULT_BODY, fillTemplate, plainText } from './template.js'

export const SLACK_LIMITS = { text: 40_000, blocks: 50, header: 150, section: 3000, fields: 10, field: 2000 } as const
export const TEAMS_LIMITS = { payloadBytes: 28 * 1024 } as const

const EMOJI: Record<Severity, string> = { critical: '🔴', warning: '🟠', info: '🔵' }
const COLOR: Record<Severity, string> = { critical: 'D93F0B', warning: 'FBCA04', info: '0E8A16' }

/** Slack's mrkdwn reserves &, < and > (links, mentions): escape them so a record cannot ping @channel */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

export function renderSlack(n: Notification, plain: boolean): Outgoing {
  const text = truncate(slackEscape(`${EMOJI[n.severity]} ${plainText(n)}`), SLACK_LIMITS.text)
  if (plain) return { body: JSON.stringify({ text }), describe: `slack text (${text.length} chars)` }
  const blocks: unknown[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(`${EMOJI[n.severity]} ${n.title}`, SLACK_LIMITS.header) } }]
  if (n.description) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(slackEscape(n.description), SLACK_LIMITS.section) } })
  const fields = n.fields.map((f) => ({ type: 'mrkdwn', text: truncate(`*${slackEscape(f.name)}*\n${slackEscape(f.value)}`, SLACK_LIMITS.field) }))
  // header + description + context leave 47 blocks for fields
  for (let i = 0; i < fields.length && blocks.length < SLACK_LIMITS.blocks - 1; i += SLACK_LIMITS.fields)
    blocks.push({ type: 'section', fields: fields.slice(i, i + SLACK_LIMITS.fields) })
  const context = [n.footer, n.timestamp].filter(Boolean).join(' · ')
  if (context) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(slackEscape(context), SLACK_LIMITS.section) }] })
  return { body: JSON.stringify({ text, blocks }), describe: `slack blocks (${blocks.length} blocks, text ${text.length} chars)` }
}

function teamsCard(n: Notification, maxText: number, maxFacts: number, maxValue: number): Record<string, unknown> {
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: truncate(n.title, 200),
    themeColor: COLOR[n.severity],
    title: truncate(`${EMOJI[n.severity]} ${n.title}`, 500),
    ...(n.description ? { text: truncate(n.description, maxText) } : {}),
    sections: [
      {
        facts: n.fields.slice(0, maxFacts).map((f) => ({ name: truncate(f.name, 200), value: truncate(f.value, maxValue) })),
        ...(n.footer ? { activitySubtitle: `${n.footer} · ${n.timestamp}` } : { activitySubtitle: n.timestamp }),
      },
    ],
  }
}

/** Shrinks the description and the facts until the card's UTF-8 JSON fits 28 KB. */
export function renderTeams(n: Notification, plain: boolean): Outgoing {
  let maxText = plain ? 4000 : 20_000
  let maxFacts = plain ? 0 : 50
  let maxValue = 2000
  for (;;) {
    const body = JSON.stringify(teamsCard(n, maxText, maxFacts, maxValue))
    const bytes = Buffer.byteLength(body)
    if (bytes <= TEAMS_LIMITS.payloadBytes || (maxText <= 50 && maxFacts === 0)) return { body, describe: `teams card (${bytes} bytes)` }
    if (maxValue > 100) maxValue = Math.floor(maxValue / 2)
    else if (maxFacts > 0) maxFacts = Math.floor(maxFacts / 2)
    else maxText = Math.floor(maxText / 2)
  }
}

export function renderJson(n: Notification, template: unknown): Outgoing {
  const body = JSON.stringify(fillTemplate(template ?? DEFAULT_BODY, n))
  return { body, describe: `json body (${Buffer.byteLength(body)} bytes)` }
}
