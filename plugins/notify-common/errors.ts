/**
 * Codes of the notifier plugins, contributed to the registry in core/errors.ts.
 * Messages never include a webhook URL or a bot token: callers pass names, not values.
 */
import { LwError, defineErrors } from '../../core/errors.js'

export const NotifyErrors = defineErrors({
  CONFIG: { code: 'LW_ERR_NOTIFY_CONFIG', kind: 'config', message: (plugin: string, problem: string) => `${plugin}: ${problem}` },
  UNKNOWN_CHANNEL: {
    code: 'LW_ERR_NOTIFY_UNKNOWN_CHANNEL',
    kind: 'not-found',
    message: (plugin: string, channel: string, known: string[]) =>
      `${plugin}: no channel named "${channel}". Channels: ${known.join(', ') || '(none)'}. Define it under "channels", or fix the route / testChannel name.`,
  },
})

export { LwError }
