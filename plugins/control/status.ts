/**
 * GET /status: what the daemon is doing now — sink queues and counters, notifier counters and
 * channel health, log file sizes, free disk, level, plugins — and the health checks behind it:
 * log directories writable, free disk above the floor, notifier channels reachable (last result).
 */
import { constants } from 'node:fs'
import { access, readdir, stat, statfs } from 'node:fs/promises'
import { join } from 'node:path'
import type { LaneStats } from '../../core/pipeline.js'
import type { ControlServer, ControlInstance } from './server.js'
import { coreControl } from './core-control.js'
import { statusExtras } from '../../lib/control-api/index.js'
import { formatSize, packageVersion } from '../../lib/util/index.js'
import type { ChannelStatus, Check, LogDirStatus, NotifierStatus, SinkStatus, StatusBody } from '../../lib/control-api/index.js'

const COMMAND_TIMEOUT_MS = 1000

function sinkStatus(l: LaneStats): SinkStatus {
  const s: SinkStatus = {
    name: l.name,
    kind: l.kind,
    queued: l.queued,
    inFlight: l.inFlight,
    accepted: l.accepted,
    written: l.written,
    dropped: l.dropped,
    failed: l.failed,
    restarts: l.restarts,
  }
  if (l.lastError) s.lastError = l.lastError
  return s
}

/** the sink's plugin declared it a notifier (`SinkSpec.role`), whatever its name */
export function isNotifier(lane: { role?: string }): boolean {
  return lane.role === 'notifier'
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)))
  try {
    return await Promise.race([p.catch(() => undefined), timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** A notifier's channels as its `stats` command reports them (notify-common sinks answer it). */
async function channelsOf(instance: ControlInstance, sink: string): Promise<ChannelStatus[] | undefined> {
  let control
  try {
    control = coreControl(instance.pipeline)
  } catch {
    return undefined
  }
  const stats = (await withTimeout(control.command(sink, 'stats'), COMMAND_TIMEOUT_MS)) as Record<string, Omit<ChannelStatus, 'name'>> | undefined
  if (!stats || typeof stats !== 'object') return undefined
  return Object.entries(stats).map(([name, c]) => ({
    name,
    breaker: c.breaker,
    disabled: c.disabled,
    backlog: c.backlog,
    counters: { ...c.counters },
    ...(c.lastError ? { lastError: c.lastError } : {}),
  }))
}

async function logDir(dir: string, sink: string): Promise<LogDirStatus> {
  const out: LogDirStatus = { dir, sink, totalBytes: 0, files: [] }
  try {
    for (const name of (await readdir(dir)).sort()) {
      if (!/\.log(\.gz)?$/.test(name)) continue
      try {
        const st = await stat(join(dir, name))
        out.files.push({ name, bytes: st.size })
        out.totalBytes += st.size
      } catch {
        // rotated or deleted between the listing and the stat
      }
    }
  } catch {
    // reported by the writable check
  }
  try {
    const fs = await statfs(dir)
    out.freeBytes = fs.bavail * fs.bsize
    out.diskBytes = fs.blocks * fs.bsize
  } catch {
    // reported by the disk check
  }
  return out
}

export async function buildStatus(server: ControlServer, instance: ControlInstance): Promise<StatusBody> {
  const pipeline = instance.pipeline
  const stats = pipeline.stats()
  const checks: Check[] = []

  const dirs = pipeline.sinks
    .filter((s) => s.kind === 'sink-file' && typeof (s.options as { dir?: unknown })?.dir === 'string')
    .map((s) => ({ dir: (s.options as { dir: string }).dir, sink: s.name }))
  const logs = await Promise.all(dirs.map((d) => logDir(d.dir, d.sink)))
  for (const l of logs) {
    let writable = true
    let why = 'writable'
    try {
      await access(l.dir, constants.W_OK)
    } catch (err) {
      writable = false
      why = `not writable (${(err as NodeJS.ErrnoException).code ?? 'error'})`
    }
    checks.push({ name: `log-dir-writable:${l.sink}`, ok: writable, detail: `${l.dir}: ${why}` })
    const floor = instance.options.minFreeBytes
    if (l.freeBytes === undefined) checks.push({ name: `disk-free:${l.sink}`, ok: false, detail: `${l.dir}: free space unknown` })
    else checks.push({ name: `disk-free:${l.sink}`, ok: l.freeBytes >= floor, detail: `${formatSize(l.freeBytes)} free (floor ${formatSize(floor)})` })
  }

  const sinks: SinkStatus[] = []
  const notifiers: NotifierStatus[] = []
  for (const lane of stats.lanes) {
    if (!isNotifier(lane)) {
      sinks.push(sinkStatus(lane))
      continue
    }
    const channels = (await channelsOf(instance, lane.name)) ?? []
    notifiers.push({
      ...sinkStatus(lane),
      sent: lane.counters.sent ?? 0,
      notifyFailed: lane.counters.failed ?? 0,
      spooled: lane.counters.spooled ?? 0,
      counters: { ...lane.counters },
      channels,
    })
    if (channels.length === 0) {
      checks.push({ name: `notifier:${lane.name}`, ok: !lane.lastError, detail: lane.lastError ? `last error: ${lane.lastError}` : 'no failure reported' })
    }
    for (const c of channels) {
      const test = server.lastTests.get(`${lane.name}/${c.name}`)
      const sent = c.counters.sent ?? 0
      const failed = c.counters.failed ?? 0
      let ok = !c.disabled && c.breaker !== 'open'
      let detail = c.disabled ? 'disabled after a permanent failure' : c.breaker === 'open' ? 'failing (circuit open)' : `sent ${sent}, failed ${failed}`
      if (test) {
        detail += `; last test ${test.ok ? 'ok' : `failed${test.error ? `: ${test.error}` : ''}`} at ${test.at}`
        ok &&= test.ok
      }
      checks.push({ name: `notifier:${lane.name}/${c.name}`, ok, detail })
    }
  }

  const extras = await statusExtras(pipeline)
  return {
    status: checks.every((c) => c.ok) && (extras.health ?? []).every((c) => c.ok) ? 'ok' : 'degraded',
    version: packageVersion(),
    pid: process.pid,
    uptimeS: Math.round(process.uptime()),
    level: stats.level,
    redaction: stats.redaction,
    plugins: stats.plugins,
    sinks,
    notifiers,
    logs,
    checks,
    control: {
      url: server.url,
      ...server.counters,
      tailClients: server.tails.size,
    },
    ...extras,
  }
}
