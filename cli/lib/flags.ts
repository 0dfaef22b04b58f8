/** Flags shared by several commands, so they read and behave the same everywhere. */
import { Flags } from '@oclif/core'
import { DEFAULT_URL } from './client.js'

export const urlFlag = Flags.string({
  description: 'control API of the daemon',
  default: DEFAULT_URL,
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
  level: Flags.string({ char: 'l', description: 'minimum level: trace, debug, info, warn, error, critical', helpValue: '<level>' }),
  where: Flags.string({
    char: 'w',
    description: 'field equality, key=value; dotted paths reach nested fields (repeatable, all must match)',
    multiple: true,
    helpValue: '<key=value>',
  }),
  grep: Flags.string({ char: 'g', description: 'substring of the JSON line', helpValue: '<text>' }),
}
