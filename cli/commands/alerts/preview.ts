import { Args, Flags } from '@oclif/core'
import { readFileSync } from 'node:fs'
import { BaseCommand } from '../../lib/base.js'
import { DaemonClient } from '../../lib/client.js'
import { CliErrors } from '../../lib/errors.js'
import { dirFlag, urlFlag } from '../../lib/flags.js'
import { previewText } from '../../lib/alert-views.js'
import { parseWhere, compileWhere } from '../../../lib/query/index.js'
import type { AlertPreviewChannel } from '../../../lib/control-api/index.js'

type Rec = Record<string, unknown>

interface Preview {
  record: Rec
  channels: AlertPreviewChannel[]
}

export default class AlertsPreview extends BaseCommand {
  static override summary = 'What each notifier channel would send for a record, and which route sends it there; nothing is sent.'
  static override description = `Give a record as JSON (an argument, or - for stdin: one record or JSON lines), or --last N to take the newest records of the log directory. The running daemon answers with its own config, routes, silences and renderers: for each notifier channel, the route that matches (or why none does), the silence that would hold the alert back, and the exact request body (Discord embed, Telegram text, webhook body). Webhook URLs and tokens never appear. Several alerts in one aggregation window are sent as one summary instead.`
  static override examples = [
    {
      description: 'a record by hand',
      command: `<%= config.bin %> <%= command.id %> '{"category":"enforcement","level":"warn","account_id":"ABC123","rule":"DailyLoss","event":"position_closed","message":"closed"}'`,
    },
    { description: 'the last 3 enforcement records of the logs', command: '<%= config.bin %> <%= command.id %> --last 3 -c enforcement' },
    { description: 'records from a file', command: '<%= config.bin %> <%= command.id %> - < record.json' },
  ]
  static override enableJsonFlag = true
  static override args = { record: Args.string({ description: 'a record as JSON, or - to read it (or JSON lines) from stdin', required: false }) }
  static override flags = {
    url: urlFlag,
    last: Flags.integer({ description: 'the newest N records of the log directory', min: 1, max: 100, helpValue: '<n>' }),
    dir: dirFlag,
    category: Flags.string({ char: 'c', description: 'with --last: only this category (repeatable)', multiple: true, helpValue: '<name>' }),
    where: Flags.string({ char: 'w', description: 'with --last: field test, as in query (repeatable)', multiple: true, helpValue: '<test>' }),
  }

  async run(): Promise<{ previews: Preview[] }> {
    const { args, flags } = await this.parse(AlertsPreview)
    if ((args.record === undefined) === (flags.last === undefined)) throw CliErrors.USAGE('give a record as JSON (or - for stdin), or --last N')
    const records = args.record !== undefined ? parseRecords(args.record === '-' ? readFileSync(0, 'utf8') : args.record) : await newest(flags)
    if (!records.length) throw CliErrors.USAGE(args.record !== undefined ? 'no record in the input' : 'no matching record in the log directory')
    const client = DaemonClient.for(flags.url, 'read')
    const previews: Preview[] = []
    // one request per record: the control API takes small bodies
    for (const record of records) {
      const { channels } = await client.post<{ channels: AlertPreviewChannel[] }>('/alerts/preview', { record })
      previews.push({ record, channels })
    }
    this.log(previews.map((p) => previewText(label(p.record), p.channels)).join('\n\n'))
    return { previews }
  }
}

function label(r: Rec): string {
  const bits = [r.timestamp, r.category, r.event ?? r.action, r.account_id, r.message].filter((v) => typeof v === 'string' || typeof v === 'number')
  return `record: ${bits.map(String).join(' ').slice(0, 160)}`
}

function parseRecords(text: string): Rec[] {
  const trimmed = text.trim()
  const tryOne = (t: string): Rec => {
    let v: unknown
    try {
      v = JSON.parse(t)
    } catch {
      throw CliErrors.USAGE(`not a JSON record: ${t.slice(0, 80)}`)
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw CliErrors.USAGE('a record is a JSON object')
    return v as Rec
  }
  if (!trimmed) return []
  try {
    return [tryOne(trimmed)]
  } catch {
    // JSON lines
    return trimmed
      .split('\n')
      .filter((l) => l.trim())
      .map(tryOne)
  }
}

async function newest(flags: { last?: number; dir?: string; category?: string[]; where?: string[] }): Promise<Rec[]> {
  const { readNewest, resolveLogDir } = await import('../../../lib/log-dir/index.js')
  const { assertLogDir } = await import('../../lib/need-log-dir.js')
  const dir = await resolveLogDir(flags.dir)
  assertLogDir(dir)
  const pairs = parseWhere(flags.where ?? [])
  const where = pairs.length ? compileWhere(pairs) : undefined
  const out: Rec[] = []
  for await (const r of readNewest({ dir, limit: flags.last!, ...(flags.category ? { category: flags.category } : {}), ...(where ? { where } : {}) }))
    out.push(r)
  // oldest first, as they were logged
  return out.reverse()
}
