import { Args } from '@oclif/core'
import { BaseCommand } from '../../lib/base.js'
import { DaemonClient } from '../../lib/client.js'
import { CliErrors, EXIT } from '../../lib/errors.js'
import { urlFlag } from '../../lib/flags.js'

interface TestResult {
  ok: boolean
  sink: string
  channel: string
  status?: number
  error?: string
}

export default class AdminTestNotify extends BaseCommand {
  static override summary = 'Send a test message through a notifier channel and report what its API answered.'
  static override description =
    'The channel is a notifier sink name (notify-discord), sink/channel (notify-discord/alerts), or a channel name that only one notifier has. Exits 1 when the message was not delivered.'
  static override examples = ['<%= config.bin %> <%= command.id %> notify-discord', '<%= config.bin %> <%= command.id %> notify-telegram/ops']
  static override enableJsonFlag = true
  static override args = { channel: Args.string({ description: 'notifier sink, sink/channel, or channel', required: true }) }
  static override flags = { url: urlFlag }

  async run(): Promise<TestResult> {
    const { args, flags } = await this.parse(AdminTestNotify)
    const result = await DaemonClient.for(flags.url, 'admin').post<TestResult>('/admin/test-notify', { channel: args.channel })
    const where = `${result.sink}/${result.channel}`
    if (!result.ok) {
      if (this.jsonEnabled()) {
        process.exitCode = EXIT.FAILURE
        return result
      }
      throw CliErrors.TEST_FAILED(where, result.status, result.error)
    }
    this.log(`test message delivered to ${where}${result.status ? ` (HTTP ${result.status})` : ''}`)
    return result
  }
}
