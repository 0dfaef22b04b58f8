/**
 * notify-alertmanager against a real Alertmanager (Debian's prometheus-alertmanager, started here on
 * loopback with a private config) and a webhook receiver served by the test. Needs `npm run build`.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger, type Logger } from 'logwarden'
import { tempDir } from '../../test/helpers/sinks.js'
import { waitFor } from '../notify-common/testing/harness.js'
import { freePort, startAlertmanager, WebhookReceiver, type Alertmanager } from './testing/alertmanager.js'

const DAEMON = fileURLToPath(new URL('../../dist/plugins/notify-alertmanager/testing/daemon.js', import.meta.url))

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function receiverAnd(port?: number): Promise<{ receiver: WebhookReceiver; am: Alertmanager }> {
  const receiver = await new WebhookReceiver().listen()
  cleanups.push(() => receiver.close())
  const am = await startAlertmanager({ receiverUrl: receiver.url, ...(port ? { port } : {}) })
  cleanups.push(() => am.stop())
  return { receiver, am }
}

function pluginOptions(url: string, spoolDir: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    url,
    staticLabels: { service: 'risk-manager', env: 'test' },
    spool: { dir: spoolDir },
    retry: { tries: 2, baseDelayMs: 50, maxDelayMs: 200 },
    breaker: { failures: 3, openMs: 200, maxOpenMs: 500 },
    ...extra,
  }
}

async function logger(url: string, extra: Record<string, unknown> = {}): Promise<Logger> {
  const t = tempDir('lw-am-')
  cleanups.push(t.cleanup)
  const log = await createLogger({ config: { level: 'info', plugins: [{ 'notify-alertmanager': pluginOptions(url, join(t.dir, 'spool'), extra) }] } })
  cleanups.push(() => log.close())
  return log
}

const ENFORCEMENT = {
  level: 'critical' as const,
  account_id: 'ABC123',
  rule: 'UnrealizedLoss',
  action: 'close_position',
  message: 'Closed MNQ: unrealized loss over the limit',
  details: { position: { symbol: 'MNQ', quantity: 2, entry_price: 5042.5 }, unrealized_pnl: -210, limit: -200 },
}

function runDaemon(config: Record<string, unknown>, lines: unknown[]): Promise<number | null> {
  const child = spawn(process.execPath, [DAEMON, JSON.stringify(config), JSON.stringify(lines)], { stdio: ['ignore', 'ignore', 'inherit'] })
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}

describe('notify-alertmanager with a real Alertmanager', () => {
  it('two daemon processes log the same enforcement: one alert at the receiver, with its labels and annotations', async () => {
    const { receiver, am } = await receiverAnd()
    const t = tempDir('lw-am-daemons-')
    cleanups.push(t.cleanup)
    const line = { category: 'enforcement', level: 'critical', message: ENFORCEMENT.message, fields: { ...ENFORCEMENT, event: 'close_position' } }
    delete (line.fields as Record<string, unknown>).level
    delete (line.fields as Record<string, unknown>).message
    const configFor = (n: number) => ({ level: 'info', plugins: [{ 'notify-alertmanager': pluginOptions(am.url, join(t.dir, `spool-${n}`)) }] })
    const codes = await Promise.all([runDaemon(configFor(1), [line]), runDaemon(configFor(2), [line])])
    expect(codes).toEqual([0, 0])

    await waitFor(() => receiver.messages.length >= 1, 10_000, 'the webhook notification')
    // both processes' posts are in; Alertmanager has had two group intervals to send a second one
    await new Promise((r) => setTimeout(r, 1500))
    expect(receiver.messages).toHaveLength(1)
    const [alert] = receiver.messages[0].alerts
    expect(receiver.messages[0].alerts).toHaveLength(1)
    expect(alert.status).toBe('firing')
    expect(alert.labels).toEqual({
      alertname: 'close_position',
      severity: 'critical',
      category: 'enforcement',
      account_id: 'ABC123',
      rule: 'UnrealizedLoss',
      service: 'risk-manager',
      env: 'test',
    })
    expect(alert.annotations.summary).toBe(ENFORCEMENT.message)
    expect(alert.annotations.description).toContain('Account: ABC123')
    expect(alert.annotations.description).toContain('Position: MNQ 2 contracts @ 5042.50')
    expect(alert.annotations.description).toContain('Unrealized PnL: -$210.00')
    expect((await am.alerts()).filter((a) => a.labels.alertname === 'close_position')).toHaveLength(1)
  })

  it('an alert logged while Alertmanager is down arrives once it starts', async () => {
    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    const log = await logger(url)
    log.enforcement({ ...ENFORCEMENT, account_id: 'DOWN1' })
    // a few refused connections, then the breaker holds the alert in the spool
    await new Promise((r) => setTimeout(r, 500))
    await log.flush()
    expect(log.stats().lanes.find((l) => l.name === 'notify-alertmanager')!.counters.retried).toBeGreaterThanOrEqual(1)
    const { receiver } = await receiverAnd(port)
    await waitFor(() => receiver.messages.some((m) => m.alerts.some((a) => a.labels.account_id === 'DOWN1')), 15_000, 'the spooled alert')
    // the worker's counters reach the host with its next answer
    await log.flush()
    expect(log.stats().lanes.find((l) => l.name === 'notify-alertmanager')!.counters.sent).toBe(1)
  })

  it('a resolving record sends endsAt: the receiver gets the alert firing, then resolved', async () => {
    const { receiver, am } = await receiverAnd()
    const log = await logger(am.url, { resolve: [{ firing: 'feed_down', resolvedBy: 'feed_up' }], labelFields: ['account_id', 'feed'] })
    log.category('system').error('market data feed down', { event: 'feed_down', feed: 'CME' })
    await waitFor(() => receiver.messages.some((m) => m.status === 'firing' && m.alerts[0].labels.alertname === 'feed_down'), 10_000, 'firing')
    // another feed's recovery resolves nothing
    log.category('system').info('feed up', { event: 'feed_up', feed: 'ICE' })
    log.category('system').info('market data feed up', { event: 'feed_up', feed: 'CME' })
    await waitFor(() => receiver.messages.some((m) => m.status === 'resolved'), 10_000, 'resolved')
    await log.flush()
    const resolved = receiver.messages.find((m) => m.status === 'resolved')!.alerts[0]
    expect(resolved.labels).toMatchObject({ alertname: 'feed_down', feed: 'CME', severity: 'error' })
    expect(Date.parse(resolved.endsAt)).toBeGreaterThan(Date.parse(resolved.startsAt))
    const lane = log.stats().lanes.find((l) => l.name === 'notify-alertmanager')!
    expect(lane.counters.resolved).toBe(1)
    expect(lane.counters.sent).toBe(2)
  })

  it('a silence created through the Alertmanager API suppresses the alert', async () => {
    const { receiver, am } = await receiverAnd()
    await am.silence({ alertname: 'close_position', account_id: 'SILENT1' })
    const log = await logger(am.url)
    log.enforcement({ ...ENFORCEMENT, account_id: 'SILENT1' })
    log.enforcement({ ...ENFORCEMENT, account_id: 'LOUD1' })
    await waitFor(() => receiver.messages.some((m) => m.alerts.some((a) => a.labels.account_id === 'LOUD1')), 10_000, 'the unsilenced alert')
    await new Promise((r) => setTimeout(r, 1000))
    expect(receiver.messages.flatMap((m) => m.alerts).some((a) => a.labels.account_id === 'SILENT1')).toBe(false)
    // it did reach Alertmanager, which holds it as suppressed
    const held = (await am.alerts()).find((a) => a.labels.account_id === 'SILENT1')
    expect(held?.status.state).toBe('suppressed')
    expect(held?.status.silencedBy).toHaveLength(1)
  })
})
