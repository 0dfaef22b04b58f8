export { createLogger, type CreateLoggerOptions } from './create-logger.js'
export { Logger, type Fields, type EnforcementEvent, type AuditEvent, type LevelMethod, type LevelMethods } from './logger.js'
export { withCorrelation, currentCorrelationId } from './correlation.js'
export { LEVELS, LEVEL_NAMES, levelValue, levelLabel, type LevelName, type LevelInput } from './levels.js'
export { LwError, Errors } from './errors.js'
export { definePlugin, type LogwardenPlugin, type JsonSchema, type CheckContext, type OptionProblem } from './plugin.js'
export { Pipeline, type PipelineHooks, type PipelineStats, type LaneStats, type PipelineControl } from './pipeline.js'
export { EMBEDDED_DEFAULT, type LogwardenConfig, type PluginEntry } from './config.js'
export { builtinPlugins } from './plugin-loader.js'
export type { LogRecord } from './record.js'
export type { Sink, SinkContext, SinkSpec, Batch, BatchGroup, CreateSink, OverflowPolicy } from './sink-contract.js'
export { batchRecords, groupLines } from './sink-contract.js'
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
