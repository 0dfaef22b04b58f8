/**
 * The console sink's worker: parses each JSON line and writes the human line with fs.writeSync on
 * the target fd. (process.stdout inside a worker is relayed asynchronously through the main
 * thread and would lose the last lines at exit; a direct write does not.)
 */
import { isatty } from 'node:tty'
import { writeAllSync } from '../../core/write-all.js'
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

/** Throws what stopped the write (EPIPE: the reader is gone; EAGAIN: it stalled) so write() can tell them apart. */
function writeAll(fd: number, data: Buffer): void {
  const { unwritten, code } = writeAllSync(fd, data)
  if (unwritten > 0) throw Object.assign(new Error(`console write failed (${code})`), { code })
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
