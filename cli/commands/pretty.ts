import { createReadStream, existsSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../lib/base.js'
import { CliErrors } from '../lib/errors.js'
import { colors, prettyLine, type TimeFormat } from '../../lib/human/index.js'

const list = (s: string | undefined) =>
  s === undefined
    ? undefined
    : new Set(
        s
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean),
      )

export default class Pretty extends BaseCommand {
  static override summary = 'Turn JSON log lines from a file or a pipe into the human view (logwarden\u2019s and pino\u2019s).'
  static override description = `Reads JSON lines — logwarden's records, or pino's (numeric level, msg, time) — from a file, or from stdin when the file is - or omitted, and prints each as the human line. Lines that are not JSON are printed as they are. Control characters in records are shown escaped, so nothing logged can drive the terminal. Colored by level on a terminal (--no-color, NO_COLOR and FORCE_COLOR respected).`

  static override examples = [
    { description: 'a log file', command: '<%= config.bin %> <%= command.id %> logs/system.log' },
    { description: "a service's stdout, as with pino-pretty", command: 'node app.js | <%= config.bin %> <%= command.id %>' },
    {
      description: "a pino file, without pino's base fields, with stacks",
      command: '<%= config.bin %> <%= command.id %> app.log --ignore pid,hostname --stacks',
    },
    { description: 'level first, full dates', command: '<%= config.bin %> <%= command.id %> app.log --level-first --time date' },
  ]

  static override args = {
    // ignoreStdin: oclif would otherwise take piped input as the file's name
    file: Args.string({ description: 'a file of JSON lines; - or nothing: stdin', required: false, ignoreStdin: true }),
  }

  static override flags = {
    ignore: Flags.string({ char: 'i', description: 'fields not to show, comma-separated (pino-pretty --ignore)', helpValue: '<keys>' }),
    include: Flags.string({ description: 'show only these fields (besides time, level, category, message), comma-separated', helpValue: '<keys>' }),
    time: Flags.string({
      char: 't',
      description: 'time format: time (local, default), date (local, with the date), iso (as written, UTC), utc (UTC time of day)',
      options: ['time', 'date', 'iso', 'utc'],
      default: 'time',
    }),
    'level-first': Flags.boolean({ char: 'l', description: 'the level before the time (pino-pretty --levelFirst)' }),
    stacks: Flags.boolean({ description: 'error stacks on the lines below the record (default: one line per record)' }),
    correlation: Flags.boolean({ description: 'the correlation id (or pino\u2019s reqId) after the category' }),
    color: Flags.boolean({ description: 'color by level (default: on a terminal)', allowNo: true }),
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Pretty)
    const file = args.file === undefined || args.file === '-' ? undefined : args.file
    if (file !== undefined && !existsSync(file)) throw CliErrors.USAGE(`no such file: ${file}`)
    const options = {
      colors: flags.color === undefined ? colors() : colors(flags.color),
      time: flags.time as TimeFormat,
      ignore: list(flags.ignore),
      include: list(flags.include),
      levelFirst: flags['level-first'],
      stacks: flags.stacks,
      correlation: flags.correlation,
    }
    const input = file === undefined ? process.stdin : createReadStream(file)
    const out = process.stdout
    // the reader went away (`| head`): stop quietly
    out.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0)
      throw err
    })
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      if (line === '') continue
      if (!out.write(`${prettyLine(line, options)}\n`)) await new Promise((resolve) => out.once('drain', resolve))
    }
  }
}
