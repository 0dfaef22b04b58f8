import { Args } from '@oclif/core'
import { BaseCommand } from '../../lib/base.js'
import { scrubbed, validateConfig } from '../../lib/config-view.js'
import { exitCode } from '../../lib/errors.js'

interface Result {
  valid: boolean
  file: string | null
  plugins: string[]
  redaction: 'on' | 'off'
  problems: Array<{ code: string; message: string }>
  error?: { code: string; message: string }
  notices: string[]
}

export default class ConfigValidate extends BaseCommand {
  static override summary = 'Check that a config will start: syntax, schema, env references, plugins and their options, directories, secrets.'
  static override description = `Loads the config the way the daemon does (the file given, else the one found from the working directory: logwarden.config.*, .logwardenrc*, or "logwarden" in package.json), resolves \${env:NAME} references, finds every plugin and validates its options, and checks what start would fail on (log directories that cannot be created, auth-hmac secrets missing or too short). Nothing is started. Every problem is reported, each with its code; the exit code is that of the first one's kind (5 for a config problem). No secret is printed.`
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> ./deploy/logwarden.config.json']
  static override enableJsonFlag = true
  static override args = { file: Args.string({ description: 'config file (default: found from the working directory)' }) }

  async run(): Promise<Result> {
    const { args } = await this.parse(ConfigValidate)
    const v = await validateConfig(args.file)
    const where = v.file ?? 'embedded default config'
    const problems = v.problems.map((p) => ({ code: p.code, message: scrubbed(p.message, v.file) }))
    const notices = v.notices
    const redaction = v.plugins.includes('redact') ? 'on' : 'off'
    if (problems.length) process.exitCode = exitCode(v.problems[0]!.kind)
    if (!this.jsonEnabled()) {
      for (const n of notices) this.log(`note: ${n}`)
      if (problems.length) {
        for (const p of problems) process.stderr.write(`Error: ${p.message} [${p.code}]\n`)
        // one config-invalid error lists every schema problem on its own indented line
        const count = problems.reduce((n, p) => n + Math.max(1, p.message.split('\n').filter((l) => l.startsWith('  ')).length), 0)
        process.stderr.write(`${where}: ${count} problem${count === 1 ? '' : 's'}; it will not start\n`)
      } else {
        this.log(`${where}: valid (plugins: ${v.plugins.join(', ') || 'none'}; redaction ${redaction})`)
      }
    }
    // `error`, like every command's --json failure, is the first problem; `problems` lists them all
    return {
      valid: problems.length === 0,
      file: v.file ?? null,
      plugins: v.plugins,
      redaction,
      problems,
      notices,
      ...(problems.length ? { error: problems[0] } : {}),
    }
  }
}
