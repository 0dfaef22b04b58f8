/** The metrics issue: logwarden with the metrics plugin (records counted per category and level, the event loop sampled), against logwarden without it. */
import { defineCase } from '../case.js'
import { baseLogwardenPlugins, logwardenSubject } from '../subjects/logwarden.js'

export default defineCase({
  name: 'logwarden-metrics',
  order: 13,
  description: 'logwarden + metrics (default options: own and process metrics, 1 s sampling, health checks every 30 s)',
  requires: ['redact', 'sink-file', 'metrics'],
  optional: true,
  targets: [{ metric: 'records_per_s', op: '>=', of: 'logwarden', factor: 0.95 }],
  setup: ({ dir }) => logwardenSubject([...baseLogwardenPlugins(dir), 'metrics']),
})
