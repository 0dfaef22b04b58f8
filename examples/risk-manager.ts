/**
 * `npm run demo`: a simulated risk-manager daemon (the seeds' main job). It watches a few trading
 * accounts, closes positions that breach loss limits, locks accounts out, audits admin actions and
 * reports broker errors — with API keys and webhook URLs in some fields, which never reach a file.
 *
 * Runs on an embedded config (below): redaction, JSON files per category in ./logs, the human
 * console view, and Discord alerts sent to a local stand-in server. The story — fills, a warning
 * as a position nears its limit, the position closed, an account locked out (the alert), a broker
 * error — takes about DEMO_SECONDS (default 8); then it prints the CLI commands to look at it.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, relative, resolve } from 'node:path'
import { createLogger, withCorrelation, type LogwardenConfig } from '../index.js'

const LOG_DIR = resolve(process.env.DEMO_LOG_DIR ?? './logs')
/** the whole story takes about this long (default 8 s; the demo ends well under 15 s) */
const SECONDS = Number(process.env.DEMO_SECONDS ?? 8)

const ACCOUNTS = [
  { id: 'ABC123', name: 'TopstepX Main', lossLimit: -200, dailyLimit: -500 },
  { id: 'XYZ789', name: 'Apex Eval', lossLimit: -150, dailyLimit: -400 },
]

/** Money as people read it: two decimals, never -458.44999999999993. */
const money = (n: number) => Math.round(n * 100) / 100

/**
 * A local stand-in for Discord: the demo's alerts go to this loopback server instead of a real
 * webhook, and the demo prints what arrived.
 */
async function startDiscordStandIn(): Promise<{ url: string; titles: string[]; close(): Promise<void> }> {
  const titles: string[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      try {
        const msg = JSON.parse(body) as { embeds?: Array<{ title?: string }> }
        for (const e of msg.embeds ?? []) if (e.title) titles.push(e.title)
      } catch {
        // not an alert: ignored
      }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"id":"1"}')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, titles, close: () => new Promise((r) => server.close(() => r())) }
}

