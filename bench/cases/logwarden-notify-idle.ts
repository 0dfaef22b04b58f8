/**
 * The alerts issue: "logging throughput does not drop with a notifier configured but idle".
 * notify-discord points at a loopback server and routes only critical records, so the benchmark's
 * info records never make an alert; the case fails if the server is called anyway.
 */
import { defineCase } from '../case.js'
import { baseLogwardenPlugins, logwardenSubject } from '../subjects/logwarden.js'
import { startIdleServer } from '../subjects/idle-server.js'

export default defineCase({
  name: 'logwarden-notify-idle',
  order: 20,
  description: 'logwarden + notify-discord (loopback API, routes: critical only; idle)',
  requires: ['redact', 'sink-file', 'notify-discord'],
  optional: true,
  targets: [
    { metric: 'records_per_s', op: '>=', of: 'logwarden', factor: 0.9 },
    { metric: 'main_cpu_ns', op: '<=', of: 'logwarden', factor: 1.1 },
  ],
  async setup({ dir }) {
    const server = await startIdleServer()
    const notifier = {
      'notify-discord': {
        // a well-formed webhook URL; apiBaseUrl sends its requests to the loopback server instead
        webhookUrl: 'https://discord.com/api/webhooks/1234567890/bench-token',
        apiBaseUrl: server.url,
        routes: [{ minLevel: 'critical' }],
        spool: { dir: `${dir}/spool` },
      },
    }
    return logwardenSubject([...baseLogwardenPlugins(dir), notifier], async () => {
      await server.close()
      if (server.requests > 0) throw new Error(`the notifier was not idle: the API server got ${server.requests} request(s)`)
    })
  },
})
