export { createLogger, createLoggerSync, type CreateLoggerOptions } from './create-logger.js'
export {
  Logger,
  type Fields,
  type EnforcementEvent,
  type AuditEvent,
  type LevelMethod,
  type LevelMethods,
  type ChildOptions,
  type LevelTable,
} from './logger.js'
export { stdSerializers, type SerializedRequest, type SerializedResponse, type SerializedError } from './std-serializers.js'
export { withCorrelation, currentCorrelationId } from './correlation.js'
export { LEVELS, LEVEL_NAMES, levelValue, levelLabel, type LevelName, type LevelInput } from './levels.js'
export { LwError, Errors } from './errors.js'
export { definePlugin, type LogwardenPlugin, type JsonSchema, type CheckContext, type OptionProblem } from './plugin.js'
export { Pipeline, type PipelineHooks, type PipelineStats, type LaneStats, type PipelineControl } from './pipeline.js'
export { EMBEDDED_DEFAULT, type LogwardenConfig, type PluginEntry } from './config.js'
export { builtinPlugins } from './plugin-loader.js'
export type { LogRecord } from './record.js'
export type { Sink, SinkContext, SinkSpec, SinkRole, Batch, BatchGroup, CreateSink, OverflowPolicy } from './sink-contract.js'
export { batchRecords, groupLines } from './sink-contract.js'
export { defineEvents, typedEvents, type EventPack, type DefineEventsOptions, type TypedEvents } from './events/define.js'
export type {
  EventDef,
  EventCatalog,
  LevelRule,
  FieldSchema,
  ValidateMode,
  FieldsOf,
  FieldsOfEvent,
  EventFieldsMap,
  EventName,
  EventFields,
} from './events/types.js'
export type { EndTimer } from './events/write.js'
export type { EventStats } from './events/registry.js'
export {
  MetricsRegistry,
  Counter,
  Gauge,
  Histogram,
  Summary,
  type Labels,
  type MetricFamily,
  type MetricOptions,
  type HistogramOptions,
  type SummaryOptions,
} from './metrics/index.js'
