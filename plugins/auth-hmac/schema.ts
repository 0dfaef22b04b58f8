/** auth-hmac's options. A secret is named by where it lives (an env variable or a 0600 file), never inlined. */
import type { JsonSchema } from '../../core/plugin.js'
import { MAX_TIMER_MS } from '../../lib/util/index.js'

export interface SecretSource {
  env?: string
  file?: string
}

/** A named holder of one secret: audited actions name it (`admin reload by ops-lead`). */
export interface PrincipalOption {
  name: string
  role: 'read' | 'admin'
  /** the secret itself (write it as `${env:NAME}`, never inline), or where it lives */
  secret?: string | SecretSource
  /** shorthand for secret: { file } */
  secretFile?: string
}

export interface AuthHmacOptions {
  /** the older form: one secret per role, each a principal named after its role */
  secrets?: { read?: SecretSource; admin?: SecretSource }
  principals?: PrincipalOption[]
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
  anyOf: [{ required: ['secrets'] }, { required: ['principals'] }],
  properties: {
    secrets: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      description: 'one secret per role: { env: NAME } or { file: PATH }; admin tokens may also read',
      properties: { read: source, admin: source },
    },
    principals: {
      type: 'array',
      minItems: 1,
      description: "named holders, one secret each: { name: 'ops-lead', role: 'admin', secret: '${env:OPS_LEAD_SECRET}' } or secretFile: PATH (mode 0600)",
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'role'],
        oneOf: [{ required: ['secret'] }, { required: ['secretFile'] }],
        properties: {
          name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$', description: 'who holds the secret, as audited (letters, digits, . _ @ -)' },
          role: { enum: ['read', 'admin'] },
          secret: { anyOf: [{ type: 'string', minLength: 1 }, source] },
          secretFile: { type: 'string', minLength: 1 },
        },
      },
    },
    tokenTtlMs: { type: 'integer', minimum: 1000, maximum: MAX_TIMER_MS, default: 3_600_000, description: 'lifetime of an issued token' },
    nonceTtlMs: { type: 'integer', minimum: 1000, maximum: MAX_TIMER_MS, default: 60_000, description: 'lifetime of a challenge nonce (single use)' },
    maxPendingNonces: {
      type: 'integer',
      minimum: 1,
      default: 1000,
      description: 'challenges awaiting an answer in the process; past it the oldest is dropped',
    },
    maxPendingNoncesPerAddress: {
      type: 'integer',
      minimum: 1,
      default: 20,
      description: "challenges awaiting an answer from one address; past it that address's oldest is dropped",
    },
  },
}
