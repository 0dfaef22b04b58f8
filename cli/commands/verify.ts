import { readFileSync } from 'node:fs'
import { Flags } from '@oclif/core'
import { BaseCommand } from '../lib/base.js'
import { CliErrors } from '../lib/errors.js'
import { dirFlag } from '../lib/flags.js'
import { assertLogDir } from '../lib/need-log-dir.js'
import { resolveLogDir } from '../../lib/log-dir/index.js'
import { parseVerificationKey, verifyDir } from '../../lib/seal/index.js'
import type { CategoryReport, VerifyReport } from '../../lib/seal/index.js'

/** Exit codes of verify beyond the common ones (docs/cli.md). */
export const VERIFY_EXIT = Object.freeze({ VERIFIED: 0, TAMPERED: 7, UNVERIFIABLE: 8 })

export default class Verify extends BaseCommand {
  static override summary = 'Check sealed log files against the verification key: what holds, the first broken link, the unsealed tail.'
  static override description = `Replays the hash chain of every sealed category (audit-seal) over the active, rotated, .gz and archived files, checks each seal's MAC with the key of its epoch, and reports per category: verified up to when, the first broken link (file, line, and what: modified, deleted, inserted, reordered, truncated, missing-file, forged-seal, seal-chain, out-of-epoch), and the lines written after the last seal (unsealed, not tampering).

The key is the "lwseal1.…" string \`logwarden seal init\` printed: --key, --key-file, or LOGWARDEN_SEAL_KEY. Exit codes: 0 verified, 7 tampered, 8 unverifiable (no seals, another key).`

  static override examples = [
    {
      description: 'verify with the key from a file kept off the host',
      command: '<%= config.bin %> <%= command.id %> --dir ./logs --key-file /mnt/vault/logwarden.vk',
    },
    {
      description: "rotated files moved by rotate's archiveDir, retention allowed, JSON",
      command: '<%= config.bin %> <%= command.id %> --dir ./logs --archive-dir /archive/logs --allow-pruned --json',
    },
  ]

  static override enableJsonFlag = true
  static override flags = {
    dir: dirFlag,
    key: Flags.string({ description: 'the verification key (lwseal1.…)', env: 'LOGWARDEN_SEAL_KEY', helpValue: '<key>', exclusive: ['key-file'] }),
    'key-file': Flags.string({ description: 'a file holding the verification key', helpValue: '<file>' }),
    category: Flags.string({
      char: 'c',
      description: 'only this category (repeatable; default: every sealed one, and audit and enforcement)',
      multiple: true,
      helpValue: '<name>',
    }),
    'archive-dir': Flags.string({ description: "where rotate's archiveDir moved rotated files (repeatable)", multiple: true, helpValue: '<dir>' }),
    'allow-pruned': Flags.boolean({ description: 'missing oldest files are retention, not tampering' }),
  }

  async run(): Promise<VerifyReport> {
    const { flags } = await this.parse(Verify)
    const text = flags.key ?? (flags['key-file'] ? readFileSync(flags['key-file'], 'utf8') : undefined)
    if (text === undefined) throw CliErrors.USAGE('no verification key: pass --key, --key-file or set LOGWARDEN_SEAL_KEY')
    const key = parseVerificationKey(text)
    const dir = await resolveLogDir(flags.dir)
    assertLogDir(dir)
    const started = performance.now()
    const report = verifyDir({ dir, key, categories: flags.category, archiveDirs: flags['archive-dir'], allowPruned: flags['allow-pruned'] })
    const seconds = (performance.now() - started) / 1000
    process.exitCode = report.status === 'verified' ? VERIFY_EXIT.VERIFIED : report.status === 'tampered' ? VERIFY_EXIT.TAMPERED : VERIFY_EXIT.UNVERIFIABLE
    if (!this.jsonEnabled()) {
      for (const c of report.categories) this.log(describe(c))
      this.log(
        `${report.status.toUpperCase()}: ${report.categories.length} categor${report.categories.length === 1 ? 'y' : 'ies'}, ` +
          `${(report.bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s (key ${report.kid})`,
      )
    }
    return report
  }
}

function describe(c: CategoryReport): string {
  const lines = [
    `${c.category}: ${c.status} — ${c.sealedLines} sealed line(s) in ${c.files.length} file(s), ${c.seals} seal(s)` +
      (c.verifiedUntil ? `, verified up to ${c.verifiedUntil}` : ''),
  ]
  if (c.break) lines.push(`  BROKEN: ${c.break.problem} at ${c.break.file}${c.break.line !== undefined ? `:${c.break.line}` : ''} — ${c.break.detail}`)
  for (const l of c.late)
    lines.push(`  late seal ${l.seal}: ${l.lines} line(s) from ${l.file}:${l.fromLine} were sealed after a restart in a later epoch (not forward-secure)`)
  if (c.pruned.length > 0) lines.push(`  pruned (retention): ${c.pruned.join(', ')}`)
  if (c.prunedBefore)
    lines.push(
      `  seals pruned: the first ${c.prunedBefore.seals} seal(s), of files retention deleted (last at ${c.prunedBefore.at}: ${c.prunedBefore.files.join(', ')})` +
        (c.verifiedFrom ? `; verified from ${c.verifiedFrom.file}${c.verifiedFrom.time ? ` (${c.verifiedFrom.time})` : ''}` : ''),
    )
  if (c.unsealed)
    lines.push(
      `  unsealed tail: ${c.unsealed.lines} line(s) from ${c.unsealed.file}:${c.unsealed.fromLine}${c.unsealed.torn ? ' (the last one torn)' : ''} — written after the last seal, not yet proven`,
    )
  return lines.join('\n')
}
