/**
 * OpenTelemetry ids on records: a real @opentelemetry/api with an sdk-trace-base tracer provider
 * and a context manager on AsyncLocalStorage (what @opentelemetry/context-async-hooks does).
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { context, trace, ROOT_CONTEXT, type Context, type ContextManager } from '@opentelemetry/api'
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base'
import { createLogger } from 'logwarden'
import { appendSink, readLines, tempDir } from './helpers/sinks.js'

class AlsContextManager implements ContextManager {
  #als = new AsyncLocalStorage<Context>()
  active(): Context {
    return this.#als.getStore() ?? ROOT_CONTEXT
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(ctx: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    return this.#als.run(ctx, () => fn.call(thisArg, ...args))
  }
  bind<T>(_ctx: Context, target: T): T {
    return target
  }
  enable(): this {
    return this
  }
  disable(): this {
    return this
  }
}

afterAll(() => {
  trace.disable()
  context.disable()
})

describe('OpenTelemetry trace context', () => {
  it('a record logged inside an active span carries trace_id, span_id and trace_flags; outside, none', async () => {
    context.setGlobalContextManager(new AlsContextManager())
    trace.setGlobalTracerProvider(new BasicTracerProvider())
    const t = tempDir()
    const file = join(t.dir, 'out.log')
    const log = await createLogger({ config: { plugins: [appendSink('mem', { file })] } })
    const tracer = trace.getTracer('test')
    const ids = await tracer.startActiveSpan('place-order', async (span) => {
      log.info('inside the span', { order_id: 'o-1' })
      await new Promise((r) => setTimeout(r, 5))
      log.child({ a: 1 }).warn({ step: 2 }, 'after an await')
      span.end()
      return span.spanContext()
    })
    log.info('outside')
    await log.flush()
    await log.close()
    const [a, b, c] = readLines(file)
    t.cleanup()
    expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/)
    for (const r of [a, b]) expect(r).toMatchObject({ trace_id: ids.traceId, span_id: ids.spanId, trace_flags: '01' })
    expect(b).toMatchObject({ a: 1, step: 2 })
    expect(c!.trace_id).toBeUndefined()
  })
})
