import { Flags } from '@oclif/core'
import { BaseCommand } from '../lib/base.js'
import { DaemonClient } from '../lib/client.js'
import { LwError } from '../../core/errors.js'
import { CliError, EXIT, exitCode } from '../lib/errors.js'
import { urlFlag } from '../lib/flags.js'
import { readSecret } from '../lib/secret-input.js'
import type { Role } from '../lib/token-cache.js'
import { loginWith, type IssuedToken } from '../lib/login-flow.js'

export default class Login extends BaseCommand {
  static override summary = 'Log in to the daemon (HMAC challenge-response) and cache the token.'
  static override description = `The secret never crosses the wire: the daemon sends a one-time nonce, this command answers with HMAC-SHA256(secret, nonce), and the daemon returns a token (valid 1 h by default), cached with mode 0600 in your config directory ($XDG_CONFIG_HOME/logwarden or ~/.config/logwarden). Other commands use it.

The secret comes from LOGWARDEN_SECRET, else a prompt that does not echo, else the first line of stdin. It is never a flag, so it stays out of your shell history.`

  static override examples = [
    { description: 'read access (tail, recent, status); asks for the secret', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'admin access, secret from the environment', command: 'LOGWARDEN_SECRET=… <%= config.bin %> <%= command.id %> --role admin' },
    { description: 'secret from a password manager', command: 'pass show logwarden/admin | <%= config.bin %> <%= command.id %> --role admin' },
    {
      description: 'as a named principal (audited as "admin reload by ops-lead")',
      command: 'LOGWARDEN_SECRET=… <%= config.bin %> <%= command.id %> --as ops-lead',
    },
  ]

  static override enableJsonFlag = true
  static override flags = {
    url: urlFlag,
    role: Flags.string({ char: 'r', description: "role to log in as (default read; with --as, the principal's role)", options: ['read', 'admin'] }),
    as: Flags.string({ description: "principal to log in as (auth-hmac principals: [{ name, role, secret }]); the secret is that principal's" }),
  }

  async run(): Promise<{ url: string; role: Role; principal?: string; tokenId: string; expiresAt: string; cache: string }> {
    const { flags } = await this.parse(Login)
    const principal = flags.as
    // a named principal has one role: asked for only when given, so `--as ops-lead` alone suffices
    const role = (flags.role ?? (principal === undefined ? 'read' : undefined)) as Role | undefined
    const who = principal ?? role!
    const client = new DaemonClient(flags.url)
    const secret = await readSecret(who)
    const claim = { ...(role ? { role } : {}), ...(principal !== undefined ? { principal } : {}) }
    let issued: IssuedToken
    let cache: string
    try {
      ;({ issued, cache } = await loginWith(client.url, secret, claim))
    } catch (err) {
      if (err instanceof LwError && exitCode(err.kind) === EXIT.AUTH) {
        throw new CliError(
          err.code,
          `login failed: the daemon at ${client.url} did not accept this ${principal === undefined ? role : `${principal}`} secret`,
          err.kind,
        )
      }
      throw err
    }
    const as = issued.principal !== undefined && issued.principal !== issued.role ? `${issued.principal} (${issued.role})` : issued.role
    this.log(`logged in to ${client.url} as ${as} (token ${issued.tokenId}, valid until ${new Date(issued.expiresAt).toLocaleString()}); cached in ${cache}`)
    return {
      url: client.url,
      role: issued.role,
      ...(issued.principal !== undefined ? { principal: issued.principal } : {}),
      tokenId: issued.tokenId,
      expiresAt: issued.expiresAt,
      cache,
    }
  }
}
