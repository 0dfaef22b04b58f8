/**
 * `logwarden query` against the usual tools on the same generated directory (bench/query-data.ts):
 * a field query (one account in a thousand) against `zgrep` and `zcat | jq`, a message search
 * against `zgrep -i`, newest-N (`query -n 5`) against `tail -n 5` of the active file, and the
 * time to the first record through `| head -1`. Wall-clock medians of BENCH_QUERY_RUNS runs.
 *
 *   BENCH_QUERY_MB=1100     uncompressed size of the generated records (default 1100 MB)
 *   BENCH_QUERY_DIR=/path   where the data is generated once and reused (default: the OS temp dir)
 *   BENCH_QUERY_RUNS=1      runs per command
 *   BENCH_QUERY_JQ=0        skip `zcat | jq` (minutes on a large directory)
 */
import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { intEnv } from './env.js'
import { makeQueryData } from './query-data.js'
import { formatSize } from '../lib/util/index.js'

const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))
const mb = intEnv('BENCH_QUERY_MB', 1100, 1)
const runs = intEnv('BENCH_QUERY_RUNS', 1, 1)
const root = process.env.BENCH_QUERY_DIR || join(tmpdir(), 'logwarden-bench')

interface Row {
  what: string
  command: string
  seconds: number
  lines: number
}

let files = ''
function time(what: string, command: string): Row {
  const times: number[] = []
  let lines = 0
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint()
    const res = spawnSync('sh', ['-c', `${command} | wc -l`], { encoding: 'utf8', maxBuffer: 1 << 20 })
    times.push(Number(process.hrtime.bigint() - t0) / 1e9)
    if (res.status !== 0) throw new Error(`${command} failed: ${res.stderr}`)
    lines = Number(res.stdout.trim())
  }
  times.sort((a, b) => a - b)
  const row = { what, command, seconds: times[Math.floor(times.length / 2)]!, lines }
  const shown = command.replaceAll(files, '<files>').replaceAll(data.dir, '<dir>').replace(`node ${BIN}`, 'logwarden')
  process.stdout.write(`  ${what.padEnd(40)} ${row.seconds.toFixed(2).padStart(7)} s  ${String(lines).padStart(8)} lines   ${shown}\n`)
  return row
}

const data = await makeQueryData(root, mb * 1024 * 1024)

files = data.files.map((f) => join(data.dir, f)).join(' ')
const lw = `node ${BIN} query --dir ${data.dir} --no-progress`
process.stdout.write(
  `query bench: ${data.records.toLocaleString('en')} records, ${formatSize(data.bytes)} of JSON in ${data.files.length} files, ${formatSize(data.diskBytes)} on disk (${data.dir})\n`,
)
const account = 'ACC0042'
const rows: Row[] = [
  time('field: logwarden query --where', `${lw} --where account_id=${account} --json`),
  time('field: zgrep', `zgrep -h '"account_id":"${account}"' ${files}`),
  time('message: logwarden query --grep', `${lw} --grep 'account locked' --json`),
  time('message: zgrep -i', `zgrep -hi 'account locked' ${files}`),
  time('newest 5: logwarden query -n 5', `${lw} -n 5 --json`),
  time('newest 5: tail -n 5 (active file)', `tail -n 5 ${join(data.dir, 'system.log')}`),
  time('first record: query | head -1', `${lw} --json | head -1`),
  time('newest 5 of a field: query -n 5 --where', `${lw} -n 5 --where account_id=${account} --json`),
]
if (process.env.BENCH_QUERY_JQ !== '0') rows.push(time('field: zcat | jq', `zcat -f ${files} | jq -c 'select(.account_id == "${account}")'`))
const field = rows[0]!
for (const other of rows.filter((r) => r.what.startsWith('field: z'))) {
  process.stdout.write(`  logwarden / ${other.what.slice(7)}: ${(field.seconds / other.seconds).toFixed(2)}×\n`)
}
