import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Args, Flags } from '@oclif/core'
import { LwError } from '../../core/errors.js'
import { DEFAULT_CATEGORIES } from '../../core/config-schema.js'
import { BaseCommand } from '../lib/base.js'
import { CliError, CliErrors } from '../lib/errors.js'
import { LogDirErrors, fileCategory, parseLogFileName, resolveLogDir, type LogRecordJson } from '../../lib/log-dir/index.js'
import { dirFlag, filterFlags, specFromFlags, viewFlags, viewFromFlags } from '../lib/flags.js'
import { colors, renderRecord } from '../../lib/human/index.js'
import { assertLogDir } from '../lib/need-log-dir.js'
import { Progress } from '../lib/progress.js'
import { RecordOutput } from '../lib/output.js'
import { checkCategories, compileWhere, ignoresCase, messageMatches, resolveMinLevel, whereHints } from '../../lib/query/index.js'

export default class Query extends BaseCommand {
  static override summary = 'Search past records, rotated and compressed files included.'
  static override description = `Reads the log directory written by sink-file (and rotate): the active <category>.log files and the rotated .log and .log.gz files, in time order. Or the files named as arguments (plain or gzipped; - for stdin). Needs no daemon.

--since and --until take a date or time (2026-11-20, 2026-11-20T09:30:00Z), a duration back from now (90s, 15min, 2h, -2h, 7d; units are ms, s, min, h, d, w), or now, today, yesterday (local days).
-n N prints the newest N matches (oldest first; -r for newest first) and reads the directory from its newest files backwards, so it answers at once on any size.
--grep and --regex test the message, case-insensitive unless the pattern has an uppercase letter; --where tests fields.
The output stops as soon as the reader goes away (| head).`

  static override examples = [
    { description: 'enforcement of the last two hours', command: '<%= config.bin %> <%= command.id %> --since 2h --category enforcement' },
    { description: 'the 5 newest errors, at once on any size', command: '<%= config.bin %> <%= command.id %> -n 5 --level error' },
    {
      description: "one account's errors yesterday",
      command: '<%= config.bin %> <%= command.id %> --since yesterday --until today --level error --where account_id=ABC123',
    },
    { description: 'orders above 10 contracts without a stop', command: "<%= config.bin %> <%= command.id %> --where 'qty>10' --where '!stop_price'" },
    { description: 'a message regex, smart case', command: "<%= config.bin %> <%= command.id %> --regex 'position (closed|reduced)'" },
    {
      description: 'one rotated file, or stdin',
      command:
        '<%= config.bin %> <%= command.id %> logs/enforcement.2026-11-20T00-00-00Z.1.log.gz\nzcat old.log.gz | <%= config.bin %> <%= command.id %> - --level warn',
    },
    { description: 'only some fields, times in UTC', command: '<%= config.bin %> <%= command.id %> -c enforcement --fields account_id,rule --utc' },
    { description: 'the messages alone', command: '<%= config.bin %> <%= command.id %> -c enforcement -o cat' },
    { description: 'every fill of the day', command: '<%= config.bin %> <%= command.id %> --since today --event order_filled' },
  ]

  static override strict = false
  static override args = { files: Args.string({ description: 'files to read instead of the directory (plain or .gz; - for stdin)', required: false }) }

