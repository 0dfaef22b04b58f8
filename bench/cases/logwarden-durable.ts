/**
 * logwarden's configuration, records in `audit`, a durable category (the default `durable:
 * { sync: 'write' }`): each call also appends the line to the journal with writeSync before it
 * returns. Reference: pino writing synchronously (`pino-sync`), the other logger whose records
 * survive a SIGKILL right after the call.
 */
import { defineCase } from '../case.js'
import { baseLogwardenPlugins, logwardenSubject } from '../subjects/logwarden.js'

export default defineCase({
  name: 'logwarden-durable',
  order: 9,
  description: "logwarden, records in the durable `audit` category (journal written on the caller's thread)",
  requires: ['redact', 'sink-file'],
  reference: 'pino-sync',
  targets: [
    { metric: 'call_ns', op: '<=', of: 'pino-sync' },
    { metric: 'main_cpu_ns', op: '<=', of: 'pino-sync' },
  ],
  setup: ({ dir }) => logwardenSubject(baseLogwardenPlugins(dir), undefined, 'audit'),
})
