/** Runs in the worker pool: one webhook notifier per `notify-webhook` instance. */
import { notifierWorker } from '../notify-common/index.js'
import { PLUGIN_NAME, webhookChannels } from './channels.js'
import { webhookSchema, type WebhookOptions } from './schema.js'
import { WebhookTransport, type WebhookTarget } from './transport.js'

export const createSink = notifierWorker<WebhookOptions, WebhookTarget>({
  name: PLUGIN_NAME,
  schema: webhookSchema,
  channels: webhookChannels,
  transport: (options) => new WebhookTransport(options),
  secretKeys: ['url', 'headers'],
})
