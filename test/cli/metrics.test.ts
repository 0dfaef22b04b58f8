/**
 * `logwarden metrics` and the metrics plugin's additions to `logwarden status`, against a real
 * daemon (a child process with control + metrics) over loopback HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDaemon, type Daemon } from '../../plugins/metrics/test-support/daemon.js'
import { run } from './helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'lw-cli-metrics-'))
let daemon: Daemon
let bare: Daemon

beforeAll(async () => {
  daemon = await startDaemon({
    categories: ['trades'],
    plugins: [{ 'sink-file': { dir: join(dir, 'logs') } }, { control: { port: 0 } }, { metrics: { health: { every: 200 } } }],
  })
  bare = await startDaemon({ plugins: [{ control: { port: 0 } }] })
  await daemon.send('log trades info 4')
  await daemon.send('log trades error 2')
  await daemon.send('inc app_orders_total buy 3')
  await daemon.send('flush')
}, 60_000)

afterAll(async () => {
  await daemon?.stop()
  await bare?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('logwarden metrics', () => {
  it('prints one row per series', async () => {
    const r = await run(['metrics', '--url', daemon.url])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^logwarden_records_total\s+counter\s+category=trades level=info\s+4$/m)
    expect(r.stdout).toMatch(/^app_orders_total\s+counter\s+side=buy\s+3$/m)
    expect(r.stdout).not.toContain('_bucket')
  })

  it('--json gives the families; --match filters them', async () => {
    const r = await run(['metrics', '--url', daemon.url, '--json', '--match', 'records_total'])
    expect(r.code).toBe(0)
    const { families } = JSON.parse(r.stdout) as { families: Array<{ name: string; samples: Array<{ labels: Record<string, string>; value: number }> }> }
    expect(families.map((f) => f.name)).toEqual(['logwarden_records_total'])
    const trades = families[0].samples.filter((s) => s.labels.category === 'trades')
    expect(Object.fromEntries(trades.map((s) => [s.labels.level, s.value]))).toEqual({ info: 4, error: 2 })
  })

  it('says what to add when the daemon has no metrics plugin', async () => {
    const r = await run(['metrics', '--url', bare.url])
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain('add "metrics" to its config\'s plugins')
  })
})

describe('logwarden status with the metrics plugin', () => {
  it('shows records per level and the scheduled health checks', async () => {
    const r = await run(['status', '--url', daemon.url])
    expect(r.stdout).toMatch(/^RECORDS$/m)
    expect(r.stdout).toMatch(/info \d+, .*error 2/)
    expect(r.stdout).toMatch(/^HEALTH CHECKS \(scheduled\)$/m)
    expect(r.stdout).toMatch(/✓ dir-writable:sink-file\s+.*writable/)
    const json = JSON.parse((await run(['status', '--url', daemon.url, '--json'])).stdout) as {
      records: Record<string, number>
      health: Array<{ name: string; ok: boolean }>
    }
    expect(json.records.error).toBe(2)
    expect(json.health.map((h) => h.name)).toContain('disk-free:sink-file')
  })
})
