import { Flags } from '@oclif/core'
import { BaseCommand } from '../lib/base.js'
import { DaemonClient } from '../lib/client.js'
import { urlFlag } from '../lib/flags.js'
import { colors } from '../../lib/human/index.js'
import { renderTraderView } from '../lib/trader-view.js'
import { LwError } from '../../core/errors.js'
import { CliError, CliErrors } from '../lib/errors.js'

type Rec = Record<string, unknown>

export default class Recent extends BaseCommand {
  static override summary = 'The last enforcement actions, in plain language (the trader view).'
  static override description = `Shows the most recent enforcement actions: what happened, why, and what was done — enforcement in red, account lockouts highlighted. Asks the daemon (--url); with --dir, reads the log files instead.`

  static override examples = [
    { description: 'the last 20 actions', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'one account', command: '<%= config.bin %> <%= command.id %> --account ABC123' },
    { description: 'from the files, when the daemon is down', command: '<%= config.bin %> <%= command.id %> --dir ./logs --limit 50' },
  ]

  static override enableJsonFlag = true

  static override flags = {
    url: urlFlag,
    dir: Flags.string({ description: 'read the enforcement log files of this directory instead of asking the daemon', helpValue: '<dir>' }),
    account: Flags.string({ char: 'a', description: 'only this account', helpValue: '<id>' }),
    limit: Flags.integer({ char: 'n', description: 'how many actions', default: 20, min: 1, max: 10_000 }),
  }

  async run(): Promise<{ records: Rec[] }> {
    const { flags } = await this.parse(Recent)
    const records = flags.dir ? await fromFiles(flags.dir, flags.account, flags.limit) : await fromDaemon(flags.url, flags.account, flags.limit)
    this.log(renderTraderView(records, colors(), { showAccount: !flags.account }))
    return { records }
  }
}

async function fromDaemon(url: string, account: string | undefined, limit: number): Promise<Rec[]> {
  const q = new URLSearchParams({ category: 'enforcement', limit: String(limit) })
  if (account) q.append('where', `account_id=${account}`)
  try {
    return (await DaemonClient.for(url, 'read').get<{ records: Rec[] }>('/recent', q)).records
  } catch (err) {
    if (err instanceof LwError && err.code === CliErrors.NO_DAEMON.code) {
      throw new CliError(err.code, `${err.message} (or read the files: --dir <log dir>)`, err.kind)
    }
    throw err
  }
}

async function fromFiles(dir: string, account: string | undefined, limit: number): Promise<Rec[]> {
  const { readLogs } = await import('../../lib/log-dir/index.js')
  const { assertLogDir } = await import('../lib/need-log-dir.js')
  assertLogDir(dir)
  const keep: Rec[] = []
  for await (const r of readLogs({ dir, category: 'enforcement', where: account ? { account_id: account } : undefined })) {
    keep.push(r)
    if (keep.length > limit) keep.shift()
  }
  return keep
}
