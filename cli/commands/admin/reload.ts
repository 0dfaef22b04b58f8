import { BaseCommand } from '../../lib/base.js'
import { DaemonClient } from '../../lib/client.js'
import { urlFlag } from '../../lib/flags.js'

export default class AdminReload extends BaseCommand {
  static override summary = 'Re-read and re-validate the config, and switch to it without losing a record.'
  static override description =
    'Level, routes and plugin changes take effect; a config that is invalid is rejected with the reason, and the daemon keeps running on the old one. Needs an admin login.'
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']
  static override enableJsonFlag = true
  static override flags = { url: urlFlag }

  async run(): Promise<{ ok: boolean; level: string; plugins: string[] }> {
    const { flags } = await this.parse(AdminReload)
    const result = await DaemonClient.for(flags.url, 'admin').post<{ ok: boolean; level: string; plugins: string[] }>('/admin/reload')
    this.log(`config reloaded: level ${result.level}; plugins ${result.plugins.join(', ')}`)
    return result
  }
}
