/** pino 10, redact ['apiKey'], `pino.destination({ sync: true })`: the reference for `logwarden-durable`. */
import { defineCase } from '../case.js'
import { pinoSyncSubject } from '../subjects/pino.js'

export default defineCase({
  name: 'pino-sync',
  order: 10,
  description: "pino 10: redact ['apiKey'] + pino.destination({ sync: true })",
  reference: 'pino-sync',
  setup: ({ dir }) => pinoSyncSubject(dir),
})
