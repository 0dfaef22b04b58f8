/** Runs in the worker pool: one Telegram notifier sink per `notify-telegram` instance. */
import type { Sink, SinkContext } from '../../core/sink-contract.js'
import { createNotifier, collectSecrets, scrubbedSink, type NotifierSink } from '../notify-common/notifier.js'
import { withDefaults } from '../../lib/options/index.js'
import { Scrubber } from '../notify-common/scrub.js'
import type { Clock } from '../notify-common/types.js'
import { telegramChannels } from './channels.js'
import { telegramSchema, type TelegramOptions } from './schema.js'
import { TelegramTransport, type TelegramTarget } from './transport.js'

export function telegramScrubber(raw: unknown): Scrubber {
  const scrubber = new Scrubber()
  for (const secret of collectSecrets(raw)) {
    scrubber.add(secret)
    // the part after the colon is the secret half; the bot id before it is public
    const half = secret.split(':')[1]
    if (half && half.length >= 20) scrubber.add(half)
  }
  return scrubber
}

/** createSink with an injectable clock (tests); the pool calls `createSink`. */
export async function createTelegramNotifier(raw: unknown, ctx: SinkContext, deps: { clock?: Clock } = {}): Promise<NotifierSink> {
  const scrubber = telegramScrubber(raw)
  try {
    const options = withDefaults<typeof telegramSchema, TelegramOptions>(telegramSchema, raw)
    const { channels, accountChannels } = telegramChannels(options)
    const sink = await createNotifier<TelegramTarget>({
      kind: 'notify-telegram',
      options,
      ctx,
      transport: new TelegramTransport(options.timeoutMs),
      channels,
      accountChannels,
      scrubber,
      ...(deps.clock ? { clock: deps.clock } : {}),
      onState(state, targets) {
        // a group upgraded to a supergroup earlier: keep using the new id while the config has the old one
        const migrations = (state.migrations ?? {}) as Record<string, { from?: string; to?: string }>
        for (const [name, m] of Object.entries(migrations)) {
          const t = targets.get(name)
          if (t && m.to && String(t.chatId) === m.from) t.chatId = /^-?\d+$/.test(m.to) ? Number(m.to) : m.to
        }
      },
    })
    return scrubbedSink(sink, scrubber)
  } catch (err) {
    throw err instanceof Error ? scrubber.error(err) : new Error(scrubber.describe(err))
  }
}

export function createSink(options: unknown, ctx: SinkContext): Promise<Sink> {
  return createTelegramNotifier(options, ctx)
}
