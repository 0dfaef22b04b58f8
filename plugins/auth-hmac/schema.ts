/** auth-hmac's options. A secret is named by where it lives (an env variable or a 0600 file), never inlined. */
import type { JsonSchema } from '../../core/plugin.js'
import { MAX_TIMER_MS } from '../../lib/util/index.js'

export interface SecretSource {
  env?: string
  file?: string
}

export interface AuthHmacOptions {
  secrets: { read?: SecretSource; admin?: SecretSource }
  tokenTtlMs: number
  nonceTtlMs: number
  maxPendingNonces: number
  maxPendingNoncesPerAddress: number
}

const source: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  properties: {
    env: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$', description: 'environment variable holding the secret' },
    file: { type: 'string', minLength: 1, description: 'file holding the secret (mode 0600), relative to the config file' },
  },
}

export const schema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['secrets'],
  properties: {
    secrets: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      description: 'one secret per role: { env: NAME } or { file: PATH }; admin tokens may also read',
      properties: { read: source, admin: source },
    },
    tokenTtlMs: { type: 'integer', minimum: 1000, maximum: MAX_TIMER_MS, default: 3_600_000, description: 'lifetime of an issued token' },
    nonceTtlMs: { type: 'integer', minimum: 1000, maximum: MAX_TIMER_MS, default: 60_000, description: 'lifetime of a challenge nonce (single use)' },
    maxPendingNonces: { type: 'integer', minimum: 1, default: 1000, description: 'challenges awaiting an answer in the process; past it the oldest is dropped' },
    maxPendingNoncesPerAddress: { type: 'integer', minimum: 1, default: 20, description: "challenges awaiting an answer from one address; past it that address's oldest is dropped" },
  },
}
