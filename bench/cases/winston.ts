/** winston 3 with its File transport. */
import { defineCase } from '../case.js'
import { winstonSubject } from '../subjects/winston.js'

export default defineCase({
  name: 'winston',
  order: 3,
  description: 'winston 3: timestamp + json format, File transport',
  setup: ({ dir }) => winstonSubject(dir),
})
