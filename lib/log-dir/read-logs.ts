/**
 * readLogs: the records of a log directory written by sink-file (and rotate), in time order,
 * streamed line by line from the rotated `.gz`/`.log` files and the active file. Memory stays flat:
 * one line per category is held, whatever the size of the archives.
 */
import { createReadStream } from 'node:fs'
import { open, readdir, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { createGunzip, gunzip } from 'node:zlib'
import { bufferLines, chunkLines, type Needles } from './line-scan.js'
import { LogDirErrors } from './errors.js'
import { levelValue } from '../../core/levels.js'
import type { LevelInput } from '../../core/levels.js'
import { compileEventMatch, compileWhere, toTime as parseTime, type EventMatch, type TimeInput, type WherePairs } from '../query/index.js'
import { activeFileName, compareRotated, fileCategory, parseLogFileName } from '../log-layout/index.js'

export type LogRecordJson = Record<string, unknown>
export type { TimeInput }

export interface ReadLogsOptions {
  dir: string
  /** one category or several; default: every category with files in `dir` */
  category?: string | string[]
  /** a Date, epoch ms, an ISO string, or a duration back from now ('2h', '7d') */
  since?: TimeInput
  until?: TimeInput
  minLevel?: LevelInput
  /**
   * field equality on dotted paths (`{ 'details.rule': 'UnrealizedLoss' }`), or [path, value]
   * pairs where a repeated path matches any of its values (`--where` pairs), or a predicate
   */
  where?: Record<string, unknown> | WherePairs | ((record: LogRecordJson) => boolean)
  /** substring or RegExp tested on the raw JSON line, before parsing */
  grep?: string | RegExp
  /** one event name or several (`order_filled`): records of those declared events */
  event?: string | readonly string[]
  /**
   * a cheap test on the raw line before it is parsed (the CLI's field and message hints): it may
   * let through lines that do not match (the parsed tests decide), never refuse one that does
   */
  lineHint?: (line: string) => boolean
  /**
   * text one of which every matching line holds, searched in the raw bytes: lines without any are
   * never decoded (the CLI's `--where key=value` values); like lineHint, only a first cut
   */
  lineNeedles?: readonly string[]
  /** lineNeedles in any case (searched as one case-insensitive pattern over the decoded text) */
  lineNeedlesIgnoreCase?: boolean
  /** called with the bytes read from disk (compressed bytes for a .gz), for a progress line */
  onBytes?(bytes: number): void
  /** a file that cannot be read (corrupt .gz): called, then reading goes on; without it readLogs throws */
  onError?(file: string, error: Error): void
  /** the clock for relative since/until */
  now?: number
}

/** Records are not perfectly ordered across files; skip files only when they are clearly out of range. */
const SKIP_SLACK_MS = 60_000

export interface Filter {
  since?: string
  until?: string
  minLevel?: number
  where?: (record: LogRecordJson) => boolean
  grep?: (line: string) => boolean
  event?: EventMatch
  lineHint?: (line: string) => boolean
  needles?: Needles
  onBytes?: (bytes: number) => void
  /** categories being read: a copy of one of their records in error.log is skipped (read once) */
  categories: Set<string>
}

function toTime(input: TimeInput, name: string, now: number): number {
  const t = parseTime(input, now)
  if (t === undefined) {
    throw LogDirErrors.READ_LOGS_OPTION(`${name} = ${JSON.stringify(input)} is neither a date (ISO 8601) nor a duration such as '2h' or '7d'.`)
  }
  return t
}

export function makeFilter(options: Omit<ReadLogsOptions, 'dir'>, categories: string[]): Filter {
  const now = options.now ?? Date.now()
  const filter: Filter = { categories: new Set(categories), lineHint: options.lineHint, onBytes: options.onBytes }
  if (options.lineNeedles?.length) {
    filter.needles = options.lineNeedlesIgnoreCase
      ? new RegExp(options.lineNeedles.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi')
      : options.lineNeedles.map((n) => Buffer.from(n))
  }
  if (options.since !== undefined) filter.since = new Date(toTime(options.since, 'since', now)).toISOString()
  if (options.until !== undefined) filter.until = new Date(toTime(options.until, 'until', now)).toISOString()
  if (filter.since !== undefined && filter.until !== undefined && filter.since > filter.until) {
    throw LogDirErrors.READ_LOGS_OPTION(
      `the time range is inverted: since ${JSON.stringify(String(options.since))} (${filter.since}) is after until ${JSON.stringify(String(options.until))} (${filter.until}). Swap them.`,
    )
  }
  if (options.minLevel !== undefined) {
    // a number typed on a command line ('40') is a level too
    const min = typeof options.minLevel === 'string' && /^\d+$/.test(options.minLevel) ? Number(options.minLevel) : levelValue(options.minLevel)
    if (min === undefined)
      throw LogDirErrors.READ_LOGS_OPTION(`unknown minLevel ${JSON.stringify(options.minLevel)}. Use trace, debug, info, warn, error, critical or a number.`)
    filter.minLevel = min
  }
  const where = options.where
  if (typeof where === 'function') filter.where = where
  else if (where) filter.where = compileWhere(Array.isArray(where) ? where : Object.entries(where))
  filter.event = compileEventMatch(options.event)
  const grep = options.grep
  if (typeof grep === 'string') filter.grep = (line) => line.includes(grep)
  else if (grep) {
    const re = new RegExp(grep.source, grep.flags.replace(/[gy]/g, '')) // no lastIndex state between lines
    filter.grep = (line) => re.test(line)
  }
  return filter
}

/** ISO strings compare as times when both are the UTC `…Z` form records use; anything else is parsed. */
function isoOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  if (value.length === 24 && value.endsWith('Z')) return value
  const t = Date.parse(value)
  return Number.isNaN(t) ? undefined : new Date(t).toISOString()
}

export interface Item {
  ts: string
  record: LogRecordJson
}

/** The record of a line when it passes the filter; `fileCat` is the category of the file it came from ('' for a file given by path). */
export function accept(line: string, fileCat: string, filter: Filter): Item | undefined {
  if (line === '' || (filter.grep && !filter.grep(line)) || (filter.lineHint && !filter.lineHint(line)) || (filter.event && !filter.event.line(line)))
    return undefined
  let record: LogRecordJson
  try {
    record = JSON.parse(line) as LogRecordJson
  } catch {
    return undefined // a line torn by a failed write or a crash
  }
  if (record === null || typeof record !== 'object') return undefined
  const cat = record.category
  if (fileCat === '') {
    // a file named on the command line: any category, filtered by the record's own
    if (filter.categories.size > 0 && !(typeof cat === 'string' && filter.categories.has(fileCategory(cat)))) return undefined
  } else if (typeof cat === 'string' && fileCategory(cat) !== fileCat && filter.categories.has(fileCategory(cat))) return undefined
  const ts = isoOf(record.timestamp) ?? ''
  if (filter.since !== undefined && !(ts >= filter.since)) return undefined
  if (filter.until !== undefined && !(ts !== '' && ts <= filter.until)) return undefined
  if (filter.minLevel !== undefined) {
    const level = typeof record.level === 'number' ? record.level : levelValue(String(record.level ?? ''))
    if (level === undefined || level < filter.minLevel) return undefined
  }
  if (filter.where && !filter.where(record)) return undefined
  if (filter.event && !filter.event.record(record)) return undefined
  return { ts, record }
}

/**
 * Lines of a file, a chunk's worth at a time (one await per chunk, not per line). With `needles`,
 * only the lines holding one of them (line-scan.ts).
 */
export async function* readFileLines(
  path: string,
  gzip: boolean,
  handle?: FileHandle,
  onBytes?: (bytes: number) => void,
  needles?: Needles,
): AsyncGenerator<string[]> {
  // an open handle is read as it is (the caller closes it), whatever the name points to by now
  const input = createReadStream(path, { highWaterMark: 256 * 1024, ...(handle ? { fd: handle, autoClose: false } : {}) })
  if (onBytes) input.on('data', (chunk) => onBytes(chunk.length))
  // larger output chunks: fewer callbacks and splits per megabyte inflated
  const source = gzip ? input.pipe(createGunzip({ chunkSize: 128 * 1024 })) : input
  if (gzip) input.on('error', (err) => source.destroy(err))
  try {
    yield* chunkLines(source as AsyncIterable<Buffer>, needles)
  } finally {
    input.destroy()
    source.destroy()
  }
}

/**
 * Archives that inflate to at most this much are read and inflated whole, in libuv's thread
 * pool, the next one while this one is scanned: decompression runs on another core than the
 * scan. Bigger ones are streamed, so memory stays bounded (~2× this) whatever rotate's maxSize.
 */
const WHOLE_GZ_BYTES = 12 * 1024 * 1024
const inflate = promisify(gunzip)

/** The inflated content, or undefined when it is too big to hold (gzip's trailer gives the size, mod 4 GiB). */
async function inflateFile(path: string, onBytes?: (bytes: number) => void): Promise<Buffer | undefined> {
  const handle = await open(path, 'r')
  let raw: Buffer
  try {
    const { size } = await handle.stat()
    if (size < 18 || size > WHOLE_GZ_BYTES) return undefined
    const trailer = Buffer.alloc(4)
    await handle.read(trailer, 0, 4, size - 4)
    // a ratio above 1000:1 means the 32-bit size wrapped: not small
    const inflated = trailer.readUInt32LE(0)
    if (inflated > WHOLE_GZ_BYTES || inflated < size / 1000) return undefined
    raw = await handle.readFile()
  } finally {
    await handle.close()
  }
  // big output chunks: each chunk is a round trip between the pool thread and this one
  const out = await inflate(raw, { chunkSize: 4 * 1024 * 1024 })
  onBytes?.(raw.length)
  return out
}

interface RotatedFile {
  name: string
  time: number
  seq: number
  gzip: boolean
}

/** The rotated files of a category newer than `after`, oldest first; a .log is preferred to its .gz. */
async function listRotated(dir: string, category: string, after?: RotatedFile): Promise<RotatedFile[]> {
  const byBase = new Map<string, RotatedFile>()
  for (const name of await readdir(dir)) {
    const parsed = parseLogFileName(name)
    if (!parsed || parsed.category !== category || (parsed.kind !== 'rotated' && parsed.kind !== 'compressed')) continue
    const file = { name, time: parsed.time!, seq: parsed.seq!, gzip: parsed.kind === 'compressed' }
    if (after && compareRotated(file, after) <= 0) continue
    const prev = byBase.get(parsed.base!)
    if (!prev || (prev.gzip && !file.gzip)) byBase.set(parsed.base!, file)
  }
  return [...byBase.values()].sort(compareRotated)
}

async function* categoryItems(dir: string, category: string, filter: Filter, onError: ReadLogsOptions['onError']): AsyncGenerator<Item> {
  const sinceMs = filter.since ? Date.parse(filter.since) : undefined
  const untilMs = filter.until ? Date.parse(filter.until) : undefined
  const unreadable = (path: string, err: unknown): void => {
    const error = LogDirErrors.READ_LOGS_FILE.withCause(err, `cannot read ${path}: ${(err as Error).message}`)
    if (!onError) throw error
    onError(path, error)
  }
  // archives being inflated ahead of the scan (name → whole content, or undefined: too big, streamed)
  const ahead = new Map<string, Promise<Buffer | undefined>>()
  const prefetch = (name: string) => {
    if (ahead.has(name)) return
    const p = inflateFile(join(dir, name), filter.onBytes)
    p.catch(() => undefined) // reported when it is read
    ahead.set(name, p)
  }
  const readOne = async function* (name: string, gzip: boolean, active?: FileHandle): AsyncGenerator<Item> {
    const path = join(dir, name)
    try {
      const whole = gzip ? await (ahead.get(name) ?? inflateFile(path, filter.onBytes)) : undefined
      ahead.delete(name)
      if (whole) {
        for (const line of bufferLines(whole, filter.needles)) {
          const item = accept(line, category, filter)
          if (item) yield item
        }
        return
      }
      for await (const lines of readFileLines(path, gzip, active, filter.onBytes, filter.needles)) {
        for (const line of lines) {
          const item = accept(line, category, filter)
          if (item) yield item
        }
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'ENOENT' && !gzip) {
        // compressed meanwhile: X.log became X.log.gz
        yield* readOne(`${name}.gz`, true)
        return
      }
      unreadable(path, err)
    }
  }
  let last: RotatedFile | undefined
  for (;;) {
    // the active file is opened before the directory is listed: a rotation between the two then
    // shows up in the listing (and is read from there), instead of its file being skipped
    const activePath = join(dir, activeFileName(category))
    let active = await open(activePath, 'r').catch((err: NodeJS.ErrnoException) => {
      // ENOENT: never written, or rotated a moment ago
      if (err.code !== 'ENOENT') unreadable(activePath, err)
      return undefined
    })
    try {
      const batch = await listRotated(dir, category, last)
      if (batch.length === 0) {
        if (untilMs !== undefined && last !== undefined && last.time - SKIP_SLACK_MS > untilMs) return
        if (active) yield* readOne(activeFileName(category), false, active)
        return
      }
      // rotated files older than what is open now: read them, then open the active file again
      // (not held meanwhile: on Windows an open handle blocks the writer's next rotation)
      await active?.close()
      active = undefined
      for (let j = 0; j < batch.length; j++) {
        const file = batch[j]!
        // the next archive inflates on the thread pool while this one is scanned
        for (const next of batch.slice(j, j + 2)) if (next.gzip && !(sinceMs !== undefined && next.time + 1000 + SKIP_SLACK_MS < sinceMs)) prefetch(next.name)
        // a rotated file's records are older than its stamp (+1 s rounding) and newer than the previous stamp
        const skipOld = sinceMs !== undefined && file.time + 1000 + SKIP_SLACK_MS < sinceMs
        const tooNew = untilMs !== undefined && last !== undefined && last.time - SKIP_SLACK_MS > untilMs
        if (tooNew) return
        if (!skipOld) yield* readOne(file.name, file.gzip)
        last = file
      }
    } finally {
      await active?.close().catch(() => undefined)
    }
  }
}

async function categoriesIn(dir: string): Promise<string[]> {
  const found = new Set<string>()
  for (const name of await readdir(dir)) {
    const parsed = parseLogFileName(name)
    if (parsed && parsed.kind !== 'partial') found.add(parsed.category)
  }
  return [...found].sort()
}

/** Records in time order; across categories a k-way merge on the record timestamp. */
export async function* readLogs(options: ReadLogsOptions): AsyncGenerator<LogRecordJson> {
  const wanted = options.category === undefined ? undefined : [options.category].flat().map(fileCategory)
  let categories: string[]
  try {
    categories = wanted ?? (await categoriesIn(options.dir))
  } catch (err) {
    throw LogDirErrors.READ_LOGS_FILE.withCause(err, `cannot list ${options.dir}: ${(err as Error).message}. Pass the "dir" of a sink-file.`)
  }
  const filter = makeFilter(options, categories)
  const streams = categories.map((c) => categoryItems(options.dir, c, filter, options.onError))
  if (streams.length === 1) {
    for await (const item of streams[0]!) yield item.record
    return
  }
  const heads: (Item | undefined)[] = await Promise.all(streams.map(async (s) => (await s.next()).value ?? undefined))
  try {
    for (;;) {
      let min = -1
      for (let i = 0; i < heads.length; i++) {
        const h = heads[i]
        if (h && (min === -1 || h.ts < heads[min]!.ts)) min = i
      }
      if (min === -1) return
      yield heads[min]!.record
      heads[min] = (await streams[min]!.next()).value ?? undefined
    }
  } finally {
    await Promise.all(streams.map((s) => s.return(undefined)))
  }
}
