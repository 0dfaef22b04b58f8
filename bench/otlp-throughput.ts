/**
 * Records/s through sink-otlp: N records logged as fast as the loop goes, timed until the collector
 * (a loopback HTTP server answering 200 at once, counting bytes) has accepted every one of them.
 * Every batch is appended to the durable buffer (fdatasync) before the host counts it written.
 *
 *   npm run build && node dist/bench/otlp-throughput.js      # N=100,000 (OTLP_N), 3 runs each
 *
 * Runs json, protobuf, and protobuf + gzip; prints the median records/s and request sizes.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '../core/index.js'

const N = Number(process.env.OTLP_N ?? 100_000)
const RUNS = Number(process.env.OTLP_RUNS ?? 3)

async function run(encoding: 'json' | 'protobuf', gzip: boolean): Promise<{ perSecond: number; requests: number; bytesPerRecord: number }> {
  let bytes = 0
  let requests = 0
  const server = http.createServer((req, res) => {
    req.on('data', (c: Buffer) => (bytes += c.length))
    req.on('end', () => {
      requests++
      res.writeHead(200, { 'content-type': encoding === 'json' ? 'application/json' : 'application/x-protobuf' }).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const dir = mkdtempSync(join(tmpdir(), 'lw-otlp-bench-'))
  const log = await createLogger({
    config: {
      level: 'info',
      plugins: [
        {
          'sink-otlp': {
            endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
            resource: { 'service.name': 'bench' },
            encoding,
            gzip,
            buffer: { dir: join(dir, 'buffer') },
            flushTimeoutMs: 600_000,
          },
        },
      ],
    },
  })
  const start = performance.now()
  for (let i = 0; i < N; i++) {
    log.info('Position closed', { account_id: 'ABC123', rule: 'UnrealizedLoss', pnl: -210.5, symbol: 'MNQ', qty: 2, seq: i })
    // an application yields now and then; the lane's worker needs the main thread to hand it batches
    if (i % 1024 === 1023) await new Promise(setImmediate)
  }
  await log.flush()
  const elapsed = (performance.now() - start) / 1000
  const exported = log.stats().lanes.find((l) => l.name === 'sink-otlp')?.counters.exported ?? 0
  await log.close()
  server.close()
  rmSync(dir, { recursive: true, force: true })
  if (exported !== N) throw new Error(`exported ${exported} of ${N}`)
  return { perSecond: N / elapsed, requests, bytesPerRecord: bytes / N }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

for (const [encoding, gzip] of [
  ['json', false],
  ['protobuf', false],
  ['protobuf', true],
] as const) {
  const runs = []
  for (let i = 0; i < RUNS; i++) runs.push(await run(encoding, gzip))
  const label = `${encoding}${gzip ? '+gzip' : ''}`.padEnd(14)
  process.stdout.write(
    `${label} ${Math.round(median(runs.map((r) => r.perSecond))).toLocaleString('en-US')} records/s  (runs: ${runs.map((r) => Math.round(r.perSecond)).join(', ')}; ${runs[0].requests} requests, ${median(runs.map((r) => r.bytesPerRecord)).toFixed(0)} bytes/record on the wire)\n`,
  )
}
