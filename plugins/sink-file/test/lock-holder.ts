/**
 * Child process for the two-process lock test: opens sink-file on argv[2] (a real createSink,
 * which takes the directory's lock), prints "ready <pid>", and stays alive until killed or until
 * stdin closes (then it closes the sink, releasing the lock).
 */
import { createSink } from '../worker.js'
import { makeContext } from './helpers.js'

const dir = process.argv[2]!
try {
  const sink = await createSink({ dir }, makeContext().ctx)
  process.stdout.write(`ready ${process.pid}\n`)
  process.stdin.resume()
  process.stdin.on('end', () => {
    void Promise.resolve(sink.close?.()).then(() => process.exit(0))
  })
} catch (err) {
  process.stdout.write(`failed ${(err as { code?: string }).code}: ${(err as Error).message}\n`)
  process.exit(3)
}
