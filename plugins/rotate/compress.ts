/**
 * Compresses a rotated file without ever leaving a state that loses or duplicates a line:
 *   X.log → X.log.gz.tmp (zlib, async: the work runs on libuv's thread pool, not this thread)
 *   → fsync → rename to X.log.gz → unlink X.log
 * A crash at any step leaves either X.log (redone at the next start, the .tmp deleted) or a
 * complete X.log.gz beside X.log (the .log is then deleted at the next start).
 */
import { createWriteStream } from 'node:fs'
import { open, rename, unlink } from 'node:fs/promises'
import { dirname } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import { withRetry } from './retry.js'
import type { RetryOptions } from './retry.js'

export interface CompressResult {
  bytesIn: number
  bytesOut: number
}

export async function gzipFile(source: string, level: number, fileMode: number, retry: RetryOptions): Promise<CompressResult> {
  const tmp = `${source}.gz.tmp`
  const target = `${source}.gz`
  let bytesIn = 0
  let bytesOut = 0
  // opened first, so a source that is gone (retention took it) creates no .tmp at all
  const input = (await open(source, 'r')).createReadStream({ highWaterMark: 256 * 1024 })
  input.on('data', (chunk) => {
    bytesIn += chunk.length
  })
  const output = createWriteStream(tmp, { mode: fileMode })
  try {
    await pipeline(input, createGzip({ level }), output, retry.signal ? { signal: retry.signal } : {})
    const out = await open(tmp, 'r+')
    try {
      await out.chmod(fileMode) // the umask must not change the archive's mode
      await out.sync()
      bytesOut = (await out.stat()).size
    } finally {
      await out.close()
    }
  } catch (err) {
    // the stream may still be opening the .tmp: unlinking before it closed would leave one behind
    if (!output.closed) await new Promise<void>((resolve) => output.once('close', () => resolve()))
    await unlink(tmp).catch(() => undefined)
    throw err
  }
  try {
    await withRetry(() => rename(tmp, target), retry)
  } catch (err) {
    await unlink(tmp).catch(() => undefined)
    throw err
  }
  await syncDir(dirname(source))
  await withRetry(() => unlink(source), retry)
  return { bytesIn, bytesOut }
}

/** Makes the rename durable on power loss too; best effort (some platforms cannot open a dir). */
async function syncDir(dir: string): Promise<void> {
  try {
    const fd = await open(dir, 'r')
    try {
      await fd.sync()
    } finally {
      await fd.close()
    }
  } catch {
    // Windows and some file systems refuse fsync on a directory
  }
}
