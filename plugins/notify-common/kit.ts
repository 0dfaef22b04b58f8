/**
 * The public way to build a notifier: a plugin names its options, its channels and a transport
 * (render + send); this kit wires in what every notifier shares — routing, aggregation, the
 * per-channel rate limit, retries with backoff, 429 handling, the circuit breaker, the durable
 * spool, deduplication, secret scrubbing and the `test` / `stats` commands.
 */
import { withDefaults } from '../../lib/options/index.js'
import type { JsonSchema, LogwardenPlugin, OptionProblem, CheckContext } from '../../core/plugin.js'
import type { CreateSink, SinkContext } from '../../core/sink-contract.js'
import { declareNotifier } from './declare.js'
import { createNotifier, collectSecrets, scrubbedSink, type ChannelDef, type NotifierSink } from './notifier.js'
import { commonProperties, type CommonOptions } from './schema.js'
import { Scrubber } from './scrub.js'
import type { Transport } from './transport.js'
import type { Clock } from './types.js'

/** Every option a notifier shares (routes, rateLimit, retry, spool…) plus the plugin's own, unknown keys refused. */
export function notifierSchema(own: Record<string, JsonSchema>, required: string[] = []): JsonSchema {
  return { type: 'object', additionalProperties: false, ...(required.length ? { required } : {}), properties: { ...own, ...commonProperties } }
}

export type NotifierOptions = Omit<CommonOptions, 'apiBaseUrl'>

export interface NotifierPluginSpec<Options> {
  /** the plugin's name, also its sink kind and default sink name (`notify-webhook`) */
  name: string
  /** from notifierSchema() */
  schema: JsonSchema
  /** the file URL of the worker module (whose `createSink` is notifierWorker(...)) */
  worker: string | URL
  /** checks the schema cannot express; see LogwardenPlugin.check */
  check?(options: Options, context: CheckContext): OptionProblem[]
  /** the logwarden versions the plugin works with (`'>=0.1 <1'`) */
  logwarden?: string
}

/** The host half: validates options (by the schema), pre-filters records, declares the notifier sink. */
export function notifierPlugin<Options extends NotifierOptions>(spec: NotifierPluginSpec<Options>): LogwardenPlugin<Options> {
  return {
    name: spec.name,
    schema: spec.schema,
    ...(spec.logwarden ? { logwarden: spec.logwarden } : {}),
    ...(spec.check ? { check: spec.check } : {}),
    apply(pipeline, options) {
      declareNotifier(pipeline, spec.name, String(spec.worker), options)
    },
  }
}

/** Secrets of the options: every value registered here is replaced in anything the notifier says. */
export interface Secrets {
  add(secret: string | undefined, replacement?: string): Secrets
}

export interface NotifierWorkerSpec<Options, Target> {
  /** the plugin's name (`notify-webhook`): names the notifier in its system records */
  name: string
  schema: JsonSchema
  /**
   * The destinations from the options: at least one, each a name (`default`, or what routes'
   * `channel` selects) and a target the transport understands. Register secrets before throwing:
   * an error's message is scrubbed with them. Throw NotifierErrors.CONFIG for a bad option.
   */
  channels(options: Options, secrets: Secrets): Array<ChannelDef<Target>>
  transport(options: Options): Transport<Target>
  /** option keys whose string values are secrets wherever they sit (default: webhookUrl, token, url…) */
  secretKeys?: string[]
}

/** The worker half: `export const createSink = notifierWorker({ … })`. */
export function notifierWorker<Options extends NotifierOptions, Target>(
  spec: NotifierWorkerSpec<Options, Target>,
): CreateSink & {
  /** createSink with an injectable clock, for tests that control time */
  withClock(raw: unknown, ctx: SinkContext, clock: Clock): Promise<NotifierSink>
} {
  const create = async (raw: unknown, ctx: SinkContext, clock?: Clock): Promise<NotifierSink> => {
    const scrubber = new Scrubber()
    for (const secret of collectSecrets(raw)) scrubber.add(secret)
    for (const secret of secretValues(raw, new Set(spec.secretKeys ?? []))) scrubber.add(secret)
    try {
      const options = withDefaults(spec.schema as never, raw) as Options
      const channels = spec.channels(options, scrubber)
      const sink = await createNotifier({
        kind: spec.name,
        options: options as unknown as CommonOptions,
        ctx,
        transport: spec.transport(options),
        channels,
        accountChannels: new Map(),
        scrubber,
        ...(clock ? { clock } : {}),
      })
      return scrubbedSink(sink, scrubber)
    } catch (err) {
      throw err instanceof Error ? scrubber.error(err) : new Error(scrubber.describe(err))
    }
  }
  return Object.assign((raw: unknown, ctx: SinkContext) => create(raw, ctx), {
    withClock: (raw: unknown, ctx: SinkContext, clock: Clock) => create(raw, ctx, clock),
  })
}

function secretValues(options: unknown, keys: ReadonlySet<string>, found: string[] = [], depth = 0): string[] {
  if (keys.size === 0 || depth > 6 || typeof options !== 'object' || options === null) return found
  for (const [k, v] of Object.entries(options)) {
    if (keys.has(k) && typeof v === 'string') found.push(v)
    else if (keys.has(k) && typeof v === 'object' && v !== null)
      for (const inner of Object.values(v))
        if (typeof inner === 'string') found.push(inner)
        else secretValues(v, keys, found, depth + 1)
  }
  return found
}
