/**
 * `logwarden tail` against a daemon, as `journalctl -f` behaves: the last records first (from the
 * daemon's memory, or from the log files when they hold more), then live ones; a daemon restart
 * is a notice and a reconnection (with the records logged meanwhile, from the new daemon's
 * memory), not an exit; a token the restarted daemon refuses is renewed with LOGWARDEN_SECRET, or
 * on a terminal by asking, else the command says to log in again.
 */
import type { FilterSpec, LineFilter } from '../../lib/query/index.js'
import { filterToQuery } from '../../lib/query/index.js'
import { backoffDelay } from '../../lib/util/index.js'
import { LwError } from '../../core/errors.js'
import { DaemonClient } from './client.js'
import { CliErrors, EXIT, exitCode } from './errors.js'

export interface LiveTailOptions {
  url: string
  spec: FilterSpec
  filter: LineFilter
  /** records to show first (journalctl's -n); 0 for none */
  backlog: number
  /** show first every record since this time (epoch ms) */
  sinceMs?: number
  /** the log directory, when it can be read here: a backlog longer than the daemon's memory comes from it */
  logDir?: string
  signal: AbortSignal
  print(line: string): void
  notice(text: string): void
}

type Rec = Record<string, unknown>

/** What identifies a record across the daemon's memory, its stream and the files. */
function keyOf(line: string, record?: Rec): string {
  try {
    const r = record ?? (JSON.parse(line) as Rec)
    if (typeof r.event_id === 'string') return `${r.event_id}|${String(r.timestamp)}`
  } catch {
    // not JSON: the line itself
  }
  return line
}

const timeOf = (line: string): string => {
  try {
    const t = (JSON.parse(line) as Rec).timestamp
    return typeof t === 'string' ? t : ''
  } catch {
    return ''
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true })
  })

export async function liveTail(o: LiveTailOptions): Promise<void> {
  let client = DaemonClient.for(o.url, 'read')
  /** keys printed lately: the stream and a backlog overlap at their seam */
  const seen = new Set<string>()
  const remember = (key: string) => {
    seen.add(key)
    if (seen.size > 10_000) seen.delete(seen.values().next().value!)
  }
  let lastTime = ''
  const emit = (line: string) => {
    const key = keyOf(line)
    if (seen.has(key)) return
    remember(key)
    const t = timeOf(line)
    if (t > lastTime) lastTime = t
    o.print(line)
  }

  let first = true
  let failures = 0
  while (!o.signal.aborted) {
    // the stream opens first and buffers: a record logged while the backlog is read is not lost
    let buffering: string[] | undefined = []
    let opened = false
    // this connection only: dropped when its backlog request fails
    const connection = new AbortController()
    const stream = client
      .stream(
        '/tail',
        filterToQuery(o.spec, new URLSearchParams({ format: 'ndjson' })),
        (line) => {
          opened = true
          if (line.startsWith('{"notice":')) {
            const n = (JSON.parse(line) as { dropped?: number }).dropped
            o.notice(`${n} record(s) skipped: this terminal reads slower than the daemon logs`)
          } else if (buffering) buffering.push(line)
          else emit(line)
        },
        AbortSignal.any([o.signal, connection.signal]),
      )
      .then(
        () => undefined,
        (err: unknown) => err,
      )
    try {
      const lines = first ? await initialBacklog(client, o) : await sinceLast(client, o, lastTime)
      if (!first) o.notice(`reconnected to ${client.url}`)
      for (const line of lines) emit(line)
    } catch (err) {
      buffering = undefined
      connection.abort()
      const outcome = await stream
      // the stream's own failure says more (a refused token) than the aborted one's
      const failure = outcome instanceof LwError && exitCode(outcome.kind) === EXIT.AUTH ? outcome : err
      const next = await recover(failure, client, o, first, failures++)
      if (next === 'stop') return
      client = next
      continue
    }
    for (const line of buffering) emit(line)
    buffering = undefined
    first = false
    failures = 0
    const outcome = await stream
    if (o.signal.aborted) return
    if (outcome instanceof LwError && exitCode(outcome.kind) === EXIT.AUTH) {
      const next = await recover(outcome, client, o, false, failures++)
      if (next === 'stop') return
      client = next
      continue
    }
    o.notice(`the daemon at ${client.url} ${opened || outcome === undefined ? 'ended the stream (restarting?)' : 'broke the stream'}; reconnecting…`)
  }
}

