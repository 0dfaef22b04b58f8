/** The control plugin's options: the schema is the single source of their type, defaults and README table. */
import { Default, StringEnum, TimerMs, Type, type Resolved } from '../../lib/options/index.js'

export const schema = Type.Object(
  {
    host: Default(Type.String({ minLength: 1, description: 'address to listen on; a non-loopback one needs allowRemote and an auth plugin' }), '127.0.0.1'),
    port: Default(Type.Integer({ minimum: 0, maximum: 65535, description: 'TCP port (0 = any free port; read it with controlUrl())' }), 5555),
    allowRemote: Default(Type.Boolean({ description: 'allow a non-loopback host (refused without an auth plugin listed before control)' }), false),
    recent: Default(Type.Integer({ minimum: 1, maximum: 100_000, description: 'records kept per category for /recent and the /tail backlog' }), 200),
    rateLimit: Default(
      Type.Object(
        {
          max: Default(Type.Integer({ minimum: 1, description: 'requests per window' }), 100),
          windowMs: Default(TimerMs({ minimum: 100, description: 'window length' }), 60_000),
          maxAuthFailures: Default(
            Type.Integer({
              minimum: 1,
              description:
                'failed authentications per window per claimed principal or token (never per address) before its further failures get 429; a valid proof always passes',
            }),
            10,
          ),
        },
        { additionalProperties: false, description: 'per client (token, claimed token, else remote address); the login routes are outside it' },
      ),
      {},
    ),
    minFreeBytes: Default(
      Type.Integer({ minimum: 0, description: 'free disk below this (under a log directory) fails the disk health check' }),
      100 * 1024 * 1024,
    ),
    adminWithoutAuth: Default(
      Type.Boolean({ description: 'without an auth plugin, allow the admin endpoints to any local client (trusted single-user machines only)' }),
      false,
    ),
    stop: Default(
      StringEnum(['exit', 'close'], {
        description:
          "POST /admin/stop: flush, answer, then 'exit' the process with 0 (the exit drain writes what was logged since), or only 'close' the logger",
      }),
      'exit',
    ),
    tail: Default(
      Type.Object(
        {
          maxClients: Default(Type.Integer({ minimum: 1, description: 'concurrent /tail streams' }), 32),
          maxBufferBytes: Default(
            Type.Integer({ minimum: 1024, description: "a stream's unsent bytes before records are dropped for it (and counted)" }),
            1024 * 1024,
          ),
          heartbeatMs: Default(TimerMs({ minimum: 100, description: 'keep-alive interval of an idle stream' }), 15_000),
        },
        { additionalProperties: false, description: 'live /tail streams' },
      ),
      {},
    ),
  },
  { additionalProperties: false },
)

export type ControlOptions = Resolved<typeof schema>
