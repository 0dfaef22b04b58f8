/** `log.event` with validateEvents: off — what validation costs, against logwarden-event. */
import { defineCase } from '../case.js'
import { baseLogwardenPlugins } from '../subjects/logwarden.js'
import { logwardenEventSubject } from '../subjects/logwarden-event.js'

export default defineCase({
  name: 'logwarden-event-off',
  order: 13,
  description: 'logwarden-event with validateEvents: off (level, message template, no field checks)',
  requires: ['redact', 'sink-file'],
  reference: 'logwarden',
  setup: ({ dir }) => logwardenEventSubject(baseLogwardenPlugins(dir), 'off'),
})
