/** Flags shared by several commands, so they read and behave the same everywhere. */
import { Flags } from '@oclif/core'
import { OUTPUT_MODES, type OutputMode, type RecordFormatOptions, type Colors } from '../../lib/human/index.js'
import { parseWhere, type FilterSpec } from '../../lib/query/index.js'
import { projectUrl } from './project-target.js'

export const urlFlag = Flags.string({
  description: "control API of the daemon (default: the control plugin's host and port in the project's config, else http://127.0.0.1:5555)",
  default: async () => projectUrl(),
  env: 'LOGWARDEN_URL',
  helpValue: '<url>',
})

export const dirFlag = Flags.string({
  description: 'log directory (default: the sink-file "dir" of the config found from the working directory, else ./logs)',
  env: 'LOGWARDEN_LOG_DIR',
  helpValue: '<dir>',
})

export const filterFlags = {
  category: Flags.string({ char: 'c', description: 'only this category (repeatable)', multiple: true, helpValue: '<name>' }),
  level: Flags.string({ char: 'l', description: 'minimum level: trace, debug, info, warn, error, critical, or a number (40 = warn)', helpValue: '<level>' }),
  where: Flags.string({
    char: 'w',
    description:
      'field test: key=value, key!=value, key>value, key<value, key>=value, key<=value, key (present), !key (absent); dotted paths reach nested fields (repeatable: a repeated key=value is any of its values, the rest must all hold)',
    multiple: true,
    helpValue: '<test>',
  }),
  grep: Flags.string({ char: 'g', description: 'text in the message (case-insensitive unless it has an uppercase letter)', helpValue: '<text>' }),
  regex: Flags.string({
    char: 'e',
    description: 'regular expression on the message (RE2 syntax; case-insensitive unless it has an uppercase letter)',
    helpValue: '<re>',
  }),
}

export const viewFlags = {
  output: Flags.string({
    char: 'o',
    description: 'short (the human line), cat (the message only), json (NDJSON), json-pretty',
    options: [...OUTPUT_MODES],
    helpValue: '<mode>',
  }),
  json: Flags.boolean({ description: 'print NDJSON (one record per line); same as -o json' }),
  fields: Flags.string({ description: 'only these fields after the message (comma-separated; dotted names as logged)', helpValue: '<a,b>' }),
  hide: Flags.string({ description: 'never show these fields (comma-separated)', helpValue: '<a,b>' }),
  utc: Flags.boolean({ description: 'show times in UTC (default: local time)' }),
}

/** The filter the flags describe (--grep and --regex test the message). */
export function specFromFlags(flags: { category?: string[]; level?: string; where?: string[]; grep?: string; regex?: string }): FilterSpec {
  return {
    categories: flags.category,
    minLevel: flags.level,
    where: parseWhere(flags.where ?? []),
    message: flags.grep,
    messageRegex: flags.regex,
  }
}

const list = (s: string | undefined) =>
  s
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean)

/** The output mode and the human view's options from --output/--json/--fields/--hide/--utc. */
export function viewFromFlags(
  flags: { output?: string; json?: boolean; fields?: string; hide?: string; utc?: boolean },
  c: Colors,
  date: boolean,
): { mode: OutputMode; view: RecordFormatOptions } {
  const mode = (flags.json ? 'json' : (flags.output ?? 'short')) as OutputMode
  return { mode, view: { colors: c, date, pick: list(flags.fields), hide: list(flags.hide), utc: flags.utc } }
}
