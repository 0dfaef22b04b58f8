/**
 * `notify-telegram`: alerts to Telegram chats through a bot (seed 001 layout, MarkdownV2 or HTML),
 * from the worker pool. The main thread only pre-filters by category and level; the rest lives in
 * the worker (worker.ts).
 */
import { definePlugin } from '../../core/plugin.js'
import { declareNotifier } from '../notify-common/declare.js'
import { telegramChannels } from './channels.js'
import { telegramSchema, type TelegramOptions } from './schema.js'

export const PLUGIN_NAME = 'notify-telegram'

const plugin = definePlugin<TelegramOptions>({
  name: PLUGIN_NAME,
  schema: telegramSchema,
  apply(pipeline, options) {
    // fail createLogger() now on a malformed token (the message names the option, not the secret)
    telegramChannels(options)
    declareNotifier(pipeline, PLUGIN_NAME, new URL('./worker.js', import.meta.url).href, options)
  },
})
export default plugin

export { telegramSchema, type TelegramOptions } from './schema.js'
export { renderTelegram, TELEGRAM_TEXT_LIMIT } from './render.js'
export { escapeMarkdownV2, escapeHtml, MARKDOWN_V2_RESERVED } from './escape.js'
