/**
 * `logwarden/testing`: the test kit for plugin authors (and for logwarden's own plugins).
 * Framework-neutral: use it from vitest, node:test, jest…
 *
 * - startSink(): a sink's worker module in a real worker thread, fed batches by the test
 * - runPlugin(): a real logger with the plugin, records through the whole pipeline and worker pool
 * - makeBatch() / makeRecord() / makeContext(): call a sink's createSink and write directly
 * - LoopbackServer: a loopback HTTP stand-in for a notifier's remote API
 * - waitFor(): poll until a condition holds
 */
export { startSink, type SinkUnderTest, type StartSinkOptions } from './start-sink.js'
export { runPlugin, type PluginRun, type RunPluginOptions } from './run-plugin.js'
export { makeBatch, makeContext, makeRecord, type CapturedLog, type TestContext } from './batches.js'
export { LoopbackServer, type RecordedRequest, type Reply, type Responder } from './loopback-server.js'
export { waitFor } from './wait-for.js'
