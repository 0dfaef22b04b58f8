/**
 * `auth-hmac`: challenge-response login for the control API (seed 000), so no secret crosses the
 * wire. One secret per role (read, admin), from an environment variable or a 0600 file; tokens
 * are random, short-lived, stored hashed. The protocol is in docs/auth-protocol.md.
 */
import { definePlugin } from '../../core/plugin.js'
import { LwError } from '../../core/errors.js'
import { registerAuth, type Role } from '../control/index.js'
import { AuthErrors } from './errors.js'
import { createProvider, type RoleSecret } from './protocol.js'
import { readSecret } from './secrets.js'
import { schema, type AuthHmacOptions, type SecretSource } from './schema.js'
import { acquireTokenStore, sharedNonces } from './store.js'

export const PLUGIN_NAME = 'auth-hmac'

const plugin = definePlugin<AuthHmacOptions>({
  name: PLUGIN_NAME,
  schema,
  // config validate: the secrets start would read are there and long enough (messages name the source, never the value)
  check(options, { config, preflight }) {
    if (!preflight) return []
    return Object.entries(options.secrets).flatMap(([role, src]) => {
      try {
        readSecret(role, src as SecretSource, config.baseDir)
        return []
      } catch (err) {
        if (!(err instanceof LwError)) throw err
        return [{ path: `secrets.${role}`, code: err.code, message: err.message }]
      }
    })
  },
  apply(pipeline, options) {
    const entries = Object.entries(options.secrets) as Array<[Role, NonNullable<AuthHmacOptions['secrets']['read']>]>
    const secrets = entries.map(([role, src]) => ({ role, secret: readSecret(role, src, pipeline.config.baseDir) }))
    if (secrets.length === 2 && secrets[0]!.secret === secrets[1]!.secret) {
      throw AuthErrors.CONFIG('the read and admin secrets are the same, so every read login would be an admin one; give each role its own secret')
    }
    const held = secrets.map(({ role, secret }) => ({ role, secret, ...acquireTokenStore(role, secret) }))
    const roles: RoleSecret[] = held.map(({ role, secret, store }) => ({ role, secret, tokens: store }))
    sharedNonces.max = options.maxPendingNonces
    sharedNonces.maxPerAddress = options.maxPendingNoncesPerAddress
    registerAuth(pipeline, createProvider({ roles, nonces: sharedNonces, tokenTtlMs: options.tokenTtlMs, nonceTtlMs: options.nonceTtlMs }))
    pipeline.hooks.close.tapPromise(PLUGIN_NAME, async () => {
      for (const h of held) h.release()
    })
  },
})
export default plugin

export { computeHmac } from '../../lib/control-api/index.js'
export { schema, type AuthHmacOptions } from './schema.js'
