import { existsSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline/promises'
import { Flags } from '@oclif/core'
import { BaseCommand } from '../lib/base.js'
import { CliErrors } from '../lib/errors.js'

interface Answers {
  dir: string
  level: string
  control: boolean
}

export function starterConfig(a: Answers): Record<string, unknown> {
  const plugins: unknown[] = [{ redact: {} }, { 'sink-file': { dir: a.dir } }, { rotate: { maxSize: '50MB', maxFiles: 10, compress: 'gzip', maxAge: '90d' } }]
  if (a.control) {
    plugins.push({ 'auth-hmac': { secrets: { admin: { env: 'LOGWARDEN_ADMIN_SECRET' }, read: { env: 'LOGWARDEN_READ_SECRET' } } } })
    plugins.push({ control: { host: '127.0.0.1', port: 5555 } })
  }
  return { level: a.level, categories: ['system', 'enforcement', 'error', 'audit'], plugins }
}

export default class Init extends BaseCommand {
  static override summary = 'Write a starter config (logwarden.config.json).'
  static override description =
    'Redaction, JSON files per category with rotation and gzip, and (unless --no-control) the control API with HMAC login. On a terminal it asks a few questions; otherwise (or with --yes) it uses the defaults and asks nothing.'
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    { description: 'no questions, logs in /var/log/myapp', command: '<%= config.bin %> <%= command.id %> --yes --dir /var/log/myapp' },
  ]
  static override enableJsonFlag = true
  static override flags = {
    file: Flags.string({ char: 'f', description: 'where to write it', default: 'logwarden.config.json' }),
    dir: Flags.string({ description: 'log directory', default: './logs' }),
    level: Flags.string({ description: 'log level', default: 'info', options: ['trace', 'debug', 'info', 'warn', 'error', 'critical'] }),
    control: Flags.boolean({ description: 'include the control API and auth-hmac', default: true, allowNo: true }),
    yes: Flags.boolean({ char: 'y', description: 'ask nothing; use the flags and defaults' }),
    force: Flags.boolean({ description: 'overwrite an existing file' }),
  }

  async run(): Promise<{ file: string; config: Record<string, unknown> }> {
    const { flags } = await this.parse(Init)
    const file = resolve(flags.file)
    if (existsSync(file) && !flags.force) {
      throw CliErrors.EXISTS(file)
    }
    let answers: Answers = { dir: flags.dir, level: flags.level, control: flags.control }
    if (!flags.yes && !this.jsonEnabled() && process.stdin.isTTY && process.stdout.isTTY) answers = await ask(answers)
    const config = starterConfig(answers)
    writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o644 })
    this.log(`wrote ${file}`)
    if (answers.control) {
      this.log(`\nNext: give each role a secret before starting the app (at least 16 characters):
  export LOGWARDEN_ADMIN_SECRET="$(openssl rand -hex 32)"
  export LOGWARDEN_READ_SECRET="$(openssl rand -hex 32)"
then: logwarden login --role admin   (with LOGWARDEN_SECRET set to the admin secret, or at the prompt)`)
    }
    this.log(`Check it any time with: ${this.config.bin} config validate ${flags.file}`)
    return { file, config }
  }
}

async function ask(d: Answers): Promise<Answers> {
  const rl = createInterface({ input: process.stdin, output: process.stdout })
  try {
    const dir = (await rl.question(`Log directory [${d.dir}]: `)).trim() || d.dir
    let level = ''
    while (!['trace', 'debug', 'info', 'warn', 'error', 'critical'].includes(level)) {
      level = (await rl.question(`Level (trace/debug/info/warn/error/critical) [${d.level}]: `)).trim() || d.level
    }
    const c = (await rl.question(`Control API with HMAC login, for logwarden tail/status/admin? [${d.control ? 'Y/n' : 'y/N'}]: `)).trim().toLowerCase()
    return { dir, level, control: c === '' ? d.control : c.startsWith('y') }
  } finally {
    rl.close()
  }
}
