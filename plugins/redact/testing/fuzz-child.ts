/**
 * The fuzz test's child process: a real logger (redaction by default, as a config that forgets it
 * gets) with sink-file, sink-console on stdout and stderr, and notifiers pointed at the parent's
 * loopback Discord and Telegram stand-ins; logs N generated records planting secrets of every
 * family in every container, then closes. Prints `planted <n> {family: n}` on stderr at the end (secrets generated, some in records below the level).
 *
 *   node fuzz-child.js <dir> <records> <seed> <discordUrl> <discordApi> <telegramToken> <telegramApi>
 */
import { createLogger, type Logger } from '../../../core/index.js'
import { prng, secrets } from './secrets.js'

// short stacks keep the output (and the run) small; each stack is still written and searched
Error.stackTraceLimit = 3
const [dir, count, seed, webhookUrl, discordApi, botToken, telegramApi] = process.argv.slice(2)
const N = Number(count)
const rand = prng(Number(seed))
const s = secrets(rand)
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]
let planted = 0
const families = new Map<string, number>()

function secretText(): string {
  planted++
  const t = s.text()
  families.set(s.family(), (families.get(s.family()) ?? 0) + 1)
  return pick([t, `call failed: ${t} (retrying)`, `${t}`, `x=${Math.floor(rand() * 100)} ${t} end`])
}

/** A value holding one planted secret at a random depth (0–7) inside random containers. */
function container(depth: number): unknown {
  if (depth === 0) {
    const r = rand()
    if (r < 0.15) {
      planted++
      const [k, v] = s.keyed()
      return { [k]: v }
    }
    if (r < 0.25) return Buffer.from(secretText())
    if (r < 0.4) {
      const e = new Error(secretText())
      return rand() < 0.5 ? e : new Error('outer failure', { cause: e })
    }
    return secretText()
  }
  const inner = container(depth - 1)
  switch (Math.floor(rand() * 6)) {
    case 0:
      return { level: depth, note: 'ok', inner }
    case 1:
      return [1, 'two', inner]
    case 2:
      return new Map<unknown, unknown>([
        ['a', 1],
        ['inner', inner],
      ])
    case 3:
      return new Set(['x', inner])
    case 4:
      return new Error('wrapper', { cause: inner })
    default:
      return { list: [{ deep: inner }] }
  }
}

const log = await createLogger({
  config: {
    // a loaded CI machine must not turn a slow flush into a failure: this test is about content
    exit: { handleSignals: false, timeoutMs: 60_000 },
    flushTimeoutMs: 120_000,
    queue: { maxRecords: 1_000_000, overflow: 'block' },
    plugins: [
      { 'sink-file': { dir } },
      { 'sink-console': { name: 'out', stream: 'stdout', minLevel: 'trace' } },
      { 'sink-console': { name: 'err', stream: 'stderr', minLevel: 'warn' } },
      { 'notify-discord': { webhookUrl, apiBaseUrl: discordApi, spool: { dir: `${dir}/spool-discord` }, aggregate: { windowMs: 0 } } },
      { 'notify-telegram': { botToken, chatId: '-1001234567890', apiBaseUrl: telegramApi, spool: { dir: `${dir}/spool-telegram` } } },
    ],
  },
})

const levels = ['debug', 'info', 'info', 'warn', 'error', 'critical'] as const
for (let i = 0; i < N; i++) {
  let target: Logger = log
  // child bindings, sometimes holding the secret
  if (rand() < 0.1) target = log.child({ request: container(Math.floor(rand() * 3)) })
  const depth = Math.floor(rand() * 8)
  const level = i % 50 === 0 ? pick(levels.slice(3)) : pick(levels.slice(0, 3))
  switch (Math.floor(rand() * 6)) {
    case 0:
      target[level](secretText(), { i })
      break
    case 1:
      target[level](`record ${i}`, { i, payload: container(depth) })
      break
    case 2:
      target[level](new Error(secretText(), { cause: container(depth) }))
      break
    case 3:
      target[level](`event ${i}`, { event: secretText(), i })
      break
    case 4:
      target.enforcement({ level, account_id: 'ABC123', rule: 'UnrealizedLoss', action: 'close_position', details: { payload: container(depth) } })
      break
    default:
      target.systemEvent(secretText(), { level, i, data: container(depth) })
  }
  // let the event loop run the lanes now and then (a daemon logs between awaits)
  if (i % 2000 === 0) await new Promise((r) => setImmediate(r))
}
await log.flush()
await log.close()
process.stderr.write(`\nplanted ${planted} ${JSON.stringify(Object.fromEntries(families))}\n`)
