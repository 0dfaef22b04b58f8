/**
 * Child process for the SIGKILL test: sink-file's worker with rotation and the sealer, writing
 * numbered `audit` lines in a loop and printing `wrote <n>` after each batch. The test SIGKILLs it.
 * With a total, it stops there, closes (sealing) and prints `done`.
 *
 *   vite-node seal-child.ts <dir> <first line number> [total]
 *
 * With SEAL_CHILD_KILL_AT_ROTATION=<n>, it SIGKILLs itself in its n-th rotation, between the seal
 * and the rename.
 */
import { closeSink, openSealedSink, writeLines } from './harness.js'

const [dir, firstArg, totalArg] = process.argv.slice(2)
let next = Number(firstArg)
const total = totalArg === undefined ? Infinity : Number(totalArg)

const killAt = process.env.SEAL_CHILD_KILL_AT_ROTATION
const sink = await openSealedSink(dir!, { maxSize: 8192, ...(killAt ? { killAtRotation: Number(killAt) } : {}) })
while (next < total) {
  const n = Math.min(10, total - next)
  await writeLines(sink, next, n)
  next += n
  process.stdout.write(`wrote ${next}\n`)
  await new Promise((resolve) => setImmediate(resolve))
}
await closeSink(sink)
process.stdout.write('done\n')
