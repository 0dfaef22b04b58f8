import { BaseCommand } from '../lib/base.js'
import { DaemonClient } from '../lib/client.js'
import { urlFlag } from '../lib/flags.js'
import { colors } from '../../lib/human/index.js'
import { renderStatus } from '../lib/status-view.js'
import { EXIT } from '../lib/errors.js'
import type { StatusBody } from '../../lib/control-api/index.js'

export default class Status extends BaseCommand {
  static override summary = "The daemon's figures: sink queues, notifiers, log files, disk, level, health checks."
  static override description =
    'Exits 0 when every health check passes, 1 when the daemon answers but a check fails (log directory not writable, disk below the floor, a notifier channel failing).'

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    { description: 'as JSON, for monitoring', command: '<%= config.bin %> <%= command.id %> --json | jq .checks' },
    { description: 'another daemon', command: '<%= config.bin %> <%= command.id %> --url http://127.0.0.1:5600' },
  ]

  static override enableJsonFlag = true
  static override flags = { url: urlFlag }

  async run(): Promise<StatusBody> {
    const { flags } = await this.parse(Status)
    const status = await DaemonClient.for(flags.url, 'read').get<StatusBody>('/status')
    this.log(renderStatus(status, colors()))
    if (status.status !== 'ok') process.exitCode = EXIT.FAILURE
    return status
  }
}
