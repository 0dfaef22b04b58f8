/** Discord channels from the options: the top-level webhook, named ones, and accounts' own webhooks. */
import { NotifyErrors } from '../notify-common/errors.js'
import type { ChannelDef } from '../notify-common/notifier.js'
import type { Scrubber } from '../notify-common/scrub.js'
import type { DiscordDestination, DiscordOptions } from './schema.js'
import { parseWebhookUrl, REDACTED_WEBHOOK, webhookEndpoint, type DiscordTarget } from './transport.js'

const PLUGIN = 'notify-discord'

export interface DiscordChannels {
  channels: ChannelDef<DiscordTarget>[]
  accountChannels: Map<string, string>
}

/** Throws LW_ERR_NOTIFY_CONFIG naming the option, never its value (it holds the webhook token). */
export function discordChannels(options: DiscordOptions, scrubber?: Scrubber): DiscordChannels {
  const channels: ChannelDef<DiscordTarget>[] = []
  const accountChannels = new Map<string, string>()
  const target = (where: string, d: DiscordDestination): DiscordTarget => {
    const parts = parseWebhookUrl(d.webhookUrl)
    if (!parts) {
      throw NotifyErrors.CONFIG(
        PLUGIN,
        `${where} is not a Discord webhook URL. Copy it from Server Settings → Integrations → Webhooks; it looks like https://discord.com/api/webhooks/<id>/<token>.`,
      )
    }
    const url = webhookEndpoint(options.apiBaseUrl, parts.id, parts.token, d.threadId ?? parts.threadId ?? options.threadId)
    scrubber?.add(url, REDACTED_WEBHOOK).add(parts.token)
    const username = d.username ?? options.username
    const avatarUrl = d.avatarUrl ?? options.avatarUrl
    return { url, ...(username ? { username } : {}), ...(avatarUrl ? { avatarUrl } : {}) }
  }
  if (options.webhookUrl) channels.push({ name: 'default', target: target('webhookUrl', options as DiscordDestination) })
  for (const [name, d] of Object.entries(options.channels ?? {})) {
    if (name === 'default' && options.webhookUrl) throw NotifyErrors.CONFIG(PLUGIN, 'channels.default duplicates the top-level webhookUrl; use one of them.')
    channels.push({ name, target: target(`channels.${name}.webhookUrl`, d), ...(d.rateLimit ? { rateLimit: d.rateLimit } : {}) })
  }
  for (const [i, a] of (options.accounts ?? []).entries()) {
    const own = a.channels?.discord as { enabled?: boolean; webhook_url?: unknown; thread_id?: unknown } | undefined
    if (!own || own.enabled === false || typeof own.webhook_url !== 'string') continue
    const name = `account:${a.account_id}`
    const max = a.rate_limit?.max_per_minute
    channels.push({
      name,
      target: target(`accounts[${i}].channels.discord.webhook_url`, {
        webhookUrl: own.webhook_url,
        ...(typeof own.thread_id === 'string' ? { threadId: own.thread_id } : {}),
      }),
      ...(max !== undefined ? { rateLimit: { max, intervalMs: 60_000 } } : {}),
    })
    accountChannels.set(String(a.account_id), name)
  }
  if (channels.length === 0) {
    throw NotifyErrors.CONFIG(
      PLUGIN,
      'no webhook configured. Set webhookUrl (e.g. "${env:DISCORD_WEBHOOK_URL}"), channels.<name>.webhookUrl, or an account\'s channels.discord.webhook_url.',
    )
  }
  return { channels, accountChannels }
}
