/** pino 10, redact ['apiKey'], its standard `pino/file` transport; the app yields every 1024 calls. */
import { defineCase } from '../case.js'
import { pinoFileSubject } from '../subjects/pino.js'

export default defineCase({
  name: 'pino-file-app',
  order: 8,
  description: "pino 10, app yielding every 1024 calls: redact ['apiKey'] + pino/file transport",
  reference: 'pino-file-app',
  yieldEvery: 1024,
  setup: ({ dir }) => pinoFileSubject(dir),
})
