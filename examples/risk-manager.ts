/**
 * `npm run demo`: a simulated risk-manager daemon (the seeds' main job). It watches a few trading
 * accounts, closes positions that breach loss limits, locks accounts out, audits admin actions and
 * reports broker errors — with API keys and webhook URLs in some fields, which never reach a file.
 *
 * Runs on an embedded config (below): redaction, JSON files per category in ./logs, and the
 * human console view. Ends by itself after DEMO_SECONDS (default 12), or on Ctrl+C.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createLogger, withCorrelation, type LogwardenConfig } from '../index.js'

const LOG_DIR = resolve(process.env.DEMO_LOG_DIR ?? './logs')
const SECONDS = Number(process.env.DEMO_SECONDS ?? 12)

const config: LogwardenConfig = {
  level: 'debug',
  categories: ['system', 'enforcement', 'error', 'audit', 'execution', 'risk'],
  plugins: [{ redact: { paths: ['broker.credentials', 'orders[*].card'] } }, { 'sink-file': { dir: LOG_DIR } }, { 'sink-console': { minLevel: 'info' } }],
}

const ACCOUNTS = [
  { id: 'ABC123', name: 'TopstepX Main', lossLimit: -200, dailyLimit: -500 },
  { id: 'XYZ789', name: 'Apex Eval', lossLimit: -150, dailyLimit: -400 },
  { id: 'QRS456', name: 'Personal', lossLimit: -300, dailyLimit: -900 },
]
const SYMBOLS = ['MNQ', 'ES', 'NQ', 'GC', 'CL']

/** A deterministic pseudo-random walk, so every demo run tells the same story. */
function prng(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
}

async function main(): Promise<void> {
  const log = await createLogger({ config })
  const stop = async (why: string) => {
    log.systemEvent('daemon_stopping', { reason: why })
    await log.close()
    summarize()
  }
  // a host's own SIGINT handler: logwarden then leaves the shutdown to us
  let stopping = false
  process.once('SIGINT', () => {
    stopping = true
  })

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

  const rand = prng(42)
  const pnl = new Map(ACCOUNTS.map((a) => [a.id, 0]))
  const locked = new Set<string>()
  const deadline = Date.now() + SECONDS * 1000
  let tick = 0
  while (Date.now() < deadline && !stopping) {
    tick++
    for (const account of ACCOUNTS) {
      if (locked.has(account.id)) continue
      const acct = log.child({ account_id: account.id })
      await withCorrelation(async () => {
        const symbol = SYMBOLS[Math.floor(rand() * SYMBOLS.length)]
        const qty = 1 + Math.floor(rand() * 3)
        const unrealized = Math.round((rand() - 0.62) * 260 * 100) / 100
        acct.category('risk').debug('Evaluating UnrealizedLoss rule', { symbol, qty, unrealized_pnl: unrealized, limit: account.lossLimit })
        acct
          .category('execution')
          .info('Order filled', { symbol, qty, price: 5000 + Math.round(rand() * 100), orders: [{ id: `o-${tick}`, card: '4111 1111 1111 1111' }] })
        if (unrealized < account.lossLimit) {
          acct.enforcement({
            account_id: account.id,
            rule: 'UnrealizedLoss',
            action: 'close_position',
            level: 'warn',
            message: `Position closed: ${symbol} ${qty} contracts reached ${unrealized} (limit ${account.lossLimit})`,
            details: { position: { symbol, quantity: qty }, unrealized_pnl: unrealized, limit: account.lossLimit, result: 'success' },
          })
          pnl.set(account.id, pnl.get(account.id)! + unrealized)
        }
        if (pnl.get(account.id)! < account.dailyLimit) {
          locked.add(account.id)
          acct.enforcement({
            account_id: account.id,
            rule: 'DailyRealizedLoss',
            action: 'lockout',
            event: 'lockout',
            level: 'critical',
            message: `ACCOUNT LOCKED OUT: realized ${pnl.get(account.id)} (limit ${account.dailyLimit})`,
            details: { realized_pnl: pnl.get(account.id), limit: account.dailyLimit, until: '17:00 CT' },
          })
        }
        if (rand() < 0.04) {
          const cause = new Error('socket hang up')
          acct.category('execution').error(new Error(`Close order rejected for ${symbol}`, { cause }), {
            order: { token: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.c2lnbmF0dXJl' },
          })
        }
      })
    }
    if (tick % 10 === 0) log.audit({ action: 'status_viewed', actor: 'trader-cli', details: { accounts: ACCOUNTS.length } })
    await new Promise((r) => setTimeout(r, 250))
  }
  await stop(stopping ? 'SIGINT' : 'demo finished')
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
