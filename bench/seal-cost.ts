/**
 * What audit-seal costs, where it runs (sink-file's worker thread), and how fast verify reads:
 *  1. chaining per record: Chain.feed on 256-line batches of benchmark-sized records, plus one seal
 *     (digest, locators, HMAC) per 60 s worth of them — the work the sealer adds per write;
 *  2. the file sink's own throughput, records/s, with and without the sealer (real files, no rotation);
 *  3. verify over a directory rotated at 1 MB and gzipped: MB/s of log (uncompressed) and files/s.
 *
 *   npm run build && node dist/bench/seal-cost.js        # SEAL_N=200000 records by default
 *
 * A script and not a test: the figures depend on the machine; best of 5 rounds for 1 and 2.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Batch, SinkContext } from '../core/sink-contract.js'
import { Chain } from '../plugins/audit-seal/chain.js'
import { createSink } from '../plugins/sink-file/worker.js'
import { KEY_FILE, SEAL_DIR, computeMac, firstSigningKey, newSeed, verifyDir, writeSigningKey } from '../lib/seal/index.js'

const PER_BATCH = 256
const N = Math.ceil(Number(process.env.SEAL_N ?? 200_000) / PER_BATCH) * PER_BATCH
const ROUNDS = 5
const encoder = new TextEncoder()

const ctx: SinkContext = {
  name: 'bench',
  signal: new AbortController().signal,
  log: () => {},
  count: () => {},
  runTask: () => Promise.reject(new Error('unused')),
}

function line(i: number): string {
  return JSON.stringify({
    timestamp: new Date().toISOString(),
    level: 'info',
    category: 'system',
    message: 'Position closed',
    event_id: `e${i}`,
    account_id: 'ABC123',
    rule: 'UnrealizedLoss',
    pnl: -210.5,
    symbol: 'MNQ',
    qty: 2,
    apiKey: '[REDACTED]',
  })
}
const batches: Uint8Array[] = []
for (let b = 0; b < 64; b++) batches.push(encoder.encode(Array.from({ length: PER_BATCH }, (_, k) => `${line(b * PER_BATCH + k)}\n`).join('')))
const bytesPerRecord = batches[0]!.byteLength / PER_BATCH

function best(fn: () => void): number {
  let min = Infinity
  fn() // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    const t = process.hrtime.bigint()
    fn()
    min = Math.min(min, Number(process.hrtime.bigint() - t))
  }
  return min
}

// 1. the chain alone
const macKey = Buffer.alloc(32, 7)
const chainNs =
  best(() => {
    const chain = new Chain('system')
    for (let i = 0; i < N / PER_BATCH; i++) chain.feed(batches[i & 63]!)
    const { digest, loc, n } = chain.take()
    computeMac(macKey, {
      v: 1,
      kid: 'k',
      cat: 'system',
      seq: 0,
      epoch: 0,
      t: 0,
      seg: 0,
      line: 0,
      n,
      prev: '',
      digest: digest.toString('base64'),
      loc: loc.toString('base64'),
    })
  }) / N
console.log(`chaining: ${chainNs.toFixed(0)} ns/record (${bytesPerRecord.toFixed(0)}-byte records, one seal per ${N} records, best of ${ROUNDS})`)

// 2. the sink thread, with and without the sealer
async function sinkRate(sealed: boolean): Promise<number> {
  let bestRate = 0
  for (let r = 0; r < ROUNDS; r++) {
    const dir = mkdtempSync(join(tmpdir(), 'lw-seal-bench-'))
    if (sealed) writeSigningKey(join(dir, SEAL_DIR, KEY_FILE), firstSigningKey(newSeed(Date.now(), 15 * 60_000)))
    const sink = await createSink(
      {
        dir,
        ...(sealed
          ? {
              observers: [
                {
                  module: new URL('../plugins/audit-seal/sealer.js', import.meta.url).href,
                  options: { categories: ['system'], intervalMs: 60_000, fsync: true },
                },
              ],
            }
          : {}),
      },
      ctx,
    )
    const t = process.hrtime.bigint()
    for (let i = 0; i < N / PER_BATCH; i++) {
      const batch: Batch = { seq: i + 1, groups: [{ category: 'system', data: batches[i & 63]!, count: PER_BATCH }] }
      await sink.write(batch)
    }
    await sink.close!()
    const s = Number(process.hrtime.bigint() - t) / 1e9
    bestRate = Math.max(bestRate, N / s)
    rmSync(dir, { recursive: true, force: true })
  }
  return bestRate
}
const off = await sinkRate(false)
const on = await sinkRate(true)
console.log(
  `sink-file thread: ${Math.round(off).toLocaleString('en')} records/s unsealed, ${Math.round(on).toLocaleString('en')} sealed ` +
    `(${((1 - on / off) * 100).toFixed(1)}% slower; best of ${ROUNDS} rounds of ${N})`,
)

// 3. verify over a rotated, gzipped directory
const dir = mkdtempSync(join(tmpdir(), 'lw-seal-verify-'))
const vk = newSeed(Date.now(), 15 * 60_000)
writeSigningKey(join(dir, SEAL_DIR, KEY_FILE), firstSigningKey(vk))
const sink = await createSink(
  {
    dir,
    rotation: {
      module: new URL('../plugins/rotate/rotation.js', import.meta.url).href,
      options: { maxSize: 1 << 20, maxFiles: 100_000, maxAge: false, compress: 'gzip', compressLevel: 6 },
    },
    observers: [
      { module: new URL('../plugins/audit-seal/sealer.js', import.meta.url).href, options: { categories: ['system'], intervalMs: 60_000, fsync: false } },
    ],
  },
  ctx,
)
const total = N * 2
for (let i = 0; i < total / PER_BATCH; i++) {
  await sink.write({ seq: i + 1, groups: [{ category: 'system', data: batches[i & 63]!, count: PER_BATCH }] })
  if (i % 64 === 0) await new Promise((r) => setImmediate(r))
}
await sink.command!('idle', undefined)
await sink.close!()
const onDisk = readdirSync(dir)
  .filter((n) => n.startsWith('system.'))
  .reduce((sum, n) => sum + statSync(join(dir, n)).size, 0)
let bestS = Infinity
let report = verifyDir({ dir, key: vk })
for (let r = 0; r < 3; r++) {
  const t = process.hrtime.bigint()
  report = verifyDir({ dir, key: vk })
  bestS = Math.min(bestS, Number(process.hrtime.bigint() - t) / 1e9)
}
const audit = report.categories[0]!
if (report.status !== 'verified' || audit.sealedLines !== total) {
  console.error(`verify: ${report.status}, ${audit.sealedLines} of ${total} lines`)
  process.exitCode = 1
}
console.log(
  `verify: ${(report.bytes / 1e6 / bestS).toFixed(0)} MB/s of log (${(report.bytes / 1e6).toFixed(0)} MB in ${audit.files.length} files, ` +
    `${(onDisk / 1e6).toFixed(1)} MB gzipped on disk; ${(onDisk / 1e6 / bestS).toFixed(0)} MB/s read), best of 3`,
)
rmSync(dir, { recursive: true, force: true })
