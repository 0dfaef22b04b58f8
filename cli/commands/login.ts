import { Flags } from '@oclif/core'
import { BaseCommand } from '../lib/base.js'
import { DaemonClient } from '../lib/client.js'
import { LwError } from '../../core/errors.js'
import { CliError, EXIT, exitCode } from '../lib/errors.js'
import { urlFlag } from '../lib/flags.js'
import { readSecret } from '../lib/secret-input.js'
import { saveToken, type Role } from '../lib/token-cache.js'
import { computeHmac } from '../../lib/control-api/index.js'

export default class Login extends BaseCommand {
  static override summary = 'Log in to the daemon (HMAC challenge-response) and cache the token.'
  static override description = `The secret never crosses the wire: the daemon sends a one-time nonce, this command answers with HMAC-SHA256(secret, nonce), and the daemon returns a token (valid 1 h by default), cached with mode 0600 in your config directory ($XDG_CONFIG_HOME/logwarden or ~/.config/logwarden). Other commands use it.

The secret comes from LOGWARDEN_SECRET, else a prompt that does not echo, else the first line of stdin. It is never a flag, so it stays out of your shell history.`

  static override examples = [
    { description: 'read access (tail, recent, status); asks for the secret', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'admin access, secret from the environment', command: 'LOGWARDEN_SECRET=… <%= config.bin %> <%= command.id %> --role admin' },
    { description: 'secret from a password manager', command: 'pass show logwarden/admin | <%= config.bin %> <%= command.id %> --role admin' },
  ]

  static override enableJsonFlag = true
  static override flags = {
    url: urlFlag,
    role: Flags.string({ char: 'r', description: 'role to log in as', options: ['read', 'admin'], default: 'read' }),
  }

  async run(): Promise<{ url: string; role: Role; tokenId: string; expiresAt: string; cache: string }> {
    const { flags } = await this.parse(Login)
    const role = flags.role as Role
    const client = new DaemonClient(flags.url)
    const secret = await readSecret(role)
    const { nonce } = await client.post<{ nonce: string }>('/auth/challenge', { role })
    let issued: { token: string; tokenId: string; role: Role; expiresAt: string }
    try {
      issued = await client.post('/auth/verify', { nonce, hmac: computeHmac(secret, nonce), role })
    } catch (err) {
      if (err instanceof LwError && exitCode(err.kind) === EXIT.AUTH) {
        throw new CliError(err.code, `login failed: the daemon at ${client.url} did not accept this ${role} secret`, err.kind)
      }
      throw err
    }
    const cache = saveToken(client.url, issued)
    this.log(`logged in to ${client.url} as ${issued.role} (token ${issued.tokenId}, valid until ${new Date(issued.expiresAt).toLocaleString()}); cached in ${cache}`)
    return { url: client.url, role: issued.role, tokenId: issued.tokenId, expiresAt: issued.expiresAt, cache }
  }
}
