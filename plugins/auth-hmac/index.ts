/**
 * `auth-hmac`: challenge-response login for the control API (seed 000), so no secret crosses the
 * wire. Named principals, one secret each and a role each (or the older one secret per role),
 * from the config (`${env:…}`), an environment variable or a 0600 file; tokens are random,
 * short-lived, stored hashed, and name their principal in every audit record. The protocol is in docs/auth-protocol.md.
 */
import { definePlugin } from '../../core/plugin.js'
import { registerAuth } from '../control/index.js'
import { createProvider, type PrincipalSecret } from './protocol.js'
import { readPrincipals } from './principals.js'
import { readSecret } from './secrets.js'
import { schema, type AuthHmacOptions } from './schema.js'
import { LwError } from '../../core/errors.js'
import { acquireTokenStore, sharedNonces } from './store.js'

export const PLUGIN_NAME = 'auth-hmac'

const plugin = definePlugin<AuthHmacOptions>({
  name: PLUGIN_NAME,
  schema,
  // config validate: the secrets start would read are there and long enough (messages name the source, never the value)
  check(options, { config, preflight }) {
    if (!preflight) return []
    const problems: Array<{ path: string; code: string; message: string }> = []
    const attempt = (path: string, read: () => unknown) => {
      try {
        read()
      } catch (err) {
        if (!(err instanceof LwError)) throw err
        problems.push({ path, code: err.code, message: err.message })
      }
    }
    for (const [role, src] of Object.entries(options.secrets ?? {})) if (src) attempt(`secrets.${role}`, () => readSecret(role, src, config.baseDir))
    options.principals?.forEach((p, i) =>
      attempt(`principals[${i}]`, () => readSecret(`${p.name} (${p.role})`, p.secretFile !== undefined ? { file: p.secretFile } : p.secret!, config.baseDir)),
    )
    // each secret readable: what is left is how they relate (names or secrets shared)
    if (problems.length === 0) attempt(options.principals ? 'principals' : 'secrets', () => readPrincipals(options, config.baseDir))
    return problems
  },
  apply(pipeline, options) {
    const held = readPrincipals(options, pipeline.config.baseDir).map((p) => ({ ...p, ...acquireTokenStore(p.name, p.role, p.secret) }))
    const principals: PrincipalSecret[] = held.map(({ name, role, secret, store }) => ({ name, role, secret, tokens: store }))
    sharedNonces.max = options.maxPendingNonces
    sharedNonces.maxPerAddress = options.maxPendingNoncesPerAddress
    registerAuth(pipeline, createProvider({ principals, nonces: sharedNonces, tokenTtlMs: options.tokenTtlMs, nonceTtlMs: options.nonceTtlMs }))
    pipeline.hooks.close.tapPromise(PLUGIN_NAME, async () => {
      for (const h of held) h.release()
    })
  },
})
export default plugin

export { computeHmac } from '../../lib/control-api/index.js'
export { schema, type AuthHmacOptions, type PrincipalOption } from './schema.js'
