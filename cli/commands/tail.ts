import { Flags } from '@oclif/core'
import { BaseCommand } from '../lib/base.js'
import { filterFlags, specFromFlags, urlFlag, viewFlags, viewFromFlags } from '../lib/flags.js'
import { CliErrors } from '../lib/errors.js'
import { colors, renderRecord, sanitize } from '../../lib/human/index.js'
import { compileFilter, toTime } from '../../lib/query/index.js'

export default class Tail extends BaseCommand {
  static override summary = 'Follow live records, from the daemon or straight from the log files.'
  static override description = `Prints records as they are logged. From the daemon's control API (--url) by default, or by following the files of a log directory (--dir), like tail -F: rotated files are read to their end and the new file from its start.

From a daemon it first prints the last 10 matching records (-n; from the log files when the daemon keeps fewer), and when the daemon restarts it says so, reconnects and goes on (logging in again with LOGWARDEN_SECRET, or by asking on a terminal, when the restarted daemon refuses the cached token).

Human format, colored by level on a terminal; -o json (or --json) prints the records as NDJSON (one JSON record per line). Stop with Ctrl+C.`

  static override examples = [
    { description: 'everything at info and above', command: '<%= config.bin %> <%= command.id %>' },
    { description: "one account's enforcement actions", command: '<%= config.bin %> <%= command.id %> --category enforcement --where account_id=ABC123' },
    {
      description: 'errors mentioning a symbol, as NDJSON for jq',
      command: '<%= config.bin %> <%= command.id %> --level error --grep MNQ --json | jq .message',
    },
    {
      description: 'from the files, without a daemon, with the last 20 records first',
      command: '<%= config.bin %> <%= command.id %> --dir ./logs --backlog 20',
    },
  ]

  static override flags = {
    url: urlFlag,
    dir: Flags.string({ description: 'follow the files of this log directory instead of asking the daemon', helpValue: '<dir>' }),
    ...filterFlags,
    backlog: Flags.integer({
      char: 'n',
      aliases: ['lines'],
      description: 'first print the last N matching records (default 10 from a daemon — from the log files when the daemon keeps fewer — and 0 with --dir)',
      min: 0,
    }),
    since: Flags.string({ char: 's', description: 'first print every matching record since this time (2h, today, 2026-11-20T09:00)', helpValue: '<when>' }),
    ...viewFlags,
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(Tail)
    const spec = specFromFlags(flags)
    const filter = compileFilter(spec) // checks the level and the regex before anything starts
    const { mode, view } = viewFromFlags(flags, colors(), false)
    const print = (line: string) => {
      if (mode === 'json' && !view.pick && !view.hide) return process.stdout.write(`${line}\n`)
      let record: unknown
      try {
        record = JSON.parse(line)
      } catch {
        return process.stdout.write(`${sanitize(line)}\n`)
      }
      return process.stdout.write(`${renderRecord(record as Record<string, unknown>, mode, view)}\n`)
    }
    const since = flags.since === undefined ? undefined : toTime(flags.since, Date.now())
    if (flags.since !== undefined && since === undefined)
      throw CliErrors.USAGE(`--since ${JSON.stringify(flags.since)} is neither a date nor a duration such as 2h, today or yesterday`)
    if (flags.dir && since !== undefined) throw CliErrors.USAGE('--since reads a daemon; for files use `logwarden query --since …` then `tail --dir`')
    const abort = new AbortController()
    const stop = () => abort.abort()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    // a closed pipe (| head) ends the command quietly
    process.stdout.on('error', stop)

    if (flags.dir) {
      const { follow } = await import('../../lib/log-dir/index.js')
      const { assertLogDir } = await import('../lib/need-log-dir.js')
      assertLogDir(flags.dir)
      await follow({
        dir: flags.dir,
        categories: flags.category,
        backlog: flags.backlog ?? 0,
        pollMs: 100,
        signal: abort.signal,
        onLine: (line) => {
          if (filter(line)) print(line)
        },
      })
      return
    }

    const { liveTail } = await import('../lib/live-tail.js')
    const { isLogDir, resolveLogDir } = await import('../../lib/log-dir/index.js')
    const logDir = await resolveLogDir(undefined)
    await liveTail({
      url: flags.url,
      spec,
      filter,
      backlog: flags.backlog ?? 10,
      sinceMs: since,
      logDir: isLogDir(logDir) ? logDir : undefined,
      signal: abort.signal,
      print,
      notice: (text) => process.stderr.write(`logwarden: ${text}\n`),
    })
  }
}
