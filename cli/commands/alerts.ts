import { Flags } from '@oclif/core'
import { BaseCommand } from '../lib/base.js'
import { DaemonClient } from '../lib/client.js'
import { CliErrors } from '../lib/errors.js'
import { urlFlag } from '../lib/flags.js'
import { alertsTable } from '../lib/alert-views.js'
import { toTime } from '../../lib/query/index.js'
import { ALERT_OUTCOMES, type AlertHistoryEntry } from '../../lib/control-api/index.js'

export default class Alerts extends BaseCommand {
  static override summary = 'Recent alerts, newest first: when, which notifier channel, rule or event, account, outcome and error.'
  static override description = `Outcomes: ${ALERT_OUTCOMES.join(', ')}. Each notifier keeps this history in its spool directory (history.ndjson, bounded by its history.maxSize option, across restarts); the daemon serves it. Errors never show a webhook URL or a token. To see what a record would send, use \`alerts preview\`.`
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    { description: 'what failed in the last hour', command: '<%= config.bin %> <%= command.id %> --outcome failed,rejected --since -1h' },
    { description: 'one channel, as JSON', command: '<%= config.bin %> <%= command.id %> --channel notify-discord/default -n 100 --json' },
  ]
  static override enableJsonFlag = true
  static override flags = {
    url: urlFlag,
    channel: Flags.string({ description: 'only this channel: notifier/channel, a channel name, or a notifier', helpValue: '<name>' }),
    outcome: Flags.string({ description: `only these outcomes (comma-separated): ${ALERT_OUTCOMES.join(', ')}`, helpValue: '<list>' }),
    limit: Flags.integer({ char: 'n', description: 'how many', default: 50, min: 1, max: 10_000 }),
    since: Flags.string({ description: 'from this time: ISO, -1h, today, yesterday', helpValue: '<time>' }),
  }

  async run(): Promise<{ alerts: AlertHistoryEntry[] }> {
    const { flags } = await this.parse(Alerts)
    const q = new URLSearchParams({ n: String(flags.limit) })
    if (flags.channel) q.set('channel', flags.channel)
    if (flags.outcome) {
      const list = flags.outcome.split(',').map((o) => o.trim())
      const bad = list.filter((o) => !(ALERT_OUTCOMES as readonly string[]).includes(o))
      if (bad.length) throw CliErrors.USAGE(`unknown outcome ${bad.join(', ')}; outcomes: ${ALERT_OUTCOMES.join(', ')}`)
      q.set('outcome', list.join(','))
    }
    if (flags.since) {
      const t = toTime(flags.since, Date.now())
      if (t === undefined) throw CliErrors.USAGE(`--since ${JSON.stringify(flags.since)} is not a time; e.g. -1h, today, 2026-12-01T09:00:00Z`)
      q.set('since', new Date(t).toISOString())
    }
    const { alerts } = await DaemonClient.for(flags.url, 'read').get<{ alerts: AlertHistoryEntry[] }>('/alerts', q)
    this.log(alertsTable(alerts))
    return { alerts }
  }
}