  static override flags = {
    dir: dirFlag,
    since: Flags.string({ char: 's', description: 'from this time (2026-11-20, 2h, yesterday, today)', helpValue: '<when>' }),
    until: Flags.string({ char: 'u', description: 'up to this time', helpValue: '<when>' }),
    ...filterFlags,
    limit: Flags.integer({ char: 'n', aliases: ['lines'], description: 'only the newest N matches', min: 1 }),
    reverse: Flags.boolean({ char: 'r', description: 'newest first' }),
    event: Flags.string({
      char: 'e',
      description: 'only this declared event (repeatable, or comma-separated): order_filled',
      multiple: true,
      helpValue: '<name>',
    }),
    ...viewFlags,
    progress: Flags.boolean({ description: 'show progress on stderr even when it is not a terminal', allowNo: true }),
  }

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Query)
    const files = argv as string[]
    if (files.length > 0 && flags.dir) throw CliErrors.USAGE('pass either files or --dir, not both')
    const spec = specFromFlags(flags)
    const minLevel = resolveMinLevel(flags.level) // a bad level or regex is a usage error before any file is opened
    const messages = messageMatches(spec)
    const { mode, view } = viewFromFlags(flags, colors(), true)
    const where = spec.where?.length ? compileWhere(spec.where) : undefined
    const groups = whereHints(spec.where ?? [])
    const hints = [
      ...groups.map((values) => (line: string) => values.some((v) => line.includes(v))),
      ...messages.flatMap((m) => (m.lineHint ? [m.lineHint] : [])),
    ]
    const common = {
      category: flags.category,
      event: flags.event,
      since: flags.since,
      until: flags.until,
      minLevel,
      where: where || messages.length ? (r: LogRecordJson) => (!where || where(r)) && messages.every((m) => m.test(r)) : undefined,
      lineHint: hints.length ? (line: string) => hints.every((h) => h(line)) : undefined,
      // the values of one --where key are searched in the raw bytes: other lines are never decoded
      lineNeedles: groups[0] ?? (flags.grep && JSON.stringify(flags.grep) === `"${flags.grep}"` ? [flags.grep] : undefined),
      lineNeedlesIgnoreCase: !groups[0] && flags.grep !== undefined && ignoresCase(flags.grep),
      onError: (file: string, err: Error) => process.stderr.write(`logwarden: skipped ${file}: ${err.message}\n`),
    }

    let dir: string | undefined
    let scan: { files: number; gz: number; bytes: number }
    if (files.length === 0) {
      dir = await resolveLogDir(flags.dir)
      assertLogDir(dir)
      const found = await scanDir(dir, flags.category)
      checkCategories(flags.category, [...found.categories, ...DEFAULT_CATEGORIES], `in ${dir}`)
      scan = found
    } else scan = await scanFiles(files)

    const out = new RecordOutput()
    const showProgress = flags.progress ?? process.stderr.isTTY === true
    const progress =
      showProgress && (scan.bytes > 32 * 1024 * 1024 || scan.gz > 0)
        ? new Progress(`scanning ${scan.files} file(s)${dir ? ` in ${dir}` : ''} (${scan.gz} compressed)`, flags.limit ? undefined : scan.bytes)
        : undefined
    const onBytes = progress ? (n: number) => progress.addBytes(n) : undefined
    const print = (r: LogRecordJson) => out.line(renderRecord(r, mode, view))

    const lib = await import('../../lib/log-dir/index.js')
    let matches = 0
    try {
      if (flags.limit !== undefined) {
        const newest: LogRecordJson[] = []
        const source = dir ? lib.readNewest({ dir, limit: flags.limit, ...common, onBytes }) : lastN(lib.readFiles({ files, ...common, onBytes }), flags.limit)
        for await (const r of source) {
          newest.push(r)
          progress?.update(newest.length)
        }
        matches = newest.length
        if (!flags.reverse) newest.reverse()
        for (const r of newest) {
          if (out.closed) break
          await print(r)
        }
      } else {
        const records = dir ? lib.readLogs({ dir, ...common, onBytes }) : lib.readFiles({ files, ...common, onBytes })
        const all: LogRecordJson[] | undefined = flags.reverse ? [] : undefined
        for await (const r of records) {
          matches++
          progress?.update(matches)
          if (all) all.push(r)
          else await print(r)
          // the reader went away (| head): stop scanning now; the generator closes its files
          if (out.closed) break
        }
        if (all) for (let i = all.length - 1; i >= 0 && !out.closed; i--) await print(all[i]!)
      }
      await out.flush()
    } catch (err) {
      if (err instanceof LwError && (err.code === LogDirErrors.READ_LOGS_OPTION.code || err.code === LogDirErrors.READ_LOGS_FILE.code)) {
        throw new CliError(err.code, err.message.replace(/^readLogs: /, ''), err.kind)
      }
      throw err
    } finally {
      progress?.done(matches)
    }
    if (matches === 0 && mode !== 'json' && mode !== 'json-pretty') process.stderr.write(`no matching records in ${dir ?? files.join(', ')}\n`)
  }
}

/** The last `n` of an ordered stream, newest first (as readNewest gives them). */
async function* lastN(records: AsyncIterable<LogRecordJson>, n: number): AsyncGenerator<LogRecordJson> {
  const ring: LogRecordJson[] = []
  for await (const r of records) {
    ring.push(r)
    if (ring.length > n) ring.shift()
  }
  for (let i = ring.length - 1; i >= 0; i--) yield ring[i]!
}

/** The categories with files in `dir`, and how many files and bytes the wanted ones hold. */
async function scanDir(dir: string, categories: string[] | undefined): Promise<{ categories: Set<string>; files: number; gz: number; bytes: number }> {
  const wanted = categories?.length ? new Set(categories.map(fileCategory)) : undefined
  const found = new Set<string>()
  let files = 0
  let gz = 0
  let bytes = 0
  let names: string[] = []
  try {
    names = await readdir(dir)
  } catch {
    // readLogs reports the directory
  }
  for (const name of names) {
    const p = parseLogFileName(name)
    if (!p || p.kind === 'partial') continue
    found.add(p.category)
    if (wanted && !wanted.has(p.category)) continue
    files++
    if (p.kind === 'compressed') gz++
    bytes += await stat(join(dir, name)).then(
      (s) => s.size,
      () => 0,
    )
  }
  return { categories: found, files, gz, bytes }
}

async function scanFiles(files: string[]): Promise<{ files: number; gz: number; bytes: number }> {
  let bytes = 0
  let gz = 0
  for (const f of files) {
    if (f === '-') continue
    if (f.endsWith('.gz')) gz++
    bytes += await stat(f).then(
      (s) => s.size,
      () => 0,
    )
  }
  return { files: files.length, gz, bytes }
}
