/**
 * `notify-webhook`: alerts to any JSON webhook (your own body template), or to Slack and Microsoft
 * Teams incoming webhooks (presets). Built only with the public notifier kit (`logwarden/notifier`).
 */
import { notifierPlugin } from '../notify-common/index.js'
import { PLUGIN_NAME, webhookProblems } from './channels.js'
import { webhookSchema, type WebhookOptions } from './schema.js'

export { PLUGIN_NAME }

const plugin = notifierPlugin<WebhookOptions>({
  name: PLUGIN_NAME,
  schema: webhookSchema,
  worker: new URL('./worker.js', import.meta.url),
  check: (options) => webhookProblems(options),
})
export default plugin

export { webhookSchema, type WebhookOptions } from './schema.js'
export { renderSlack, renderTeams, renderJson, SLACK_LIMITS, TEAMS_LIMITS } from './render.js'
