/**
 * `notify-telegram`: alerts to Telegram chats through a bot (seed 001 layout, MarkdownV2 or HTML),
 * from the worker pool. The main thread only pre-filters by category and level; the rest lives in
 * the worker (worker.ts).
 */
import { join, resolve } from 'node:path'
import { definePlugin } from '../../core/plugin.js'
import { prefilter } from '../notify-common/routing.js'
import { telegramChannels } from './channels.js'
import { telegramSchema, type TelegramOptions } from './schema.js'

export const PLUGIN_NAME = 'notify-telegram'

const plugin = definePlugin<TelegramOptions>({
  name: PLUGIN_NAME,
  schema: telegramSchema,
  apply(pipeline, options) {
    const name = options.name ?? PLUGIN_NAME
    // fail createLogger() now on a malformed token (the message names the option, not the token)
    telegramChannels(options)
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

export { telegramSchema, type TelegramOptions } from './schema.js'
export { renderTelegram, TELEGRAM_TEXT_LIMIT } from './render.js'
export { escapeMarkdownV2, escapeHtml, MARKDOWN_V2_RESERVED } from './escape.js'
