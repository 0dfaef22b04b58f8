/**
 * Scheduled health checks: log directories writable (a real probe file, since root ignores
 * modes), free disk above `minFree`, sink queues below `maxSinkQueue`, notifier channels (their
 * breaker, their last delivery, and their own probe when the notifier answers one). A check that
 * starts failing logs `health_check_failed` once; `health_check_recovered` when it passes again.
 * Results show in /status, /health?detail=1 and `logwarden status`, and as metrics.
 */
import { readdir, stat, statfs, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Pipeline } from '../../core/pipeline.js'
import type { MetricFamily, Sample } from '../../core/metrics/index.js'
import { LEVELS } from '../../core/levels.js'
import { formatSize, parseDuration, parseSize } from '../../lib/util/index.js'
import type { HealthCheckResult } from '../../lib/control-api/index.js'
import type { MetricsOptions } from './schema.js'

interface Outcome {
  name: string
  ok: boolean
  detail: string
  /** figures for the metrics */
  freeBytes?: number
}

/** What a round measured besides pass/fail, for the metrics. */
interface Figures {
  /** sink → active file (`<category>.log`) → bytes */
  activeFiles: Map<string, Map<string, number>>
  /** sink → bytes of every log file, rotated and compressed ones included */
  dirBytes: Map<string, number>
  /** notifier → channel → alerts waiting (the spool's depth) */
  backlog: Map<string, Map<string, number>>
}

const COMMAND_TIMEOUT_MS = 2000

function errCode(err: unknown): string {
  return (err as NodeJS.ErrnoException)?.code ?? (err instanceof Error ? err.message : String(err))
}

async function timeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([p, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)))])
  } finally {
    clearTimeout(timer)
  }
}

export class HealthChecks {
  #results = new Map<string, HealthCheckResult>()
  #free = new Map<string, number>()
  #figures: Figures = { activeFiles: new Map(), dirBytes: new Map(), backlog: new Map() }
  #next: Figures = { activeFiles: new Map(), dirBytes: new Map(), backlog: new Map() }
  #timer: NodeJS.Timeout | undefined
  #running: Promise<void> | undefined
  readonly #everyMs: number
  readonly #minFree: number

  constructor(
    private readonly pipeline: Pipeline,
    private readonly options: MetricsOptions,
  ) {
    this.#everyMs = parseDuration(options.health.every ?? '30s') ?? 30_000
    this.#minFree = parseSize(options.health.minFree ?? '100MB') ?? 100 * 1024 * 1024
  }

  start(): void {
    if (this.#everyMs <= 0) return
    void this.run()
    this.#timer = setInterval(() => void this.run(), this.#everyMs).unref()
  }

  stop(): void {
    clearInterval(this.#timer)
  }

  results(): HealthCheckResult[] {
    return [...this.#results.values()]
  }

  /** One round of every check (a round still running is joined, not doubled). */
  run(): Promise<void> {
    this.#running ??= this.#round().finally(() => (this.#running = undefined))
    return this.#running
  }

  #dirs(): Array<{ dir: string; sink: string }> {
    const fromSinks = this.pipeline.sinks
      .filter((s) => s.kind === 'sink-file' && typeof (s.options as { dir?: unknown })?.dir === 'string')
      .map((s) => ({ dir: (s.options as { dir: string }).dir, sink: s.name }))
    return [...fromSinks, ...(this.options.health.dirs ?? []).map((dir) => ({ dir, sink: dir }))]
  }

  async #round(): Promise<void> {
    this.#next = { activeFiles: new Map(), dirBytes: new Map(), backlog: new Map() }
    const checks: Array<Promise<Outcome[]>> = this.#dirs().map((d) => this.#dir(d.dir, d.sink))
    checks.push(Promise.resolve(this.#lag()))
    if (this.options.health.channels !== false) checks.push(this.#channels())
    const outcomes = (await Promise.all(checks)).flat()
    const at = new Date().toISOString()
    for (const o of outcomes) this.#record(o, at)
    this.#figures = this.#next
  }

  #record(o: Outcome, at: string): void {
    const prev = this.#results.get(o.name)
    const since = o.ok ? undefined : prev && !prev.ok ? prev.since : at
    this.#results.set(o.name, { name: o.name, ok: o.ok, detail: o.detail, at, ...(since ? { since } : {}) })
    if (o.freeBytes !== undefined) this.#free.set(o.name, o.freeBytes)
    const level = LEVELS[this.options.health.level ?? 'error']
    if (!o.ok && (!prev || prev.ok)) {
      this.pipeline.log(level, 'system', `health check failed: ${o.name}: ${o.detail}`, { event: 'health_check_failed', check: o.name, detail: o.detail })
    } else if (o.ok && prev && !prev.ok) {
      const downMs = Date.parse(at) - Date.parse(prev.since ?? prev.at)
      this.pipeline.log(LEVELS.info, 'system', `health check recovered: ${o.name}: ${o.detail}`, {
        event: 'health_check_recovered',
        check: o.name,
        detail: o.detail,
        duration_ms: downMs,
      })
    }
  }

  async #dir(dir: string, sink: string): Promise<Outcome[]> {
    const out: Outcome[] = []
    // a real write: access(W_OK) says yes to root whatever the mode or an immutable flag
    const probe = join(dir, `.lw-health-${process.pid}`)
    try {
      await writeFile(probe, '')
      await unlink(probe)
      out.push({ name: `dir-writable:${sink}`, ok: true, detail: `${dir}: writable` })
    } catch (err) {
      out.push({ name: `dir-writable:${sink}`, ok: false, detail: `${dir}: not writable (${errCode(err)})` })
    }
    await this.#sizes(dir, sink)
    try {
      const fs = await statfs(dir)
      const free = fs.bavail * fs.bsize
      out.push({
        name: `disk-free:${sink}`,
        ok: free >= this.#minFree,
        detail: `${formatSize(free)} free under ${dir} (floor ${formatSize(this.#minFree)})`,
        freeBytes: free,
      })
    } catch (err) {
      out.push({ name: `disk-free:${sink}`, ok: false, detail: `${dir}: free space unknown (${errCode(err)})` })
    }
    return out
  }

  /** The log files' sizes: each active file, and the directory's total (rotated and .gz included). */
  async #sizes(dir: string, sink: string): Promise<void> {
    let names: string[]
    try {
      names = await readdir(dir)
    } catch {
      return // reported by the writable check
    }
    const active = new Map<string, number>()
    let total = 0
    for (const name of names) {
      if (!/\.log(\.gz)?$/.test(name)) continue
      const size = (await stat(join(dir, name)).catch(() => undefined))?.size
      if (size === undefined) continue // rotated away between the listing and the stat
      total += size
      if (/^[a-z][a-z0-9_-]*\.log$/.test(name)) active.set(name, size)
    }
    this.#next.activeFiles.set(sink, active)
    this.#next.dirBytes.set(sink, total)
  }

  #lag(): Outcome[] {
    const max = this.options.health.maxSinkQueue ?? 10_000
    return this.pipeline.stats().lanes.map((l) => ({
      name: `sink-lag:${l.name}`,
      ok: l.queued <= max,
      detail: `${l.queued} record(s) queued (limit ${max})`,
    }))
  }

