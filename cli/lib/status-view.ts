/** /status as readable tables. */
import type { ChannelStatus, StatusBody } from '../../lib/control-api/index.js'
import { sanitize, type Colors } from '../../lib/human/index.js'
import { bytes, duration, table } from './table.js'
import { renderStatusExtras } from './metrics-view.js'

export function renderStatus(s: StatusBody, c: Colors): string {
  const ok = s.status === 'ok' ? c.green('OK') : c.yellow('DEGRADED')
  const out: string[] = [
    `${c.bold(`logwarden ${s.version}`)} — pid ${s.pid}, up ${duration(s.uptimeS)}, level ${c.bold(s.level)} — ${ok}`,
    `plugins: ${s.plugins.join(', ') || '(none)'}`,
    '',
  ]
  out.push(c.bold('SINKS'))
  out.push(
    s.sinks.length === 0
      ? '  (none)'
      : table(
          ['name', 'kind', 'queued', 'in flight', 'written', 'dropped', 'failed', 'restarts', 'last error'],
          s.sinks.map((l) => [
            l.name,
            l.kind,
            String(l.queued),
            String(l.inFlight),
            String(l.written),
            l.dropped ? c.yellow(String(l.dropped)) : '0',
            l.failed ? c.red(String(l.failed)) : '0',
            String(l.restarts),
            l.lastError ? c.red(l.lastError) : '-',
          ]),
          '  ',
        ),
  )
  out.push('', c.bold('NOTIFIERS'))
  if (s.notifiers.length === 0) out.push('  (none)')
  else {
    out.push(
      table(
        ['name', 'kind', 'sent', 'failed', 'spooled', 'queued', 'last error'],
        s.notifiers.map((n) => [
          n.name,
          n.kind,
          String(n.sent),
          n.notifyFailed ? c.red(String(n.notifyFailed)) : '0',
          String(n.spooled),
          String(n.queued + n.inFlight),
          // the sink's own, else the newest of its channels' delivery failures
          n.lastError ? c.red(n.lastError) : newestChannelError(n.channels) ? c.red(newestChannelError(n.channels)!) : '-',
        ]),
        '  ',
      ),
    )
    for (const n of s.notifiers) {
      for (const ch of n.channels) {
        const state = ch.disabled ? c.red('disabled') : ch.breaker === 'open' ? c.red('failing') : c.green('ok')
        out.push(
          `    ${n.name}/${ch.name}: ${state}, sent ${ch.counters.sent ?? 0}, failed ${ch.counters.failed ?? 0}, spooled ${ch.counters.spooled ?? 0}, backlog ${ch.backlog ?? 0}${ch.lastError ? `, last error ${c.red(sanitize(ch.lastError.message))} at ${ch.lastError.at}` : ''}`,
        )
      }
    }
  }
  out.push('', c.bold('LOG FILES'))
  out.push(
    s.logs.length === 0
      ? '  (no file sink)'
      : table(
          ['sink', 'dir', 'files', 'size', 'free disk'],
          s.logs.map((l) => [l.sink, l.dir, String(l.files.length), bytes(l.totalBytes), bytes(l.freeBytes)]),
          '  ',
        ),
  )
  for (const l of s.logs) {
    for (const f of l.files) out.push(`    ${f.name.padEnd(40)} ${bytes(f.bytes)}`)
  }
  out.push('', c.bold('CHECKS'))
  if (s.checks.length === 0) out.push('  (none)')
  for (const ch of s.checks) out.push(`  ${ch.ok ? c.green('✓') : c.red('✗')} ${ch.name.padEnd(36)} ${ch.detail}`)
  out.push(...renderStatusExtras(s, c))
  out.push('', c.bold('CONTROL API'))
  const k = s.control
  out.push(
    `  ${k.url}: ${k.requests} request(s), ${k.rateLimited} rate-limited, ${k.authFailures} auth failure(s), ${k.adminActions} admin action(s), ${k.tailClients} live tail(s)`,
  )
  return out.join('\n')
}

/** The message of the newest channel failure, escaped for the terminal. */
function newestChannelError(channels: ChannelStatus[]): string | undefined {
  let newest: ChannelStatus['lastError']
  for (const ch of channels) if (ch.lastError && (!newest || ch.lastError.at > newest.at)) newest = ch.lastError
  return newest ? sanitize(newest.message) : undefined
}
