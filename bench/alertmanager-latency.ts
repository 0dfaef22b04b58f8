/**
 * Alert latency log → Alertmanager → receiver: a real Alertmanager (Debian's
 * prometheus-alertmanager, private, on loopback, `group_wait: 0s`) routing to a webhook receiver
 * served here. Each alert has its own account, hence its own group, so Alertmanager notifies at once.
 *
 *   npm run build && node dist/bench/alertmanager-latency.js    # N=100 (AM_N) sequential alerts
 *
 * Prints p50/p90/p99/max of: log call → Alertmanager holds the alert (its API lists it), and
 * log call → the webhook notification arrives. Group timers decide most of the second in real
 * setups (group_wait is 30 s by default); this measures the rest.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '../core/index.js'
import { startAlertmanager, WebhookReceiver } from '../plugins/notify-alertmanager/testing/alertmanager.js'

const N = Number(process.env.AM_N ?? 100)

const receiver = await new WebhookReceiver().listen()
const am = await startAlertmanager({ receiverUrl: receiver.url, groupWait: '0s' })
const dir = mkdtempSync(join(tmpdir(), 'lw-am-bench-'))
const log = await createLogger({
  config: { level: 'info', plugins: [{ 'notify-alertmanager': { url: am.url, spool: { dir: join(dir, 'spool') } } }] },
})
const enforcement = log.category('enforcement')
const atAm: number[] = []
const atReceiver: number[] = []
const has = (id: string) => receiver.messages.some((m) => m.alerts.some((a) => a.labels.account_id === id))

try {
  for (let i = -3; i < N; i++) {
    const id = `LAT${i}`
    const start = performance.now()
    enforcement.warn('latency probe', { event: 'latency_probe', account_id: id })
    let inAm = 0
    while (!has(id)) {
      if (!inAm && (await am.alerts()).some((a) => a.labels.account_id === id)) inAm = performance.now()
      await new Promise((r) => setTimeout(r, 1))
    }
    const arrived = receiver.messages.find((m) => m.alerts.some((a) => a.labels.account_id === id))!.receivedAt
    if (i < 0) continue // warm-up: worker start, keep-alive connections
    atAm.push((inAm || arrived) - start)
    atReceiver.push(arrived - start)
  }
} finally {
  await log.close()
  await am.stop()
  await receiver.close()
  rmSync(dir, { recursive: true, force: true })
}

const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]
for (const [name, xs] of [
  ['log → Alertmanager', atAm],
  ['log → receiver', atReceiver],
] as const) {
  process.stdout.write(
    `${name.padEnd(20)} p50 ${q(xs, 0.5).toFixed(1)} ms  p90 ${q(xs, 0.9).toFixed(1)} ms  p99 ${q(xs, 0.99).toFixed(1)} ms  max ${Math.max(...xs).toFixed(1)} ms  (N=${xs.length})\n`,
  )
}
