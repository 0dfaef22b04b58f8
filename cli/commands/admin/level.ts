import { Args } from '@oclif/core'
import { BaseCommand } from '../../lib/base.js'
import { DaemonClient } from '../../lib/client.js'
import { urlFlag } from '../../lib/flags.js'

export default class AdminLevel extends BaseCommand {
  static override summary = "Change the daemon's log level now (until the next reload or restart)."
  static override examples = [
    { description: 'see everything while you investigate', command: '<%= config.bin %> <%= command.id %> debug' },
    '<%= config.bin %> <%= command.id %> info',
  ]
  static override enableJsonFlag = true
  static override args = {
    level: Args.string({
      description: 'trace, debug, info, warn, error or critical',
      required: true,
      options: ['trace', 'debug', 'info', 'warn', 'error', 'critical'],
    }),
  }
  static override flags = { url: urlFlag }

  async run(): Promise<{ ok: boolean; level: string; previous: string }> {
    const { args, flags } = await this.parse(AdminLevel)
    const result = await DaemonClient.for(flags.url, 'admin').post<{ ok: boolean; level: string; previous: string }>('/admin/level', { level: args.level })
    this.log(`level: ${result.previous} → ${result.level}`)
    return result
  }
}
