import { Args } from '@oclif/core'
import { BaseCommand } from '../../lib/base.js'
import { DaemonClient } from '../../lib/client.js'
import { urlFlag } from '../../lib/flags.js'
import type { Silence } from '../../../lib/silences/index.js'

export default class SilenceExpire extends BaseCommand {
  static override summary = 'End silences now: their alerts are sent again from the next record.'
  static override description = 'Needs an admin login; every expiry is audited. The silence stays in `silence list --all` for 5 days.'
  static override examples = ['<%= config.bin %> <%= command.id %> sil_3f2a9c01b7de']
  static override enableJsonFlag = true
  static override strict = false
  static override args = { id: Args.string({ description: 'silence id(s), as silence list shows them', required: true }) }
  static override flags = { url: urlFlag }

  async run(): Promise<{ silences: Silence[] }> {
    const { argv, flags } = await this.parse(SilenceExpire)
    const client = DaemonClient.for(flags.url, 'admin')
    const done: Silence[] = []
    for (const id of argv as string[]) {
      const { silence } = await client.post<{ silence: Silence }>('/admin/silence-expire', { id })
      this.log(`expired ${silence.id}`)
      done.push(silence)
    }
    return { silences: done }
  }
}
