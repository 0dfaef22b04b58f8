/**
 * A generated log directory for the query benchmark, laid out as sink-file + rotate write it:
 * `system.<stamp>.<n>.log.gz` archives of ~10 MB of records each, then the active `system.log`.
 * Made once per size and reused (a `.complete` marker holds the parameters).
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { rotatedFileName, rotationStamp } from '../lib/log-dir/index.js'

const FILE_BYTES = 10 * 1024 * 1024
export const ACCOUNTS = 1000
const SYMBOLS = ['MNQ', 'ES', 'NQ', 'CL', 'GC', 'RTY', 'YM', 'ZB']
const MESSAGES = ['Order filled', 'Position updated', 'Quote received', 'Risk check passed', 'Heartbeat', 'Position closed: loss limit reached']

export interface QueryData {
  dir: string
  records: number
  /** uncompressed bytes of records */
  bytes: number
  /** bytes on disk */
  diskBytes: number
  files: string[]
}

/** The record of index i: a day of trading compressed into the generated span, 1 in ACCOUNTS per account. */
function record(i: number, start: number, stepMs: number): string {
  const level = i % 997 === 0 ? 'error' : i % 101 === 0 ? 'warn' : 'info'
  const message = i % 5003 === 0 ? 'Account locked out: daily loss limit' : MESSAGES[i % MESSAGES.length]!
  return JSON.stringify({
    timestamp: new Date(start + i * stepMs).toISOString(),
    level,
    category: 'system',
    message,
    event_id: `e${i.toString(36).padStart(10, '0')}`,
    account_id: `ACC${String((i * 7919) % ACCOUNTS).padStart(4, '0')}`,
    symbol: SYMBOLS[i % SYMBOLS.length],
    qty: (i % 17) + 1,
    price: Math.round(15_000 + Math.sin(i / 1000) * 500) / 4,
    pnl: Math.round(Math.cos(i / 777) * 50_000) / 100,
    order_id: `ord-${(i * 2654435761) % 4294967296}`,
  })
}

export async function makeQueryData(root: string, targetBytes: number): Promise<QueryData> {
  const dir = join(root, `query-${Math.round(targetBytes / 1024 / 1024)}mb`)
  const marker = join(dir, '.complete')
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8')) as QueryData
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const avg = Buffer.byteLength(record(123_456, 0, 1)) + 1
  const records = Math.ceil(targetBytes / avg)
  const stepMs = 20
  const start = Date.UTC(2026, 10, 20) - records * stepMs
  const files: string[] = []
  let bytes = 0
  let diskBytes = 0
  let i = 0
  let seq = 0
  // the last ~5 MB stay in the active file, as they would between rotations
  while (bytes < targetBytes - 5 * 1024 * 1024) {
    const lines: string[] = []
    let size = 0
    while (size < FILE_BYTES && i < records) {
      const line = `${record(i++, start, stepMs)}\n`
      lines.push(line)
      size += line.length
    }
    const gz = gzipSync(lines.join(''))
    const name = `${rotatedFileName('system', rotationStamp(start + i * stepMs), ++seq)}.gz`
    writeFileSync(join(dir, name), gz)
    files.push(name)
    bytes += size
    diskBytes += gz.length
    if (seq % 10 === 0) process.stderr.write(`  generated ${Math.round(bytes / 1024 / 1024)} MB…\n`)
  }
  const active = createWriteStream(join(dir, 'system.log'))
  while (i < records) {
    const line = `${record(i++, start, stepMs)}\n`
    bytes += line.length
    diskBytes += line.length
    if (!active.write(line)) await new Promise<void>((r) => active.once('drain', () => r()))
  }
  await new Promise<void>((r) => active.end(() => r()))
  files.push('system.log')
  const data: QueryData = { dir, records, bytes, diskBytes, files }
  writeFileSync(marker, JSON.stringify(data))
  return data
}
