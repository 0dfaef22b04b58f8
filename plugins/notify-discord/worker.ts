/** Runs in the worker pool: one Discord notifier sink per `notify-discord` instance. */
import type { Sink, SinkContext } from '../../core/sink-contract.js'
import { createNotifier, collectSecrets, scrubbedSink, type NotifierSink } from '../notify-common/notifier.js'
import { withDefaults } from '../../lib/options/index.js'
import { Scrubber } from '../notify-common/scrub.js'
import type { Clock } from '../notify-common/types.js'
import { discordChannels } from './channels.js'
import { discordSchema, type DiscordOptions } from './schema.js'
import { DiscordTransport, parseWebhookUrl, REDACTED_WEBHOOK } from './transport.js'

export function discordScrubber(raw: unknown): Scrubber {
  const scrubber = new Scrubber()
  for (const secret of collectSecrets(raw)) {
    const parts = parseWebhookUrl(secret)
    scrubber.add(secret, parts ? REDACTED_WEBHOOK : '[REDACTED]')
    if (parts) scrubber.add(parts.token)
  }
  return scrubber
}

/** createSink with an injectable clock (tests); the pool calls `createSink`. */
export async function createDiscordNotifier(raw: unknown, ctx: SinkContext, deps: { clock?: Clock } = {}): Promise<NotifierSink> {
  const scrubber = discordScrubber(raw)
  try {
    const options = withDefaults<typeof discordSchema, DiscordOptions>(discordSchema, raw)
    const { channels, accountChannels } = discordChannels(options, scrubber)
    const sink = await createNotifier({
      kind: 'notify-discord',
      options,
      ctx,
      transport: new DiscordTransport(options.timeoutMs),
      channels,
      accountChannels,
      scrubber,
      ...(deps.clock ? { clock: deps.clock } : {}),
    })
    return scrubbedSink(sink, scrubber)
  } catch (err) {
    throw err instanceof Error ? scrubber.error(err) : new Error(scrubber.describe(err))
  }
}

export function createSink(options: unknown, ctx: SinkContext): Promise<Sink> {
  return createDiscordNotifier(options, ctx)
}
