/**
 * Type tests for the public Logger API, checked by `vitest --typecheck` (part of `npm test`) against
 * the package entry as users import it. Each `@ts-expect-error` is a call that must stay an error:
 * if it starts compiling, the directive itself fails the run.
 */
import { describe, expectTypeOf, it } from 'vitest'
import {
  createLogger,
  createLoggerSync,
  Logger,
  stdSerializers,
  type ChildOptions,
  type LevelMethod,
  type AuditEvent,
  type CreateLoggerOptions,
  type EnforcementEvent,
  type Fields,
  type LevelName,
  type LogwardenConfig,
} from 'logwarden'

declare const log: Logger

describe('createLogger', () => {
  it('takes optional options and resolves to a Logger', () => {
    expectTypeOf(createLogger).parameters.toEqualTypeOf<[options?: CreateLoggerOptions]>()
    expectTypeOf(createLogger).returns.resolves.toEqualTypeOf<Logger>()
    expectTypeOf<CreateLoggerOptions>().toMatchTypeOf<{ config?: LogwardenConfig; configFile?: string; cwd?: string }>()
  })

  it('accepts inline config with plugins by name, with options, or as objects', () => {
    expectTypeOf(createLogger).toBeCallableWith({
      config: { level: 'info', categories: ['system', 'audit'], plugins: ['redact', { 'sink-file': { dir: './logs' } }] },
    })
    expectTypeOf(createLogger).toBeCallableWith({ configFile: 'logwarden.config.yaml' })
    expectTypeOf(createLogger).toBeCallableWith({ base: true, mixin: () => ({ region: 'eu' }), serializers: { req: stdSerializers.req } })
    expectTypeOf(createLoggerSync).returns.toEqualTypeOf<Logger>()
    expectTypeOf(createLogger).toBeCallableWith()
    // @ts-expect-error misspelt option: an object literal with an unknown key is rejected
    void createLogger({ confg: {} })
    // @ts-expect-error the config is an object, not a path
    void createLogger({ config: 'logwarden.yaml' })
  })
})

describe('Logger', () => {
  it('has one method per level, plus the fatal alias, all with the same signature', () => {
    expectTypeOf<Pick<Logger, LevelName | 'fatal'>>().toEqualTypeOf<Record<LevelName | 'fatal', LevelMethod>>()
    expectTypeOf<LevelName>().toEqualTypeOf<'trace' | 'debug' | 'info' | 'warn' | 'error' | 'critical'>()
    expectTypeOf(log.info).toBeCallableWith('Position closed', { account_id: 'ABC123', pnl: -210 })
    expectTypeOf(log.error).toBeCallableWith(new Error('close rejected'))
    expectTypeOf(log.warn).toBeCallableWith('no fields')
    // pino's shapes
    expectTypeOf(log.info).toBeCallableWith({ order_id: 'o-1' }, 'object first')
    expectTypeOf(log.info).toBeCallableWith({ order_id: 'o-1' })
    expectTypeOf(log.error).toBeCallableWith(new Error('boom'), 'failed to close %s', 'o-1')
    expectTypeOf(log.error).toBeCallableWith(new Error('boom'), { order_id: 'o-1' })
    expectTypeOf(log.info).toBeCallableWith('hello %s, %d orders', 'world', 3)
    // @ts-expect-error a message is required
    log.info()
    // @ts-expect-error after fields first, the message is a string
    log.info({ order_id: 'o-1' }, { more: 1 })
    // @ts-expect-error no such level
    log.notice('x')
  })

  it('log() takes a level name, alias or number; level reads a name and takes any level input', () => {
    expectTypeOf(log.log).toBeCallableWith('warning', 'x')
    expectTypeOf(log.log).toBeCallableWith(35, 'x', { a: 1 })
    expectTypeOf(log.level).toEqualTypeOf<LevelName | 'silent'>()
    log.level = 'silent'
    log.level = 'fatal'
    log.level = 20
    // @ts-expect-error not a level
    log.level = 'loud'
    expectTypeOf(log.isLevelEnabled).returns.toBeBoolean()
  })

  it('child and category return a Logger', () => {
    expectTypeOf(log.child).toEqualTypeOf<(bindings: Fields, options?: ChildOptions) => Logger>()
    expectTypeOf(log.child).toBeCallableWith({ reqId: 'r-1' }, { level: 'debug', serializers: { req: stdSerializers.req } })
    expectTypeOf(log.bindings).returns.toEqualTypeOf<Fields>()
    expectTypeOf(log.levels.values.info).toBeNumber()
    expectTypeOf(log.category).toEqualTypeOf<(name: string) => Logger>()
    expectTypeOf(log.child({ account_id: 'ABC123' }).category('enforcement').warn).toEqualTypeOf<LevelMethod>()
  })

  it('enforcement, audit and systemEvent take their events', () => {
    expectTypeOf(log.enforcement).parameters.toEqualTypeOf<[EnforcementEvent]>()
    expectTypeOf(log.enforcement).toBeCallableWith({ account_id: 'ABC123', rule: 'UnrealizedLoss', action: 'close_position', details: { pnl: -210 } })
    expectTypeOf(log.enforcement).toBeCallableWith({ account_id: 'A', rule: 'r', action: 'a', level: 'critical', extra: 1 })
    // @ts-expect-error account_id is required: an enforcement is always on an account
    log.enforcement({ rule: 'UnrealizedLoss', action: 'close_position' })
    // @ts-expect-error a level that does not exist
    log.enforcement({ account_id: 'A', rule: 'r', action: 'a', level: 'loud' })

    expectTypeOf(log.audit).parameters.toEqualTypeOf<[AuditEvent]>()
    expectTypeOf(log.audit).toBeCallableWith({ action: 'config_reload', actor: 'admin', details: { file: 'risk.yaml' } })
    // @ts-expect-error who did it is required
    log.audit({ action: 'config_reload' })

    expectTypeOf(log.systemEvent).toBeCallableWith('connection_lost', { level: 'error', broker: 'topstep' })
    expectTypeOf(log.systemEvent).toBeCallableWith('started')
    // @ts-expect-error the event type is a string
    log.systemEvent({ type: 'started' })
  })

  it('flush, close and reload return promises of nothing; stats is synchronous', () => {
    expectTypeOf(log.flush).toEqualTypeOf<(cb?: (err?: Error) => void) => Promise<void>>()
    expectTypeOf(log.close).toEqualTypeOf<() => Promise<void>>()
    expectTypeOf(log.reload).toEqualTypeOf<() => Promise<void>>()
    expectTypeOf(log.stats).returns.not.toEqualTypeOf<Promise<unknown>>()
  })
})
