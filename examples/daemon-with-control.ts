/**
 * A daemon you can watch and steer with the `logwarden` CLI: JSON files per category, the control
 * API on 127.0.0.1:5555 and HMAC login (the secrets come from the environment, never the config).
 *
 *   export LOGWARDEN_ADMIN_SECRET="$(openssl rand -hex 32)" LOGWARDEN_READ_SECRET="$(openssl rand -hex 32)"
 *   npm run build && node dist/examples/daemon-with-control.js
 *   # in another terminal:
 *   LOGWARDEN_SECRET="$LOGWARDEN_READ_SECRET" logwarden login
 *   logwarden tail --category enforcement        # live
 *   logwarden recent                              # the trader view
 *   LOGWARDEN_SECRET="$LOGWARDEN_ADMIN_SECRET" logwarden login --role admin
 *   logwarden admin level debug
 *   logwarden admin stop                          # flushes, then this process exits 0
 *
 * Environment: LOG_DIR (default ./logs), CONTROL_PORT (default 5555; 0 = any free port).
 */
import { resolve } from 'node:path'
import { createLogger, type LogwardenConfig } from '../index.js'
import { controlUrl } from '../plugins/control/index.js'

const config: LogwardenConfig = {
  level: 'info',
  plugins: [
    'redact',
    { 'sink-file': { dir: resolve(process.env.LOG_DIR ?? './logs') } },
    // listed before control, as a remote (allowRemote) control API would require
    { 'auth-hmac': { secrets: { admin: { env: 'LOGWARDEN_ADMIN_SECRET' }, read: { env: 'LOGWARDEN_READ_SECRET' } } } },
    { control: { port: Number(process.env.CONTROL_PORT ?? 5555) } },
  ],
}

const log = await createLogger({ config })
console.log(`control API at ${controlUrl(log.pipeline)} (pid ${process.pid}); stop with: logwarden admin stop`)
log.systemEvent('daemon_started', { pid: process.pid })

// a trading day in fast motion: fills, and now and then a rule that closes a position
const accounts = ['ABC123', 'XYZ789']
let tick = 0
setInterval(() => {
  tick++
  const account_id = accounts[tick % accounts.length]!
  log.category('system').info('Order filled', { account_id, symbol: 'MNQ', qty: 1 + (tick % 3) })
  if (tick % 4 === 0) {
    log.enforcement({
      account_id,
      rule: 'UnrealizedLoss',
      action: 'close_position',
      message: `Position closed: MNQ 2 contracts reached -210 (limit -200)`,
      details: { position: { symbol: 'MNQ', quantity: 2 }, unrealized_pnl: -210, limit: -200, result: 'success' },
    })
  }
}, 250)
