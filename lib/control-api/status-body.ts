/**
 * The body of GET /status, as the control plugin builds it and `logwarden status` reads it.
 * One definition for both ends: a field renamed here breaks the build on both sides.
 */
import type { LaneStats } from '../../core/pipeline.js'

export interface Check {
  name: string
  ok: boolean
  detail: string
}

/** a sink's figures as /status reports them: the core's lane stats without the raw counters */
// no `role`: the body's `sinks` and `notifiers` lists already say it
export type SinkStatus = Omit<LaneStats, 'counters' | 'role'>

export interface ChannelStatus {
  name: string
  breaker?: string
  disabled?: boolean
  backlog?: number
  counters: Record<string, number>
  /** the channel's newest delivery failure (ISO time), kept after it recovers */
  lastError?: { message: string; at: string }
}

export interface NotifierStatus extends SinkStatus {
  sent: number
  notifyFailed: number
  spooled: number
  counters: Record<string, number>
  channels: ChannelStatus[]
}

export interface LogDirStatus {
  dir: string
  sink: string
  totalBytes: number
  files: Array<{ name: string; bytes: number }>
  freeBytes?: number
  diskBytes?: number
}

/** A scheduled health check's last result (the metrics plugin runs them). */
export interface HealthCheckResult {
  name: string
  ok: boolean
  detail: string
  /** ISO time of the last run */
  at: string
  /** ISO time since when it has been failing, while it fails */
  since?: string
}

/** What other plugins add to /status (through the control plugin's registerStatusExtras). */
export interface StatusExtras {
  /** records logged since start, by level name */
  records?: Record<string, number>
  /** scheduled health checks with their last result */
  health?: HealthCheckResult[]
}

export interface StatusBody extends StatusExtras {
  status: 'ok' | 'degraded'
  version: string
  pid: number
  uptimeS: number
  level: string
  /** 'off' only when the config says redact: false */
  redaction: 'on' | 'off'
  plugins: string[]
  sinks: SinkStatus[]
  notifiers: NotifierStatus[]
  logs: LogDirStatus[]
  checks: Check[]
  control: { url: string; requests: number; rateLimited: number; authFailures: number; adminActions: number; tailClients: number; tailDropped: number }
}
