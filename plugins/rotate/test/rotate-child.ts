/**
 * Child process for the crash test: runs sink-file's worker with rotation, writing numbered lines
 * to the `system` category in a loop (rotating every few KB, compressing in the background), and
 * prints `wrote <n>` after each batch, n = lines written so far. The test SIGKILLs it mid-way.
 * With argv[4] = a total, it stops there, waits for the background work, closes and prints `done`.
 *
 *   vite-node rotate-child.ts <dir> <first line number> [total]
 */
import { createSink } from '../../sink-file/worker.js'
import { makeBatch, makeContext, recordLine } from '../../sink-file/test/helpers.js'

const [dir, firstArg, totalArg] = process.argv.slice(2)
let next = Number(firstArg)
const total = totalArg === undefined ? Infinity : Number(totalArg)
const PER_BATCH = 20

const sink = await createSink(
  {
    dir: dir!,
    rotation: {
      module: new URL('../rotation.js', import.meta.url).href,
      options: { maxSize: 4096, maxFiles: 100_000, maxAge: false, compress: 'gzip', compressLevel: 9 },
    },
  },
  makeContext().ctx,
)

let seq = 0
while (next < total) {
  const n = Math.min(PER_BATCH, total - next)
  const lines = Array.from({ length: n }, (_, k) => recordLine(next + k, 'system', { pad: 'x'.repeat(40) }))
  await sink.write(makeBatch(++seq, [{ category: 'system', lines }]))
  next += n
  process.stdout.write(`wrote ${next}\n`)
  // let the background compression run between batches, as it does between a real logger's batches
  await new Promise((resolve) => setImmediate(resolve))
}
await sink.command!('idle', undefined)
await sink.close!()
process.stdout.write('done\n')
