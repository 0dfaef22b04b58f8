import { Flags } from '@oclif/core'
import { BaseCommand } from '../lib/base.js'
import { DaemonClient } from '../lib/client.js'
import { CliErrors } from '../lib/errors.js'
import { urlFlag } from '../lib/flags.js'
import { alertsTable } from '../lib/alert-views.js'
import { toTime } from '../../lib/query/index.js'
import {
  ALERT_OUTCOMES,
  HISTORY_FILE,
  HISTORY_OLD_FILE,
  parseHistory,
  selectHistory,
  type AlertHistoryEntry,
  type AlertHistoryQuery,
} from '../../lib/control-api/index.js'
import { LwError } from '../../core/errors.js'
import { CliError } from '../lib/errors.js'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export default class Alerts extends BaseCommand {
  static override summary = 'Recent alerts, newest first: when, which notifier channel, rule or event, account, outcome and error.'
  static override description = `Outcomes: ${ALERT_OUTCOMES.join(', ')}. Each notifier keeps this history in its spool directory (history.ndjson, bounded by its history.maxSize option, across restarts); the daemon serves it. Errors never show a webhook URL or a token. With --spool, reads the history files under a spool directory instead (the daemon may be down). To see what a record would send, use \`alerts preview\`.`
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    { description: 'what failed in the last hour', command: '<%= config.bin %> <%= command.id %> --outcome failed,rejected --since -1h' },
    { description: 'one channel, as JSON', command: '<%= config.bin %> <%= command.id %> --channel notify-discord/default -n 100 --json' },
    { description: 'from the files, without the daemon', command: '<%= config.bin %> <%= command.id %> --spool .logwarden/spool' },
  ]
  static override enableJsonFlag = true
  static override flags = {
    url: urlFlag,
    channel: Flags.string({ description: 'only this channel: notifier/channel, a channel name, or a notifier', helpValue: '<name>' }),
    outcome: Flags.string({ description: `only these outcomes (comma-separated): ${ALERT_OUTCOMES.join(', ')}`, helpValue: '<list>' }),
    limit: Flags.integer({ char: 'n', description: 'how many', default: 50, min: 1, max: 10_000 }),
    since: Flags.string({ description: 'from this time: ISO, -1h, today, yesterday', helpValue: '<time>' }),
    spool: Flags.string({
      description: "read the history files of this spool directory (.logwarden/spool, or one notifier's) instead of asking the daemon",
      helpValue: '<dir>',
    }),
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
    const alerts = flags.spool ? fromFiles(flags.spool, q) : await fromDaemon(flags.url, q)
    this.log(alertsTable(alerts))
    return { alerts }
  }
}

async function fromDaemon(url: string, q: URLSearchParams): Promise<AlertHistoryEntry[]> {
  try {
    return (await DaemonClient.for(url, 'read').get<{ alerts: AlertHistoryEntry[] }>('/alerts', q)).alerts
  } catch (err) {
    if (err instanceof LwError && err.code === CliErrors.NO_DAEMON.code) {
      throw new CliError(err.code, `${err.message} (or read the history files: --spool .logwarden/spool)`, err.kind)
    }
    throw err
  }
}

/** Every notifier's history under `dir` (a spool root holding one directory per notifier, or one notifier's), merged. */
function fromFiles(dir: string, q: URLSearchParams): AlertHistoryEntry[] {
  if (!existsSync(dir)) throw CliErrors.USAGE(`--spool ${dir} does not exist; notifiers keep their history in .logwarden/spool/<notifier> beside the config`)
  const dirs = existsSync(join(dir, HISTORY_FILE)) || existsSync(join(dir, HISTORY_OLD_FILE)) ? [dir] : readdirSync(dir).map((d) => join(dir, d))
  const read = (f: string) => {
    try {
      return readFileSync(f, 'utf8')
    } catch {
      return ''
    }
  }
  const query: AlertHistoryQuery = {
    n: Number(q.get('n')),
    ...(q.get('channel') ? { channel: q.get('channel')! } : {}),
    ...(q.get('outcome') ? { outcome: q.get('outcome')!.split(',') } : {}),
    ...(q.get('since') ? { since: Date.parse(q.get('since')!) } : {}),
  }
  const lists = dirs.map((d) => selectHistory(parseHistory([read(join(d, HISTORY_OLD_FILE)), read(join(d, HISTORY_FILE))]), query))
  return lists
    .flat()
    .sort((a, b) => Date.parse(b.time) - Date.parse(a.time))
    .slice(0, query.n)
}
