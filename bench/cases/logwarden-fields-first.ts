/**
 * logwarden's `logwarden` case called the way pino is: `log.info(fields, message)`. Its ratios
 * are against pino, which the `pino` case calls the same way; `logwarden` is the same logger
 * called `log.info(message, fields)`, so the two rows side by side show what pino's call shape
 * costs over ours.
 */
import { defineCase } from '../case.js'
import { baseLogwardenPlugins, logwardenSubject } from '../subjects/logwarden.js'

export default defineCase({
  name: 'logwarden-fields-first',
  order: 1.5,
  description: "logwarden as `logwarden`, called pino's way: log.info(fields, message)",
  requires: ['redact', 'sink-file'],
  targets: [
    { metric: 'main_cpu_ns', op: '<=', of: 'pino' },
    { metric: 'records_per_s', op: '>=', of: 'logwarden', factor: 0.95 },
  ],
  setup: async ({ dir }) => {
    const subject = await logwardenSubject(baseLogwardenPlugins(dir))
    const log = subject.logger
    return { ...subject, log: (message, fields) => log.info(fields, message) }
  },
})
