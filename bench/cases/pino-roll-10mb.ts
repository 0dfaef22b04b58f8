/** pino with pino-roll rolling at 10 MB: the reference for logwarden-rotate. */
import { defineCase } from '../case.js'
import { pinoSubject } from '../subjects/pino.js'

export default defineCase({
  name: 'pino-roll-10mb',
  order: 11,
  description: "pino 10: redact ['apiKey'] + pino-roll { size: '10m' }",
  // only a reference for logwarden-rotate: run when that case can run
  requires: ['rotate'],
  optional: true,
  setup: ({ dir }) => pinoSubject(dir, { size: '10m' }),
})
