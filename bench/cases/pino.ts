/** pino 10, redact ['apiKey'], pino-roll transport without a size limit: the reference case. */
import { defineCase } from '../case.js'
import { pinoSubject } from '../subjects/pino.js'

export default defineCase({
  name: 'pino',
  order: 2,
  description: "pino 10: redact ['apiKey'] + pino-roll transport",
  setup: ({ dir }) => pinoSubject(dir),
})
