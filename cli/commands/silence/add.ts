import { Flags } from '@oclif/core'
import { BaseCommand } from '../../lib/base.js'
import { DaemonClient } from '../../lib/client.js'
import { CliErrors } from '../../lib/errors.js'
import { urlFlag } from '../../lib/flags.js'
import { toTime } from '../../../lib/query/index.js'
import { parseMatcher, type Silence } from '../../../lib/silences/index.js'

export default class SilenceAdd extends BaseCommand {
  static override summary = 'Silence alerts for a while: matching alerts are recorded in the alert history, not sent.'
  static override description = `A silence holds back every alert that all its matchers accept, on every notifier, from now (or --start) for --for (or until --until). --rule matches the alert's rule (the record's "rule"; on a metrics monitor's threshold_exceeded record also the monitor rule's name) or its event (position_closed, lockout, notify_failed…); --account matches account_id; --match key=value (or key!=value) tests any record field (dots for nesting) or notifier=/channel=. The daemon keeps silences in .logwarden/silences.json, so they survive restarts; a new one applies to the next record. Needs an admin login; every add is audited. Prints the silence id.`
  static override examples = [
    {
      description: 'one rule of one account, for two hours',
      command: '<%= config.bin %> <%= command.id %> --rule DailyLoss --account ABC123 --for 2h --comment "known issue, broker side"',
    },
    {
      description: 'a whole account until a time',
      command: '<%= config.bin %> <%= command.id %> --account XYZ789 --until 2026-12-01T22:00:00Z --comment "account being closed"',
    },
    {
      description: 'a generic matcher: every alert of one Telegram chat',
      command: '<%= config.bin %> <%= command.id %> --match channel=ops --match notifier=notify-telegram --for 30min --comment maintenance',
    },
  ]
  static override enableJsonFlag = true
  static override flags = {
    url: urlFlag,
    rule: Flags.string({ char: 'r', description: "the alert's rule (or monitor rule name), or its event", helpValue: '<rule>' }),
    account: Flags.string({ char: 'a', description: 'account_id', helpValue: '<id>' }),
    match: Flags.string({
      char: 'm',
      description: 'key=value or key!=value on a record field, notifier or channel (repeatable)',
      multiple: true,
      helpValue: '<k=v>',
    }),
    for: Flags.string({ description: 'how long: 30min, 2h, 1d (units s, min, h, d, w)', helpValue: '<duration>', exclusive: ['until'] }),
    until: Flags.string({ description: 'when it ends: an ISO time, or tomorrow', helpValue: '<time>' }),
    start: Flags.string({ description: 'when it starts (default now): an ISO time', helpValue: '<time>' }),
    comment: Flags.string({ description: 'why (required: whoever reads the list later needs to know)', required: true, helpValue: '<text>' }),
  }

  async run(): Promise<{ silence: Silence }> {
    const { flags } = await this.parse(SilenceAdd)
    const matchers = [...(flags.rule ? [`rule=${flags.rule}`] : []), ...(flags.account ? [`account=${flags.account}`] : []), ...(flags.match ?? [])]
    if (!matchers.length) throw CliErrors.USAGE('give at least one matcher: --rule, --account or --match key=value')
    for (const m of flags.match ?? []) {
      if (!parseMatcher(m)) throw CliErrors.USAGE(`--match ${JSON.stringify(m)} is not key=value or key!=value`)
    }
    if (!flags.for && !flags.until) throw CliErrors.USAGE('say how long: --for 2h, or --until <time>')
    const now = Date.now()
    const at = (text: string, flag: string) => {
      const t = toTime(text, now)
      if (t === undefined) throw CliErrors.USAGE(`--${flag} ${JSON.stringify(text)} is not a time; e.g. 2026-12-01T17:00:00Z`)
      return new Date(t).toISOString()
    }
    const body = {
      matchers,
      comment: flags.comment,
      ...(flags.for ? { for: flags.for } : {}),
      ...(flags.until ? { endsAt: at(flags.until, 'until') } : {}),
      ...(flags.start ? { startsAt: at(flags.start, 'start') } : {}),
    }
    const { silence } = await DaemonClient.for(flags.url, 'admin').post<{ silence: Silence }>('/admin/silence-add', body)
    this.log(silence.id)
    return { silence }
  }
}
