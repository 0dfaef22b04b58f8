/** logwarden as the spec configures it: redact `apiKey`, sink-file, the default worker pool. */
import { defineCase } from '../case.js'
import { baseLogwardenPlugins, logwardenSubject } from '../subjects/logwarden.js'

export default defineCase({
  name: 'logwarden',
  order: 1,
  description: "logwarden: redact ['apiKey'] + sink-file, default pool",
  requires: ['redact', 'sink-file'],
  targets: [
    { metric: 'main_cpu_ns', op: '<=', of: 'pino' },
    { metric: 'records_per_s', op: '>=', of: 'pino' },
  ],
  setup: ({ dir }) => logwardenSubject(baseLogwardenPlugins(dir)),
})
