/**
 * The console sink's worker: parses each JSON line and writes the human line (or, as `json`, the
 * line itself) with fs.writeSync on the target fd. (process.stdout inside a worker is relayed
 * asynchronously through the main thread and would lose the last lines at exit; a direct write
 * does not.)
 *
 * A slow reader is waited for as long as it takes, and what a stalled write left is continued,
 * never written again: a line is never repeated or cut. Lines go out in writes of whole lines of
 * at most PIPE_BUF (4096) bytes, which a pipe takes atomically, so another writer to the same
 * stdout (console.log) cannot split a record shorter than that.
 */
import { isatty } from 'node:tty'
import { writeAllSync } from '../../core/write-all.js'
import { batchRecords, groupLines, type Batch, type Sink, type SinkContext } from '../../core/sink-contract.js'
import { shouldColor, type ColorSetting } from './colors.js'
import { createFormatter, type Formatter } from '../../lib/human/index.js'

export interface ConsoleWorkerOptions {
  /** 1 (stdout) or 2 (stderr); another fd (a test's file) is written as is */
  fd: number
  /** `json`: the record's line as the files get it; default `human` */
  format?: 'human' | 'json'
  colors: ColorSetting
  fields: boolean
  stacks: boolean
  timezone: string
  /** the categories this sink receives directly; error copies of these are not shown twice */
  categories: string[] | '*'
}

/** the category of a serialized record: the core writes it third, after timestamp and level */
const CATEGORY = /^\{"timestamp":"[^"]*","level":"[^"]*","category":"([^"\\]*)"/

/** what a pipe writes atomically (POSIX PIPE_BUF on Linux) */
const PIPE_BUF = 4096

/**
 * Writes all of `data` in chunks of whole lines up to PIPE_BUF, waiting out a reader that stalls
 * (EAGAIN) for as long as it stalls; throws what else stopped it (EPIPE: the reader is gone).
 */
function writeAll(fd: number, data: Uint8Array): void {
  let start = 0
  while (start < data.byteLength) {
    let end = Math.min(start + PIPE_BUF, data.byteLength)
    if (end < data.byteLength) {
      const cut = data.lastIndexOf(0x0a, end - 1)
      // a line longer than PIPE_BUF goes out whole, in as many writes as it takes
      end = cut >= start ? cut + 1 : nextLineEnd(data, end)
    }
    let chunk = data.subarray(start, end)
    for (;;) {
      const { unwritten, code } = writeAllSync(fd, chunk)
      if (unwritten === 0) break
      if (code !== 'EAGAIN') throw Object.assign(new Error(`console write failed (${code})`), { code })
      // stalled for DEFAULT_STALL_MS: go on from where it stopped, never from the start again
      chunk = chunk.subarray(chunk.byteLength - unwritten)
    }
    start = end
  }
}

function nextLineEnd(data: Uint8Array, from: number): number {
  const nl = data.indexOf(0x0a, from)
  return nl === -1 ? data.byteLength : nl + 1
}

export function createSink(options: ConsoleWorkerOptions, ctx: SinkContext): Sink {
  const fd = options.fd
  const format: Formatter = createFormatter({
    colors: shouldColor(options.colors, isatty(fd), process.env),
    fields: options.fields,
    stacks: options.stacks,
    timezone: options.timezone,
  })
  const direct = options.categories === '*' ? undefined : new Set(options.categories)
  const json = options.format === 'json'
  // the reader went away (`| head`): records are dropped, the sink does not fail forever
  let closed = false

  function write(batch: Batch): void {
    if (closed) return
    if (json) return send(jsonLines(batch))
    let text = ''
    let count = 0
    for (const { errorCopy, record } of batchRecords(batch)) {
      // an error copy duplicates a record this sink already shows under its own category
      if (errorCopy && (direct === undefined || direct.has(String(record.category)))) continue
      text += `${format(record)}\n`
      count++
    }
    if (text === '') return
    send([Buffer.from(text), count])
  }

  /** The lines as they are, but error copies of records this sink already shows. */
  function jsonLines(batch: Batch): [Uint8Array, number] {
    const parts: Uint8Array[] = []
    let count = 0
    for (const g of batch.groups) {
      if (!g.errorCopy) {
        parts.push(g.data)
        count += g.count
      } else if (direct !== undefined) {
        // an error copy's lines name their own category: those shown directly are left out
        const kept = groupLines(g).filter((line) => !direct.has(CATEGORY.exec(line)?.[1] ?? ''))
        if (kept.length > 0) parts.push(Buffer.from(`${kept.join('\n')}\n`))
        count += kept.length
      }
    }
    return [parts.length === 1 ? parts[0]! : Buffer.concat(parts), count]
  }

  function send([data, count]: [Uint8Array, number]): void {
    if (count === 0) return
    try {
      writeAll(fd, data)
      ctx.count('written', count)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EPIPE') throw err
      closed = true
      ctx.count('dropped', count)
      ctx.log('warn', 'system', `${ctx.name}: the console output was closed (EPIPE); further records are not shown`, { sink: ctx.name })
    }
  }

  return {
    write,
    command(name) {
      if (name !== 'test') throw new Error(`${ctx.name} knows only the "test" command`)
      const record = { timestamp: new Date().toISOString(), level: 'info', category: 'system', message: `${ctx.name}: test line` }
      writeAll(fd, Buffer.from(`${json ? JSON.stringify(record) : format(record)}\n`))
      return { ok: true }
    },
  }
}
