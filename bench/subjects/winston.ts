/** winston 3 with its File transport (formatting and fs writes on the main thread). */
import { once } from 'node:events'
import { join } from 'node:path'
import winston from 'winston'
import type { Subject } from '../case.js'

export async function winstonSubject(dir: string): Promise<Subject> {
  const file = new winston.transports.File({ filename: join(dir, 'winston.log') })
  await once(file, 'open')
  const logger = winston.createLogger({
    level: 'info',
    // a timestamp, as the other two write one; json() is winston's default line format
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    transports: [file],
  })
  // 'logged' fires once a record went through the transport into its file stream
  let calls = 0
  let logged = 0
  let allLogged: (() => void) | undefined
  file.on('logged', () => {
    if (++logged === calls) allLogged?.()
  })
  return {
    log(message, fields) {
      calls++
      logger.info(message, fields)
    },
    async drain() {
      // Ending the logger while records still wait in its readable buffer (backpressure) ends the
      // transport under them ("write after end"), so first wait until the transport took every one
      if (logged < calls) await new Promise<void>((resolve) => (allLogged = resolve))
      // then end: the transport's _final waits for the file stream to finish writing
      const finished = once(file, 'finish')
      logger.end()
      await finished
    },
    async close() {},
  }
}
