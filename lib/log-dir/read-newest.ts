/**
 * The newest N matching records of a log directory without reading it all: each category is
 * read from its newest file backwards (a plain .log from its end, chunk by chunk; a .gz, which
 * cannot be read backwards, whole but keeping only the last matches), and stops as soon as it
 * has N. Categories are merged newest first. `query -n 5` on gigabytes reads a few kilobytes.
 */
import { open, readdir, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { LogDirErrors } from './errors.js'
import { activeFileName, compareRotated, fileCategory, parseLogFileName } from '../log-layout/index.js'
import { accept, makeFilter, readFileLines, type Filter, type Item, type LogRecordJson, type ReadLogsOptions } from './read-logs.js'

/** Records are not perfectly ordered across files (as in read-logs.ts). */
const SLACK_MS = 60_000
const CHUNK = 256 * 1024

interface FileRef {
  name: string
  /** rotation stamp; undefined for the active file */
  time?: number
  seq?: number
  gzip: boolean
}

/** The files of a category, newest first: the active file, then the rotated ones (a .log preferred to its .gz). */
async function filesNewestFirst(dir: string, category: string): Promise<FileRef[]> {
  const byBase = new Map<string, FileRef>()
  let active = false
  for (const name of await readdir(dir)) {
    const p = parseLogFileName(name)
    if (!p || p.category !== category) continue
    if (p.kind === 'active') active = true
    if (p.kind !== 'rotated' && p.kind !== 'compressed') continue
    const file = { name, time: p.time!, seq: p.seq!, gzip: p.kind === 'compressed' }
    const prev = byBase.get(p.base!)
    if (!prev || (prev.gzip && !file.gzip)) byBase.set(p.base!, file)
  }
  const rotated = [...byBase.values()].sort(compareRotated).reverse()
  return active ? [{ name: activeFileName(category), gzip: false }, ...rotated] : rotated
}

/** Lines of a plain file from its end: each batch newest first. */
export async function* readLinesBackwards(handle: FileHandle, onBytes?: (bytes: number) => void): AsyncGenerator<string[]> {
  let pos = (await handle.stat()).size
  let carry: Buffer = Buffer.alloc(0)
  while (pos > 0) {
    const size = Math.min(CHUNK, pos)
    pos -= size
    const chunk = Buffer.allocUnsafe(size)
    const { bytesRead } = await handle.read(chunk, 0, size, pos)
    onBytes?.(bytesRead)
    const buf = carry.length ? Buffer.concat([chunk.subarray(0, bytesRead), carry]) : chunk.subarray(0, bytesRead)
    // the bytes before the first newline may continue in the previous chunk: carried
    const first = pos > 0 ? buf.indexOf(10) : -1
    if (first === -1 && pos > 0) {
      carry = buf
      continue
    }
    carry = first === -1 ? Buffer.alloc(0) : Buffer.from(buf.subarray(0, first))
    // a newline is one byte in UTF-8 and never inside a character: splitting bytes is safe
    const lines = buf.toString('utf8', first + 1).split('\n')
    yield lines.reverse()
  }
  if (carry.length) yield [carry.toString('utf8')]
}

async function* categoryNewest(dir: string, category: string, filter: Filter, limit: number, onError: ReadLogsOptions['onError']): AsyncGenerator<Item> {
  const sinceMs = filter.since ? Date.parse(filter.since) : undefined
  const untilMs = filter.until ? Date.parse(filter.until) : undefined
  const files = await filesNewestFirst(dir, category)
  let left = limit
  for (let i = 0; i < files.length && left > 0; i++) {
    const file = files[i]!
    // a rotated file holds records up to its stamp (+1 s rounding), newer than the next older file's stamp
    if (sinceMs !== undefined && file.time !== undefined && file.time + 1000 + SLACK_MS < sinceMs) return
    const olderStamp = files[i + 1]?.time
    if (untilMs !== undefined && olderStamp !== undefined && olderStamp - SLACK_MS > untilMs) continue
    const path = join(dir, file.name)
    try {
      if (!file.gzip) {
        const handle = await open(path, 'r')
        try {
          for await (const lines of readLinesBackwards(handle, filter.onBytes)) {
            for (const line of lines) {
              const item = accept(line, category, filter)
              if (!item) continue
              yield item
              if (--left === 0) return
            }
          }
        } finally {
          await handle.close()
        }
      } else {
        // forwards through the whole .gz, keeping only the last `left` matches
        const ring: Item[] = []
        for await (const lines of readFileLines(path, true, undefined, filter.onBytes, filter.needles)) {
          for (const line of lines) {
            const item = accept(line, category, filter)
            if (!item) continue
            ring.push(item)
            if (ring.length > left) ring.shift()
          }
        }
        for (let k = ring.length - 1; k >= 0; k--) {
          yield ring[k]!
          if (--left === 0) return
        }
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue // rotated or compressed meanwhile
      const error = LogDirErrors.READ_LOGS_FILE.withCause(err, `cannot read ${path}: ${(err as Error).message}`)
      if (!onError) throw error
      onError(path, error)
    }
  }
}

/** The newest `limit` matching records, NEWEST FIRST (reverse them for time order). */
export async function* readNewest(options: ReadLogsOptions & { limit: number }): AsyncGenerator<LogRecordJson> {
  let categories: string[]
  try {
    categories =
      options.category === undefined
        ? [...new Set((await readdir(options.dir)).map((n) => parseLogFileName(n)).flatMap((p) => (p && p.kind !== 'partial' ? [p.category] : [])))].sort()
        : [options.category].flat().map(fileCategory)
  } catch (err) {
    throw LogDirErrors.READ_LOGS_FILE.withCause(err, `cannot list ${options.dir}: ${(err as Error).message}. Pass the "dir" of a sink-file.`)
  }
  const filter = makeFilter(options, categories)
  const streams = categories.map((c) => categoryNewest(options.dir, c, filter, options.limit, options.onError))
  const heads: (Item | undefined)[] = await Promise.all(streams.map(async (s) => (await s.next()).value ?? undefined))
  let left = options.limit
  try {
    while (left > 0) {
      let max = -1
      for (let i = 0; i < heads.length; i++) {
        const h = heads[i]
        if (h && (max === -1 || h.ts > heads[max]!.ts)) max = i
      }
      if (max === -1) return
      yield heads[max]!.record
      left--
      if (left > 0) heads[max] = (await streams[max]!.next()).value ?? undefined
    }
  } finally {
    await Promise.all(streams.map((s) => s.return(undefined)))
  }
}
