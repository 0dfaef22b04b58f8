/** The metrics plugin's options: the schema is the single source of the type, defaults and README table. */
import { Type } from '../../lib/options/index.js'
import { Default, Duration, PathOption, Size, StringEnum, type Resolved } from '../../lib/options/index.js'

const Rule = Type.Union(
  [
    Type.String({ minLength: 3, description: 'a rule such as `event_loop_delay_p99 > 200ms for 30s` (docs/metrics.md)' }),
    Type.Object(
      {
        rule: Type.String({ minLength: 3 }),
        level: Type.Optional(StringEnum(['warn', 'error', 'critical'])),
        name: Type.Optional(Type.String({ minLength: 1 })),
      },
      { additionalProperties: false },
    ),
  ],
  { errorMessage: 'must be a rule string, or { rule, level?, name? }' },
)

export const metricsSchema = Type.Object(
  {
    namespace: Default(
      Type.String({
        pattern: '^([a-zA-Z_][a-zA-Z0-9_]*)?$',
        description: "Prefix (joined with `_`) of the application's metric names, e.g. `riskd`; logwarden's own keep `logwarden_`.",
      }),
      '',
    ),
    access: Default(
      StringEnum(['auto', 'public', 'read'], {
        description:
          '`GET /metrics` on the control API: `public` needs no token, `read` needs a read (or admin) token; `auto` is public when control listens on loopback, read otherwise.',
      }),
      'auto',
    ),
    processMetrics: Default(Type.Boolean({ description: "Include prom-client's default process metrics (CPU, memory, heap, fds, GC, event-loop lag)." }), true),
    sampleInterval: Default(Duration({ description: 'How often the event loop and memory are sampled, and the monitor rules evaluated.' }), '1s'),
    snapshot: Default(
      Type.Object(
        {
          every: Default(Duration({ description: 'Write every metric as one `metrics` record this often; 0 = never.' }), 0),
          category: Default(Type.String({ minLength: 1, description: 'Category of the snapshot records (declare it in `categories`).' }), 'metrics'),
        },
        { additionalProperties: false, description: 'Periodic snapshots of the metrics into the logs, for offline analysis.' },
      ),
      {},
    ),
    rules: Default(Type.Array(Rule, { description: 'Monitor rules: a `threshold_exceeded` record when one holds, `threshold_recovered` when it clears.' }), []),
    health: Default(
      Type.Object(
        {
          every: Default(Duration({ description: 'How often the health checks run; 0 = never.' }), '30s'),
          minFree: Default(Size({ description: 'Free disk under a log directory below this fails its disk check.' }), '100MB'),
          dirs: Default(Type.Array(PathOption('dir'), { description: "Directories checked writable, besides every sink-file's `dir`." }), []),
          maxSinkQueue: Default(Type.Integer({ minimum: 1, description: 'A sink queue longer than this fails its lag check.' }), 10_000),
          channels: Default(
            Type.Boolean({ description: 'Check notifier channels: their breaker and last delivery (their own probe, where they answer one).' }),
            true,
          ),
          level: Default(StringEnum(['warn', 'error', 'critical'], { description: 'Level of `health_check_failed` records.' }), 'error'),
        },
        { additionalProperties: false, description: 'Scheduled health checks.' },
      ),
      {},
    ),
  },
  { additionalProperties: false },
)

export type MetricsOptions = Resolved<typeof metricsSchema>
