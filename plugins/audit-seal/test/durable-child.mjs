// The child of durable.test.ts: a real logger with sink-file, rotate (4 KB files, gzip), audit-seal
// and the default durable categories (audit, enforcement: write-ahead journal, replayed at start).
// argv[2] is JSON:
//   { mode: 'kill', dir, n, killAtRotation }  logs n audit and n enforcement records (10 a batch);
//                                             sink-file's worker SIGKILLs the process on its first
//                                             write after rotation number `killAtRotation` (the worker
//                                             starts writing once every record is logged)
//   { mode: 'restart', dir }                  starts (replaying the killed run's journal), waits
//                                             until the replay is confirmed, closes cleanly
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createLogger } from 'logwarden'

const args = JSON.parse(process.argv[2])
const killer = { module: new URL('./kill-after-rotation.mjs', import.meta.url).href, options: { at: args.killAtRotation, released: join(args.dir, 'logged') } }
const plugins = [
  { 'sink-file': { dir: args.dir } },
  { rotate: { maxSize: '4KB', maxFiles: 1000, maxAge: false, compress: 'gzip' } },
  { 'audit-seal': { interval: '200ms', fsync: false } },
]
if (args.mode === 'kill') {
  plugins.push({
    name: 'test-kill-after-rotation',
    apply: (p) =>
      p.hooks.sink.for('sink-file').tap('test-kill-after-rotation', (spec) => ({
        ...spec,
        options: { ...spec.options, observers: [...(spec.options.observers ?? []), killer] },
      })),
  })
}
// a loaded machine may take long to start the worker: a slow start is not what this test is about
const config = { batch: { maxRecords: 10 }, startTimeoutMs: 60_000, plugins }
const journal = join(args.dir, '.journal')
const segments = () => (existsSync(journal) ? readdirSync(journal).filter((f) => f.endsWith('.wal')) : [])

switch (args.mode) {
  case 'kill': {
    const log = await createLogger({ config })
    for (let i = 0; i < args.n; i++) {
      log.audit({ action: 'approve_withdrawal', actor: `ops-${i}`, i })
      log.enforcement({ account_id: `K${i}`, rule: 'max_daily_loss', action: 'lockout', i })
    }
    writeFileSync(join(args.dir, 'logged'), '')
    // the worker kills the process; never hang a test when it does not (exit code 3)
    setTimeout(() => process.exit(3), 20_000)
    break
  }
  case 'restart': {
    const log = await createLogger({ config })
    await log.flush()
    while (segments().length > 0) await new Promise((r) => setTimeout(r, 10))
    await log.close()
    const lane = log.stats().lanes.find((l) => l.name === 'sink-file')
    process.stdout.write(JSON.stringify({ counters: lane.counters }) + '\n')
    break
  }
}
