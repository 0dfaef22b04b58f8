/**
 * Records of files named on the command line (`logwarden query app.log old.log.gz -`), in the
 * order given, each in its own order; '-' is stdin. Compression is recognised by its magic
 * bytes, not the name. The same filter as readLogs; a file's category is the record's own.
 */
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { LogDirErrors } from './errors.js'
import { fileCategory } from '../log-layout/index.js'
import { chunkLines, type Needles } from './line-scan.js'
import { accept, makeFilter, type LogRecordJson, type ReadLogsOptions } from './read-logs.js'

async function isGzipFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r')
  try {
    const head = Buffer.alloc(2)
    const { bytesRead } = await handle.read(head, 0, 2, 0)
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b
  } finally {
    await handle.close()
  }
}

/** Lines of a stream, gunzipped when its first two bytes say gzip. */
async function* streamLines(input: Readable, gzip: boolean | 'sniff', onBytes?: (n: number) => void, needles?: Needles): AsyncGenerator<string[]> {
  let source: AsyncIterable<Buffer> = input
  if (onBytes) input.on('data', (c: Buffer) => onBytes(c.length))
  if (gzip === 'sniff') {
    // stdin: look at the first chunk, then hand the whole stream to the right reader
    const it = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>
    const first = await it.next()
    if (first.done) return
    const head = first.value
    const zipped = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b
    const replay = (async function* () {
      yield head
      for (;;) {
        const n = await it.next()
        if (n.done) return
        yield n.value
      }
    })()
    if (zipped) {
      const gunzip = createGunzip({ chunkSize: 128 * 1024 })
      void (async () => {
        try {
          for await (const c of replay) if (!gunzip.write(c)) await new Promise((r) => gunzip.once('drain', r))
          gunzip.end()
        } catch (err) {
          gunzip.destroy(err as Error)
        }
      })()
      source = gunzip
    } else source = replay
  } else if (gzip) {
    const gunzip = createGunzip({ chunkSize: 128 * 1024 })
    input.on('error', (err) => gunzip.destroy(err))
    source = input.pipe(gunzip)
  }
  yield* chunkLines(source, needles)
}

export interface ReadFilesOptions extends Omit<ReadLogsOptions, 'dir'> {
  files: string[]
  stdin?: Readable
}

export async function* readFiles(options: ReadFilesOptions): AsyncGenerator<LogRecordJson> {
  const wanted = options.category === undefined ? [] : [options.category].flat().map(fileCategory)
  const filter = makeFilter(options, wanted)
  for (const file of options.files) {
    try {
      const fromStdin = file === '-'
      const input = fromStdin ? (options.stdin ?? process.stdin) : createReadStream(file, { highWaterMark: 256 * 1024 })
      const gzip = fromStdin ? 'sniff' : await isGzipFile(file)
      try {
        for await (const lines of streamLines(input, gzip, filter.onBytes, filter.needles)) {
          for (const line of lines) {
            const item = accept(line, '', filter)
            if (item) yield item.record
          }
        }
      } finally {
        if (!fromStdin) input.destroy()
      }
    } catch (err) {
      const error = LogDirErrors.READ_LOGS_FILE.withCause(err, `cannot read ${file === '-' ? 'stdin' : file}: ${(err as Error).message}`)
      if (!options.onError) throw error
      options.onError(file, error)
    }
  }
}
