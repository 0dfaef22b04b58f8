import { Flags } from '@oclif/core'
import { BaseCommand } from '../../lib/base.js'
import { DaemonClient } from '../../lib/client.js'
import { urlFlag } from '../../lib/flags.js'
import { silencesTable } from '../../lib/alert-views.js'
import type { Silence } from '../../../lib/silences/index.js'

type Listed = Silence & { state: string }

export default class SilenceList extends BaseCommand {
  static override summary = "The daemon's silences: active and pending ones; --all adds those that ended (kept 5 days)."
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --all --json']
  static override enableJsonFlag = true
  static override flags = {
    url: urlFlag,
    all: Flags.boolean({ description: 'include expired silences' }),
  }

  async run(): Promise<{ silences: Listed[] }> {
    const { flags } = await this.parse(SilenceList)
    const q = new URLSearchParams(flags.all ? { all: '1' } : {})
    const { silences } = await DaemonClient.for(flags.url, 'read').get<{ silences: Listed[] }>('/silences', q)
    this.log(silencesTable(silences))
    return { silences }
  }
}
