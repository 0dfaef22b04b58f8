/**
 * The console sink's worker: parses each JSON line and writes the human line with fs.writeSync on
 * the target fd. (process.stdout inside a worker is relayed asynchronously through the main
 * thread and would lose the last lines at exit; a direct write does not.)
 */
import { writeSync } from 'node:fs'
import { isatty } from 'node:tty'
import { batchRecords, type Batch, type Sink, type SinkContext } from '../../core/sink-contract.js'
import { shouldColor, type ColorSetting } from './colors.js'
import { createFormatter, type Formatter } from '../../lib/human/index.js'

export interface ConsoleWorkerOptions {
  /** 1 (stdout) or 2 (stderr); another fd (a test's file) is written as is */
  fd: number
  colors: ColorSetting
  fields: boolean
  stacks: boolean
  timezone: string
  /** the categories this sink receives directly; error copies of these are not shown twice */
  categories: string[] | '*'
}

/** Waiting on a pipe that is full (EAGAIN): up to this long, in 1 ms naps, before giving up. */
const EAGAIN_BUDGET_MS = 2000
const nap = new Int32Array(new SharedArrayBuffer(4))

/** Writes all of `data`, across partial writes and a full non-blocking pipe. */
function writeAll(fd: number, data: Buffer): void {
  let offset = 0
  let waited = 0
  while (offset < data.length) {
    try {
      offset += writeSync(fd, data, offset, data.length - offset)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN' || waited >= EAGAIN_BUDGET_MS) throw err
      Atomics.wait(nap, 0, 0, 1)
      waited++
    }
  }
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
  // the reader went away (`| head`): records are dropped, the sink does not fail forever
  let closed = false

  function write(batch: Batch): void {
    if (closed) return
    let text = ''
    let count = 0
    for (const { errorCopy, record } of batchRecords(batch)) {
      // an error copy duplicates a record this sink already shows under its own category
      if (errorCopy && (direct === undefined || direct.has(String(record.category)))) continue
      text += `${format(record)}\n`
      count++
    }
    if (text === '') return
    try {
      writeAll(fd, Buffer.from(text))
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
      writeAll(fd, Buffer.from(`${format(record)}\n`))
      return { ok: true }
    },
  }
}
