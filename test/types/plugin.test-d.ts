/**
 * Type tests for what plugin authors write against: definePlugin and the sink contract (Sink,
 * SinkSpec, CreateSink). Checked by `vitest --typecheck` against the package entry; each
 * `@ts-expect-error` must stay an error.
 */
import { describe, expectTypeOf, it } from 'vitest'
import { createLogger, definePlugin, Pipeline, type Batch, type CreateSink, type LogwardenPlugin, type Sink, type SinkContext, type SinkSpec } from 'logwarden'

interface AppendOptions {
  file: string
  delayMs?: number
}

describe('definePlugin', () => {
  it('types apply() from the declared options and returns the plugin unchanged', () => {
    const plugin = definePlugin<AppendOptions>({
      name: 'append',
      schema: { type: 'object', properties: { file: { type: 'string' } }, required: ['file'] },
      apply(pipeline, options) {
        expectTypeOf(pipeline).toEqualTypeOf<Pipeline>()
        expectTypeOf(options).toEqualTypeOf<AppendOptions>()
        pipeline.addSink({ name: 'append', kind: 'append', module: new URL('./worker.js', import.meta.url).href, options })
      },
    })
    expectTypeOf(plugin).toEqualTypeOf<LogwardenPlugin<AppendOptions>>()
  })

  it('infers the options from apply, and allows an async apply', () => {
    const plugin = definePlugin({ name: 'x', async apply(_pipeline, _options: { n: number }) {} })
    expectTypeOf(plugin).toEqualTypeOf<LogwardenPlugin<{ n: number }>>()
  })

  it('a plugin object goes into the config plugins list, alone or with options', () => {
    const plugin = definePlugin<AppendOptions>({ name: 'append', apply() {} })
    expectTypeOf(createLogger).toBeCallableWith({ config: { plugins: [plugin, [plugin, { file: 'x.log' }], './my-plugin.js'] } })
  })

  it('rejects a plugin without a name, or an apply with the wrong options', () => {
    // @ts-expect-error name is required
    definePlugin({ apply() {} })
    definePlugin<AppendOptions>({
      name: 'append',
      apply(_p, options) {
        // @ts-expect-error options are AppendOptions, so there is no `dir`
        void options.dir
      },
    })
  })
})

describe('sink contract', () => {
  it('CreateSink gets its typed options and a context, and returns a Sink or a promise of one', () => {
    const create: CreateSink<AppendOptions> = async (options, ctx) => {
      expectTypeOf(options).toEqualTypeOf<AppendOptions>()
      expectTypeOf(ctx).toEqualTypeOf<SinkContext>()
      expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>()
      return {
        async write(batch) {
          expectTypeOf(batch).toEqualTypeOf<Batch>()
          for (const group of batch.groups) {
            expectTypeOf(group.category).toBeString()
            expectTypeOf(group.data).toEqualTypeOf<Uint8Array>()
            ctx.count('written', group.count)
          }
        },
      }
    }
    expectTypeOf(create).returns.toEqualTypeOf<Sink | Promise<Sink>>()
    const sync: CreateSink = () => ({ write() {} })
    expectTypeOf(sync).parameter(0).toBeUnknown()
  })

  it('a Sink must write; flush, close and command are optional', () => {
    expectTypeOf<Sink['write']>().toEqualTypeOf<(batch: Batch) => void | Promise<void>>()
    expectTypeOf<Sink>().toHaveProperty('flush')
    const minimal: Sink = { write() {} }
    void minimal
    // @ts-expect-error write is required
    const noWrite: Sink = { flush() {} }
    void noWrite
    // @ts-expect-error context log levels are level names
    const bad: CreateSink = (_o, ctx) => (ctx.log('loud', 'system', 'x'), { write() {} })
    void bad
  })

  it('Pipeline.addSink takes a SinkSpec: name, kind, worker module and options are required', () => {
    expectTypeOf<Pipeline['addSink']>().parameters.toEqualTypeOf<[SinkSpec]>()
    const spec: SinkSpec = {
      name: 'append',
      kind: 'append',
      module: 'file:///w.js',
      options: {},
      categories: ['audit'],
      minLevel: 30,
      queue: { overflow: 'block' },
    }
    void spec
    // @ts-expect-error the worker module is required
    const noModule: SinkSpec = { name: 'append', kind: 'append', options: {} }
    void noModule
    // @ts-expect-error not an overflow policy
    const badPolicy: SinkSpec = { name: 'a', kind: 'a', module: 'file:///w.js', options: {}, queue: { overflow: 'drop-all' } }
    void badPolicy
  })
})