/**
 * After a failure: unreachable → wait and retry (the first connection fails at once, as before);
 * a refused token → a new login when a secret is at hand. Returns the client to retry with.
 */
async function recover(err: unknown, client: DaemonClient, o: LiveTailOptions, first: boolean, failures: number): Promise<DaemonClient | 'stop'> {
  if (!(err instanceof LwError)) throw err
  const kind = exitCode(err.kind)
  if (kind === EXIT.AUTH && client.token) {
    const secret = process.env.LOGWARDEN_SECRET
    if (!secret && !process.stdin.isTTY) {
      throw CliErrors.USAGE(
        `the daemon at ${client.url} refused the cached token (it restarted, or the token expired): run \`logwarden login\`, or set LOGWARDEN_SECRET so tail logs in again by itself`,
      )
    }
    o.notice(`the daemon at ${client.url} refused the cached token (it restarted?); logging in again`)
    const { readSecret } = await import('./secret-input.js')
    const { loginWith } = await import('./login-flow.js')
    await loginWith(client.url, secret ?? (await readSecret('read')), { role: 'read' })
    return DaemonClient.for(client.url, 'read')
  }
  if (kind !== EXIT.NO_DAEMON || first) throw err
  if (failures === 0) o.notice(`lost the daemon at ${client.url}; reconnecting…`)
  await sleep(backoffDelay(failures, 250, 5000), o.signal)
  return o.signal.aborted ? 'stop' : client
}

/** The records to show first: since --since, or the last N — from the daemon, or from the files when they hold more. */
async function initialBacklog(client: DaemonClient, o: LiveTailOptions): Promise<string[]> {
  if (o.backlog === 0 && o.sinceMs === undefined) return []
  const want = o.sinceMs === undefined ? o.backlog : Number.MAX_SAFE_INTEGER
  const q = filterToQuery(o.spec)
  q.set('limit', String(Math.min(want, 100_000)))
  const fromDaemon = (await client.get<{ records: Rec[] }>('/recent', q)).records.map((r) => JSON.stringify(r))
  const since = o.sinceMs === undefined ? undefined : new Date(o.sinceMs).toISOString()
  const daemonLines = since ? fromDaemon.filter((l) => timeOf(l) >= since) : fromDaemon
  // the daemon's memory reaches back far enough: its answer is complete
  const reachesBack = since ? fromDaemon.length > daemonLines.length : daemonLines.length >= want
  if (reachesBack || !o.logDir) {
    if (!reachesBack && o.backlog > daemonLines.length && daemonLines.length > 0 && !since) {
      o.notice(`the daemon keeps the last ${daemonLines.length} matching record(s); older ones: logwarden query`)
    }
    return daemonLines
  }
  const { readLogs, readNewest } = await import('../../lib/log-dir/index.js')
  const files: string[] = []
  const where = (r: Rec) => o.filter(JSON.stringify(r))
  const category = o.spec.categories?.length ? [...o.spec.categories] : undefined
  if (since) {
    for await (const r of readLogs({ dir: o.logDir, category, since, where })) files.push(JSON.stringify(r))
  } else {
    for await (const r of readNewest({ dir: o.logDir, category, limit: o.backlog, where })) files.push(JSON.stringify(r))
    files.reverse()
  }
  // the files lag the daemon by its flush interval: its newest records complete them
  const fileKeys = new Set(files.map((l) => keyOf(l)))
  const newer = daemonLines.filter((l) => !fileKeys.has(keyOf(l)))
  const merged = [...files, ...newer]
  return since ? merged : merged.slice(-o.backlog)
}

/** After a reconnection: what the (restarted) daemon logged since the last record shown. */
async function sinceLast(client: DaemonClient, o: LiveTailOptions, lastTime: string): Promise<string[]> {
  const q = filterToQuery(o.spec)
  q.set('limit', '100000')
  const records = (await client.get<{ records: Rec[] }>('/recent', q)).records.map((r) => JSON.stringify(r))
  return lastTime ? records.filter((l) => timeOf(l) >= lastTime) : []
}
