/** The one channel (`default`) of a webhook notifier, and the checks of its options. */
import { NotifierErrors, type ChannelDef, type Secrets } from '../notify-common/index.js'
import type { WebhookOptions } from './schema.js'
import { unknownPlaceholders } from './template.js'
import type { WebhookTarget } from './transport.js'

export const PLUGIN_NAME = 'notify-webhook'

/** Slack accepts about one message per second per webhook; a faster configured rate is capped to it */
const SLACK_RATE = { max: 1, intervalMs: 1000 }

/** Problems with the options, worded without their values (the URL and headers hold secrets). */
export function webhookProblems(options: WebhookOptions): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = []
  let url: URL | undefined
  try {
    url = new URL(options.url)
  } catch {
    out.push({ path: 'url', message: 'must be an http:// or https:// URL (copy the webhook URL from the service)' })
  }
  if (url && url.protocol !== 'https:' && url.protocol !== 'http:') out.push({ path: 'url', message: 'must be an http:// or https:// URL' })
  if (options.body !== undefined && options.preset !== 'json')
    out.push({ path: 'body', message: `is only used by preset "json" (preset "${options.preset}" renders its own payload)` })
  const unknown = unknownPlaceholders(options.body)
  if (unknown.length)
    out.push({
      path: 'body',
      message: `names unknown placeholders ${unknown.map((u) => `{{${u}}}`).join(', ')}; use {{title}}, {{description}}, {{severity}}, {{timestamp}}, {{footer}}, {{text}}, {{fields}} or {{fieldsText}}`,
    })
  return out
}

export function webhookChannels(options: WebhookOptions, secrets: Secrets): Array<ChannelDef<WebhookTarget>> {
  secrets.add(options.url, '[REDACTED webhook URL]')
  for (const value of Object.values(options.headers)) secrets.add(value)
  const first = webhookProblems(options)[0]
  if (first) throw NotifierErrors.CONFIG(PLUGIN_NAME, `${first.path} ${first.message}`)
  const configured = options.rateLimit
  const faster = configured.max === 0 || configured.max / configured.intervalMs > SLACK_RATE.max / SLACK_RATE.intervalMs
  return [{ name: 'default', target: { url: options.url }, ...(options.preset === 'slack' && faster ? { rateLimit: SLACK_RATE } : {}) }]
}
