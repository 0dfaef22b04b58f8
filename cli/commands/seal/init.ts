import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Flags } from '@oclif/core'
import { BaseCommand } from '../../lib/base.js'
import { CliErrors } from '../../lib/errors.js'
import { dirFlag } from '../../lib/flags.js'
import { resolveLogDir } from '../../../lib/log-dir/index.js'
import { parseDuration } from '../../../lib/util/index.js'
import { KEY_FILE, SEAL_DIR, SealErrors, firstSigningKey, formatVerificationKey, newEd25519Key, newSeed, writeSigningKey } from '../../../lib/seal/index.js'

export default class SealInit extends BaseCommand {
  static override summary = 'Create the forward-secure signing key for audit-seal and print its verification key once.'
  static override description = `Writes the signing key of epoch 0 to <dir>/.seal/signing.key (0600) and prints the verification key to stdout. The verification key is printed only here and stored nowhere on this host: copy it off the host (a password manager, a vault, paper). Whoever holds it can verify, and also forge, seals: keep it secret.

The signing key moves forward one step every --epoch (15 min by default) and the previous one is erased, so a later compromise of this host cannot re-seal what was sealed before it.

With --algorithm ed25519 each epoch has its own Ed25519 key pair, each new public key signed by the previous private key; the verification key (lwseal2.…) is the first public key: it verifies but cannot sign, so an auditor who holds it cannot forge seals.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> --dir ./logs',
    '<%= config.bin %> <%= command.id %> --dir ./logs --epoch 1h --json',
    '<%= config.bin %> <%= command.id %> --dir ./logs --algorithm ed25519',
  ]

  static override enableJsonFlag = true
  static override flags = {
    dir: dirFlag,
    epoch: Flags.string({ description: 'how long each signing key lives (at least 1s)', default: '15min', helpValue: '<duration>' }),
    'key-file': Flags.string({
      description: "where to write the signing key (default: <dir>/.seal/signing.key; audit-seal's keyFile must match)",
      helpValue: '<file>',
    }),
    force: Flags.boolean({ description: 'replace an existing signing key' }),
    algorithm: Flags.string({
      description: 'hmac-sha256: the verification key is a secret seed; ed25519: it is a public key (verifies, cannot forge)',
      options: ['hmac-sha256', 'ed25519'],
      default: 'hmac-sha256',
    }),
  }

  async run(): Promise<{ verificationKey: string; keyFile: string; kid: string; t0: string; epochMs: number; algorithm: string }> {
    const { flags } = await this.parse(SealInit)
    const epochMs = parseDuration(flags.epoch)
    if (epochMs === undefined || epochMs < 1000) throw CliErrors.USAGE(`--epoch ${flags.epoch} is not a duration of at least 1s`)
    const dir = await resolveLogDir(flags.dir)
    const keyFile = flags['key-file'] ? resolve(flags['key-file']) : join(dir, SEAL_DIR, KEY_FILE)
    if (existsSync(keyFile) && !flags.force) throw SealErrors.KEY_EXISTS(keyFile)
    const ed25519 = flags.algorithm === 'ed25519' ? newEd25519Key(Date.now(), epochMs) : undefined
    const vk = ed25519?.vk ?? newSeed(Date.now(), epochMs)
    const signing = ed25519?.signing ?? firstSigningKey(vk)
    writeSigningKey(keyFile, signing)
    signing.key.fill(0)
    const verificationKey = formatVerificationKey(vk)
    vk.seed.fill(0)
    if (!this.jsonEnabled()) {
      process.stderr.write(
        `signing key written to ${keyFile} (key id ${vk.kid}, epoch ${flags.epoch}).\n` +
          (ed25519
            ? 'The verification key (a public key) follows. It is shown once: store it off the host now, where an attacker of this host cannot replace it.\n'
            : 'The verification key follows. It is shown once and kept nowhere on this host: store it off the host now.\n'),
      )
      this.log(verificationKey)
    }
    return { verificationKey, keyFile, kid: vk.kid, t0: new Date(vk.t0).toISOString(), epochMs, algorithm: flags.algorithm }
  }
}
