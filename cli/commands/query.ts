import { readdir } from 'node:fs/promises'
import { Flags } from '@oclif/core'
import { LwError } from '../../core/errors.js'
import type { LevelInput } from '../../core/levels.js'
import { BaseCommand } from '../lib/base.js'
import { CliError } from '../lib/errors.js'
import { LogDirErrors } from '../../lib/log-dir/index.js'
import { filterFlags, dirFlag } from '../lib/flags.js'
import { colors, formatRecord } from '../../lib/human/index.js'
import { assertLogDir } from '../lib/need-log-dir.js'
import { Progress } from '../lib/progress.js'
import { parseWhere, resolveMinLevel } from '../../lib/query/index.js'
import { fileCategory, parseLogFileName, resolveLogDir } from '../../lib/log-dir/index.js'

/** Scanning this many files (or any .gz) is "many": worth a progress line. */
const MANY_FILES = 5

export default class Query extends BaseCommand {
  static override summary = 'Search past records, rotated and compressed files included.'
  static override description = `Reads the log directory written by sink-file (and rotate): the active <category>.log files and the rotated .log and .log.gz files, in time order. Needs no daemon.

--since and --until take a date or time (2026-11-20, 2026-11-20T09:30:00Z) or a duration back from now (90s, 15min, 2h, 7d; units are ms, s, min, h, d, w). --limit keeps the newest N matches (printed oldest first). --json prints NDJSON.`

  static override examples = [
    { description: 'enforcement of the last two hours', command: '<%= config.bin %> <%= command.id %> --since 2h --category enforcement' },
    {
      description: "one account's errors on a given day",
      command: '<%= config.bin %> <%= command.id %> --since 2026-11-20 --until 2026-11-21 --level error --where account_id=ABC123',
    },
    { description: 'every fill of the day', command: '<%= config.bin %> <%= command.id %> --since 1d --event order_filled' },
    {
      description: 'the 50 newest records mentioning a rule, as NDJSON',
      command: '<%= config.bin %> <%= command.id %> --grep UnrealizedLoss --limit 50 --json',
    },
  ]

  static override flags = {
    dir: dirFlag,
    since: Flags.string({ char: 's', description: 'from this time or duration ago (2h, 7d, 2026-11-20)', helpValue: '<when>' }),
    until: Flags.string({ char: 'u', description: 'up to this time or duration ago', helpValue: '<when>' }),
    ...filterFlags,
    limit: Flags.integer({ char: 'n', description: 'only the newest N matches', min: 1 }),
    json: Flags.boolean({ description: 'print NDJSON (one record per line)' }),
    event: Flags.string({ char: 'e', description: 'only this declared event (repeatable, or comma-separated): order_filled', multiple: true, helpValue: '<name>' }),
    progress: Flags.boolean({ description: 'show progress on stderr even when it is not a terminal', allowNo: true }),
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(Query)
    const dir = await resolveLogDir(flags.dir)
    assertLogDir(dir)
    resolveMinLevel(flags.level) // a bad level is a usage error before any file is opened
    const { readLogs } = await import('../../lib/log-dir/index.js')
    const c = colors()
    const print = (r: Record<string, unknown>) =>
      process.stdout.write(flags.json ? `${JSON.stringify(r)}\n` : `${formatRecord(r, { colors: c, date: true })}\n`)

    const files = await countFiles(dir, flags.category)
    const showProgress = flags.progress ?? process.stderr.isTTY === true
    const progress =
      showProgress && (files.total >= MANY_FILES || files.gz > 0)
        ? new Progress(`scanning ${files.total} file(s) in ${dir} (${files.gz} compressed)`)
        : undefined

    const keep: Record<string, unknown>[] = []
    let matches = 0
    try {
      const records = readLogs({
        dir,
        category: flags.category,
        since: flags.since,
        until: flags.until,
        minLevel: flags.level as LevelInput | undefined,
        where: flags.where ? parseWhere(flags.where) : undefined,
        grep: flags.grep,
        event: flags.event,
        onError: (file, err) => process.stderr.write(`logwarden: skipped ${file}: ${err.message}\n`),
      })
      for await (const r of records) {
        matches++
        progress?.update(matches)
        if (flags.limit === undefined) print(r)
        else {
          keep.push(r)
          if (keep.length > flags.limit) keep.shift()
        }
      }
    } catch (err) {
      if (err instanceof LwError && (err.code === LogDirErrors.READ_LOGS_OPTION.code || err.code === LogDirErrors.READ_LOGS_FILE.code)) {
        throw new CliError(err.code, err.message.replace(/^readLogs: /, ''), err.kind)
      }
      throw err
    } finally {
      progress?.done(matches)
    }
    for (const r of keep) print(r)
    if (matches === 0 && !flags.json) process.stderr.write(`no matching records in ${dir}\n`)
  }
}

async function countFiles(dir: string, categories: string[] | undefined): Promise<{ total: number; gz: number }> {
  const wanted = categories?.length ? new Set(categories.map(fileCategory)) : undefined
  let total = 0
  let gz = 0
  try {
    for (const name of await readdir(dir)) {
      const p = parseLogFileName(name)
      if (!p || p.kind === 'partial' || (wanted && !wanted.has(p.category))) continue
      total++
      if (p.kind === 'compressed') gz++
    }
  } catch {
    // readLogs reports the directory
  }
  return { total, gz }
}
