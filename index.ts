/**
 * The package root, `logwarden`: the core API, and reading back what sink-file (and rotate)
 * wrote — active, rotated and .gz files, in time order. The core itself knows no plugin.
 */
export * from './core/index.js'
export { readLogs, type ReadLogsOptions, type LogRecordJson, type TimeInput } from './lib/log-dir/index.js'
