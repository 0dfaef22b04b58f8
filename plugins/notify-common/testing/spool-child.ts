/**
 * Child process for the SIGKILL spool test: runs a notifier worker module directly (compiled, from
 * dist/), writes the records it is given as batches, and prints one line per step on stdout:
 * `written <n>` after each write() resolved, `ready` when done, and `log <json>` for every record the
 * sink logs. Then it idles until killed (or exits after `exitAfterMs` when given).
 *
 * argv[2]: JSON { module, options, records, exitAfterMs? }
 */
import type { SinkContext } from '../../../core/sink-contract.js'
import { makeBatch } from './harness.js'

interface Args {
  module: string
  options: Record<string, unknown>
  records: Array<Record<string, unknown>>
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args
const { createSink } = (await import(args.module)) as {
  createSink: (o: unknown, c: SinkContext) => Promise<{ write(b: unknown): Promise<void>; close?(): Promise<void> }>
}

const ctx: SinkContext = {
  name: 'spool-child',
  log(level, category, message, fields) {
    process.stdout.write(`log ${JSON.stringify({ level, category, message, fields })}\n`)
  },
  count() {},
  runTask: () => Promise.reject(new Error('no pool in the child')),
  signal: new AbortController().signal,
}

const sink = await createSink(args.options, ctx)
let n = 0
for (const record of args.records) {
  await sink.write(makeBatch([record]))
  process.stdout.write(`written ${++n}\n`)
}
process.stdout.write('ready\n')
// SIGTERM: a clean stop (close the sink, exit 0); SIGKILL is the test's crash
// eslint-disable-next-line @typescript-eslint/no-misused-promises -- a rejected close() crashes the child, which the test sees
process.on('SIGTERM', async () => {
  await sink.close?.()
  process.exit(0)
})
setInterval(() => undefined, 1 << 30)