async function main(): Promise<void> {
  const discord = await startDiscordStandIn()
  const config: LogwardenConfig = {
    level: 'debug',
    categories: ['system', 'enforcement', 'error', 'audit', 'execution', 'risk'],
    plugins: [
      { redact: { paths: ['broker.credentials', 'orders[*].card'] } },
      { 'sink-file': { dir: LOG_DIR } },
      { 'sink-console': { minLevel: 'info' } },
      {
        'notify-discord': {
          // a well-formed webhook URL; apiBaseUrl sends the requests to the local stand-in
          webhookUrl: 'https://discord.com/api/webhooks/1234567890/demo-token',
          apiBaseUrl: discord.url,
          routes: [{ minLevel: 'critical' }],
          spool: { enabled: false },
        },
      },
    ],
  }
  const log = await createLogger({ config })
  // a host's own SIGINT handler: logwarden then leaves the shutdown to us
  let stopping = false
  process.once('SIGINT', () => {
    stopping = true
  })
  const steps: Array<() => void> = []
  const step = (f: () => void) => steps.push(f)

  log.systemEvent('daemon_started', { pid: process.pid, accounts: ACCOUNTS.map((a) => a.id), version: '0.1.0' })
  log.category('system').info('Connecting to broker', {
    broker: { name: 'TopstepX', url: 'wss://rtc.example-broker.test/hub', credentials: { user: 'svc-risk', apiKey: 'sk-live-9f8e7d6c5b4a39281706' } },
    apiKey: 'sk-live-9f8e7d6c5b4a39281706',
  })
  log.audit({
    action: 'notifications_configured',
    actor: 'admin',
    details: { discord: { webhookUrl: 'https://discord.com/api/webhooks/123456789012345678/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcdefghijklmnopqrstuv' } },
  })

  const [abc, xyz] = ACCOUNTS as [(typeof ACCOUNTS)[0], (typeof ACCOUNTS)[0]]
  const fill = (account: string, symbol: string, qty: number, price: number) =>
    log
      .child({ account_id: account })
      .category('execution')
      .info('Order filled', { symbol, qty, price, orders: [{ id: `o-${account}-${price}`, card: '4111 1111 1111 1111' }] })
  let xyzRealized = 0

  // 1. a few fills
  step(() => fill(abc.id, 'MNQ', 2, 21_450.25))
  step(() => fill(xyz.id, 'ES', 1, 6_012.5))
  // 2. a position drifting towards its limit: a warning before anything is done
  step(() => {
    log.child({ account_id: abc.id }).category('risk').warn('Approaching UnrealizedLoss limit: MNQ 2 contracts at -170.5 (85% of -200)', {
      event: 'limit_approaching',
      rule: 'UnrealizedLoss',
      unrealized_pnl: -170.5,
      limit: abc.lossLimit,
    })
  })
  // 3. the limit reached: the position is closed
  step(() =>
    log.child({ account_id: abc.id }).enforcement({
      account_id: abc.id,
      rule: 'UnrealizedLoss',
      action: 'close_position',
      level: 'warn',
      message: `Position closed: MNQ 2 contracts reached -210.5 (limit ${abc.lossLimit})`,
      details: { position: { symbol: 'MNQ', quantity: 2 }, unrealized_pnl: -210.5, limit: abc.lossLimit, result: 'success' },
    }),
  )
  // 4. another account loses twice, then is locked out for the day (an alert to the Discord stand-in)
  for (const loss of [-160.15, -128.2]) {
    step(() => fill(xyz.id, 'ES', 1, 6_001.25))
    step(() => {
      xyzRealized = money(xyzRealized + loss)
      log.child({ account_id: xyz.id }).enforcement({
        account_id: xyz.id,
        rule: 'UnrealizedLoss',
        action: 'close_position',
        level: 'warn',
        message: `Position closed: ES 1 contract reached ${loss} (limit ${xyz.lossLimit})`,
        details: { position: { symbol: 'ES', quantity: 1 }, unrealized_pnl: loss, limit: xyz.lossLimit, realized_today: xyzRealized, result: 'success' },
      })
    })
  }
  step(() =>
    log.child({ account_id: xyz.id }).category('risk').warn(`Approaching daily loss limit: realized ${xyzRealized} (limit ${xyz.dailyLimit})`, {
      event: 'limit_approaching',
      rule: 'DailyRealizedLoss',
      realized_pnl: xyzRealized,
      limit: xyz.dailyLimit,
    }),
  )
  step(() => {
    xyzRealized = money(xyzRealized - 124.1)
    log.child({ account_id: xyz.id }).enforcement({
      account_id: xyz.id,
      rule: 'DailyRealizedLoss',
      action: 'lockout',
      event: 'lockout',
      level: 'critical',
      message: `ACCOUNT LOCKED OUT: realized ${xyzRealized} (limit ${xyz.dailyLimit})`,
      details: { realized_pnl: xyzRealized, limit: xyz.dailyLimit, until: '17:00 CT' },
    })
  })
  // 5. a broker error, with its cause and a token that never reaches a file
  step(() => {
    const cause = new Error('socket hang up')
    log
      .child({ account_id: abc.id })
      .category('execution')
      .error(new Error('Close order rejected for NQ', { cause }), { order: { token: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.c2lnbmF0dXJl' } })
  })
  step(() => log.audit({ action: 'status_viewed', actor: 'trader-cli', details: { accounts: ACCOUNTS.length } }))

  const pause = Math.max(50, Math.min(800, (SECONDS * 1000) / steps.length))
  for (const run of steps) {
    if (stopping) break
    await withCorrelation(async () => run())
    await new Promise((r) => setTimeout(r, pause))
  }
  // the alert is sent from a worker: give it a moment to arrive
  const until = Date.now() + 3000
  while (discord.titles.length === 0 && Date.now() < until && !stopping) await new Promise((r) => setTimeout(r, 50))
  log.systemEvent('daemon_stopping', { reason: stopping ? 'SIGINT' : 'demo finished' })
  await log.close()
  await discord.close()
  console.log(`\nalerts received by the local Discord stand-in: ${discord.titles.length ? discord.titles.map((t) => `"${t}"`).join(', ') : '(none)'}`)
  summarize()
  const dir = relative(process.cwd(), LOG_DIR) || '.'
  console.log(`\nlook at what happened:
  npx logwarden recent --dir ${dir}                       # the enforcement actions, in plain language
  npx logwarden query --dir ${dir} --level warn           # every warning and above, across categories
  npx logwarden query --dir ${dir} -c enforcement -w account_id=${xyz.id} -o json-pretty   # one account, as JSON`)
}

/** After the run: what landed where, and proof that no secret did. */
function summarize(): void {
  const secrets = ['sk-live-9f8e7d6c5b4a39281706', 'AbCdEfGhIjKlMnOpQrStUvWxYz', '4111 1111 1111 1111', 'eyJzdWIiOiJkZW1vIn0']
  console.log(`\nlogwarden demo: files in ${LOG_DIR}`)
  let leaks = 0
  for (const file of readdirSync(LOG_DIR)
    .filter((f) => f.endsWith('.log'))
    .sort()) {
    const text = readFileSync(join(LOG_DIR, file), 'utf8')
    const found = secrets.filter((s) => text.includes(s))
    leaks += found.length
    console.log(
      `  ${file.padEnd(18)} ${String(text.split('\n').filter(Boolean).length).padStart(5)} records${found.length ? `  LEAKED: ${found.join(', ')}` : ''}`,
    )
  }
  console.log(leaks === 0 ? '  no secret reached a file (redacted)' : `  ${leaks} secret(s) leaked`)
  if (leaks > 0) process.exitCode = 1
}

await main()
