/**
 * `logwarden/notifier`: the public notifier kit. A notifier plugin supplies its options, its
 * channels and a transport (render + send); routing, aggregation, rate limits, retries, 429s,
 * the circuit breaker and the durable spool come with `notifierWorker`. docs/writing-plugins.md
 * walks through one.
 */
export { notifierPlugin, notifierSchema, notifierWorker, type NotifierOptions, type NotifierPluginSpec, type NotifierWorkerSpec, type Secrets } from './kit.js'
export type { ChannelDef, NotifierSink } from './notifier.js'
export type { Outgoing, Pace, SendResult, Transport } from './transport.js'
export type { Field, Notification, Severity, Clock } from './types.js'
export { sendHttp, classifyReply, type SendOptions } from './request.js'
export type { HttpReply } from './http.js'
export { clean, truncate, display, humanize } from './text.js'
export { retryAfterHeaderMs, secondsToMs } from './backoff.js'
export { NotifyErrors as NotifierErrors } from './errors.js'