  /** Notifiers answer `stats` (breaker, disabled, counters) and, where the service has one, `probe`. */
  async #channels(): Promise<Outcome[]> {
    const out: Outcome[] = []
    for (const lane of this.pipeline.stats().lanes) {
      if (!lane.kind.startsWith('notify-')) continue
      const probe = (await timeout(
        this.pipeline.control.command(lane.name, 'probe').catch(() => undefined),
        COMMAND_TIMEOUT_MS,
      )) as Record<string, { ok: boolean; error?: string }> | undefined
      const stats = (await timeout(
        this.pipeline.control.command(lane.name, 'stats').catch(() => undefined),
        COMMAND_TIMEOUT_MS,
      )) as Record<string, { breaker?: string; disabled?: boolean; backlog?: number; counters?: Record<string, number> }> | undefined
      if (!stats || typeof stats !== 'object') {
        out.push({ name: `channel:${lane.name}`, ok: false, detail: 'the notifier does not answer (stats)' })
        continue
      }
      const backlog = new Map<string, number>()
      this.#next.backlog.set(lane.name, backlog)
      for (const [channel, c] of Object.entries(stats)) {
        backlog.set(channel, c.backlog ?? 0)
        const p = probe && typeof probe === 'object' ? probe[channel] : undefined
        let ok = !c.disabled && c.breaker !== 'open'
        let detail = c.disabled
          ? 'disabled after a permanent failure'
          : c.breaker === 'open'
            ? 'failing (circuit open)'
            : `sent ${c.counters?.sent ?? 0}, failed ${c.counters?.failed ?? 0}`
        if (p) {
          ok &&= p.ok
          detail += p.ok ? '; probe ok' : `; probe failed${p.error ? `: ${p.error}` : ''}`
        }
        out.push({ name: `channel:${lane.name}/${channel}`, ok, detail })
      }
    }
    return out
  }

  collect(): MetricFamily[] {
    const up: Sample[] = [...this.#results.values()].map((r) => ({ suffix: '', labels: { check: r.name }, value: r.ok ? 1 : 0 }))
    const free: Sample[] = [...this.#free].map(([check, v]) => ({ suffix: '', labels: { check }, value: v }))
    const f = this.#figures
    const files: Sample[] = [...f.activeFiles].flatMap(([sink, m]) => [...m].map(([file, v]) => ({ suffix: '' as const, labels: { sink, file }, value: v })))
    const dirs: Sample[] = [...f.dirBytes].map(([sink, v]) => ({ suffix: '', labels: { sink }, value: v }))
    const backlog: Sample[] = [...f.backlog].flatMap(([notifier, m]) =>
      [...m].map(([channel, v]) => ({ suffix: '' as const, labels: { notifier, channel }, value: v })),
    )
    return [
      {
        name: 'logwarden_log_file_bytes',
        type: 'gauge',
        help: "Size of each active log file (a category's current file), at the last health check.",
        samples: files,
      },
      {
        name: 'logwarden_log_dir_bytes',
        type: 'gauge',
        help: 'Size of every log file of a sink, rotated and compressed ones included, at the last health check.',
        samples: dirs,
      },
      {
        name: 'logwarden_notifier_backlog',
        type: 'gauge',
        help: 'Alerts waiting for delivery per notifier channel (the spool depth), at the last health check.',
        samples: backlog,
      },
      { name: 'logwarden_health_check_up', type: 'gauge', help: '1 when the health check passed at its last run, else 0.', samples: up },
      { name: 'logwarden_disk_free_bytes', type: 'gauge', help: 'Free disk under a log directory, at the last health check.', samples: free },
    ]
  }
}
