/**
 * auth-hmac's options. A secret is named by where it lives (an env variable or a 0600 file), never
 * inlined. The schema is the single source of their type, defaults and README table.
 */
import type { Static } from '@sinclair/typebox'
import { Default, StringEnum, TimerMs, Type, type Resolved } from '../../lib/options/index.js'

/** Where one secret lives: `{ env: NAME }` or `{ file: PATH }`. */
function secretSource(options: { description?: string } = {}) {
  return Type.Object(
    {
      env: Type.Optional(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$', description: 'environment variable holding the secret' })),
      file: Type.Optional(Type.String({ minLength: 1, description: 'file holding the secret (mode 0600), relative to the config file' })),
    },
    { additionalProperties: false, minProperties: 1, maxProperties: 1, docType: '`{ env }` or `{ file }`', ...options },
  )
}
const source = secretSource()

/** A named holder of one secret: audited actions name it (`admin reload by ops-lead`). */
const principal = Type.Object(
  {
    name: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$', description: 'who holds the secret, as audited (letters, digits, . _ @ -)' }),
    role: StringEnum(['read', 'admin']),
    // the secret itself (written as `${env:NAME}`, never inline), or where it lives
    secret: Type.Optional(Type.Union([Type.String({ minLength: 1 }), source])),
    // shorthand for secret: { file }
    secretFile: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false, oneOf: [{ required: ['secret'] }, { required: ['secretFile'] }] },
)

export const schema = Type.Object(
  {
    // the older form: one secret per role, each a principal named after its role
    secrets: Type.Optional(
      Type.Object(
        {
          read: Type.Optional(secretSource({ description: "the `read` role's secret (tail, recent, status)" })),
          admin: Type.Optional(secretSource({ description: "the `admin` role's secret (also the admin endpoints)" })),
        },
        { additionalProperties: false, minProperties: 1, description: 'one secret per role: `{ env: NAME }` or `{ file: PATH }`; admin tokens may also read' },
      ),
    ),
    principals: Type.Optional(
      Type.Array(principal, {
        minItems: 1,
        docType: '`{ name, role, secret | secretFile }[]`',
        description:
          "named holders, one secret each: `{ name: 'ops-lead', role: 'admin', secret: '${env:OPS_LEAD_SECRET}' }`; `secret` is `\"${env:NAME}\"`, `{ env }` or `{ file }`; `secretFile` a path (mode 0600)",
      }),
    ),
    tokenTtlMs: Default(TimerMs({ minimum: 1000, description: 'lifetime of an issued token' }), 3_600_000),
    nonceTtlMs: Default(TimerMs({ minimum: 1000, description: 'lifetime of a challenge nonce (single use)' }), 60_000),
    maxPendingNonces: Default(Type.Integer({ minimum: 1, description: 'challenges awaiting an answer in the process; past it the oldest is dropped' }), 1000),
    maxPendingNoncesPerAddress: Default(
      Type.Integer({ minimum: 1, description: "challenges awaiting an answer from one address; past it that address's oldest is dropped" }),
      20,
    ),
  },
  { additionalProperties: false, anyOf: [{ required: ['secrets'] }, { required: ['principals'] }] },
)

export type SecretSource = Static<typeof source>
export type PrincipalOption = Static<typeof principal>
export type AuthHmacOptions = Resolved<typeof schema>
