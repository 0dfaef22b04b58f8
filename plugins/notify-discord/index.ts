/**
 * `notify-discord`: alerts to Discord webhooks as embeds (seed 001 layout), from the worker pool.
 * The main thread only pre-filters by category and level; routing, aggregation, rate limiting,
 * retries and the durable spool live in the worker (worker.ts).
 */
import { join, resolve } from 'node:path'
import { definePlugin } from '../../core/plugin.js'
import { prefilter } from '../notify-common/routing.js'
import { discordChannels } from './channels.js'
import { discordSchema, type DiscordOptions } from './schema.js'

export const PLUGIN_NAME = 'notify-discord'

const plugin = definePlugin<DiscordOptions>({
  name: PLUGIN_NAME,
  schema: discordSchema,
  apply(pipeline, options) {
    const name = options.name ?? PLUGIN_NAME
    // fail createLogger() now on a malformed webhook URL (the message names the option, not the URL)
    discordChannels(options)
    const spoolDir = resolve(pipeline.config.baseDir, options.spool?.dir ?? join('.logwarden', 'spool', name))
    const { categories, minLevel } = prefilter(options.routes)
    pipeline.addSink({
      name,
      kind: PLUGIN_NAME,
      module: new URL('./worker.js', import.meta.url).href,
      options: { ...options, spool: { ...options.spool, dir: spoolDir } },
      categories,
      minLevel,
    })
  },
})
export default plugin

export { discordSchema, type DiscordOptions } from './schema.js'
export { renderDiscord, renderEmbeds, DISCORD_LIMITS } from './render.js'
