/**
 * The independent measurement of issue 9: an application that yields to its event loop every 1024
 * calls, logging through redact `apiKey` + one sink-file, compared with pino's standard file
 * transport doing the same (`pino-file-app`).
 */
import { defineCase } from '../case.js'
import { baseLogwardenPlugins, logwardenSubject } from '../subjects/logwarden.js'

export default defineCase({
  name: 'logwarden-app',
  order: 7,
  description: "logwarden, app yielding every 1024 calls: redact ['apiKey'] + sink-file",
  requires: ['redact', 'sink-file'],
  reference: 'pino-file-app',
  yieldEvery: 1024,
  targets: [
    { metric: 'main_cpu_ns', op: '<=', of: 'pino-file-app', factor: 0.6 },
    { metric: 'peak_rss_mb', op: '<=', of: 'pino-file-app', factor: 1.1 },
    { metric: 'ready_ms', op: '<=', value: 100 },
  ],
  setup: ({ dir }) => logwardenSubject(baseLogwardenPlugins(dir)),
})
