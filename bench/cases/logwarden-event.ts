/** Typed events: `log.event` of the benchmark record, validated, against `log.info` of the same fields. */
import { defineCase } from '../case.js'
import { baseLogwardenPlugins } from '../subjects/logwarden.js'
import { logwardenEventSubject } from '../subjects/logwarden-event.js'

export default defineCase({
  name: 'logwarden-event',
  order: 12,
  description: "logwarden's configuration, each record a declared event: log.event('position_closed', fields), validateEvents: on",
  requires: ['redact', 'sink-file'],
  reference: 'logwarden',
  targets: [{ metric: 'main_cpu_ns', op: '<=', of: 'logwarden', factor: 1.15 }],
  setup: ({ dir }) => logwardenEventSubject(baseLogwardenPlugins(dir), 'on'),
})
