/**
 * Codes of the notifier plugins, in the style of core/errors.ts (the lead lists them in docs/errors.md).
 * Messages never include a webhook URL or a bot token: callers pass names, not values.
 */
import { LwError } from '../../core/errors.js'

export const NotifyErrors = {
  CONFIG: (plugin: string, problem: string) =>
    new LwError('LW_ERR_NOTIFY_CONFIG', `${plugin}: ${problem}`),
  UNKNOWN_CHANNEL: (plugin: string, channel: string, known: string[]) =>
    new LwError('LW_ERR_NOTIFY_UNKNOWN_CHANNEL',
      `${plugin}: no channel named "${channel}". Channels: ${known.join(', ') || '(none)'}. Define it under "channels", or fix the route / testChannel name.`),
}

export { LwError }
