import { Flags } from '@oclif/core'
import { BaseCommand } from '../../lib/base.js'
import { DaemonClient } from '../../lib/client.js'
import { CliErrors } from '../../lib/errors.js'
import { urlFlag } from '../../lib/flags.js'

export default class AdminStop extends BaseCommand {
  static override summary = 'Stop the daemon: it flushes every record to every sink, then exits 0.'
  static override description = 'Waits (up to --wait seconds) until the daemon no longer answers, so a script can restart it right after.'
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --wait 0']
  static override enableJsonFlag = true
  static override flags = {
    url: urlFlag,
    wait: Flags.integer({ description: 'seconds to wait for the daemon to go away (0: do not wait)', default: 15, min: 0 }),
  }

  async run(): Promise<{ ok: boolean; flushed: boolean; exiting: boolean; stopped: boolean }> {
    const { flags } = await this.parse(AdminStop)
    const client = DaemonClient.for(flags.url, 'admin')
    const result = await client.post<{ ok: boolean; flushed: boolean; exiting: boolean }>('/admin/stop')
    let stopped = false
    const deadline = Date.now() + flags.wait * 1000
    while (Date.now() < deadline) {
      try {
        await fetch(`${client.url}/health`, { signal: AbortSignal.timeout(1000) })
      } catch {
        stopped = true
        break
      }
      await new Promise((r) => setTimeout(r, 100))
    }
    if (flags.wait > 0 && !stopped && result.exiting) {
      throw CliErrors.STOP_TIMEOUT(flags.wait)
    }
    this.log(`daemon flushed${result.exiting ? (stopped ? ' and stopped' : ' and is exiting') : ' and closed its logger'}`)
    return { ...result, stopped }
  }
}
