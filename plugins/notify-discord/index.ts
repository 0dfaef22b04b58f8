/**
 * `notify-discord`: alerts to Discord webhooks as embeds (seed 001 layout), from the worker pool.
 * The main thread only pre-filters by category and level; routing, aggregation, rate limiting,
 * retries and the durable spool live in the worker (worker.ts).
 */
import { definePlugin } from '../../core/plugin.js'
import { declareNotifier } from '../notify-common/declare.js'
import { discordChannels } from './channels.js'
import { discordSchema, type DiscordOptions } from './schema.js'

export const PLUGIN_NAME = 'notify-discord'

const plugin = definePlugin<DiscordOptions>({
  name: PLUGIN_NAME,
  schema: discordSchema,
  apply(pipeline, options) {
    // fail createLogger() now on a malformed webhook URL (the message names the option, not the secret)
    discordChannels(options)
    declareNotifier(pipeline, PLUGIN_NAME, new URL('./worker.js', import.meta.url).href, options)
  },
})
export default plugin

export { discordSchema, type DiscordOptions } from './schema.js'
export { renderDiscord, renderEmbeds, DISCORD_LIMITS } from './render.js'
