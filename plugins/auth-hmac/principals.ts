/**
 * The principals auth-hmac knows: the named ones (`principals`) and the older one-secret-per-role
 * form (`secrets`), each of whose roles becomes a principal named after it. Secrets are read and
 * checked here, at start, so `config validate` and start refuse the same configs.
 */
import type { Role } from '../control/index.js'
import { AuthErrors } from './errors.js'
import { readSecret } from './secrets.js'
import type { AuthHmacOptions } from './schema.js'

export interface Principal {
  name: string
  role: Role
  secret: string
}

export function readPrincipals(options: AuthHmacOptions, baseDir: string): Principal[] {
  const out: Principal[] = []
  for (const [role, src] of Object.entries(options.secrets ?? {}) as Array<[Role, NonNullable<AuthHmacOptions['secrets']>['read']]>) {
    if (src) out.push({ name: role, role, secret: readSecret(role, src, baseDir) })
  }
  for (const p of options.principals ?? []) {
    if (out.some((o) => o.name === p.name)) {
      throw AuthErrors.CONFIG(
        `two principals are named "${p.name}"${p.name === 'read' || p.name === 'admin' ? ' (secrets.' + p.name + ' is a principal of that name)' : ''}; give each its own name`,
      )
    }
    const src = p.secretFile !== undefined ? { file: p.secretFile } : p.secret!
    out.push({ name: p.name, role: p.role, secret: readSecret(`${p.name} (${p.role})`, src, baseDir) })
  }
  for (let i = 0; i < out.length; i++) {
    for (let j = i + 1; j < out.length; j++) {
      if (out[i]!.secret === out[j]!.secret) {
        throw AuthErrors.CONFIG(
          `${out[i]!.name} and ${out[j]!.name} have the same secret, so an audit could not tell them apart${out[i]!.role !== out[j]!.role ? ' and every read login would be an admin one' : ''}; give each its own secret`,
        )
      }
    }
  }
  return out
}
