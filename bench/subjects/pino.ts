/** pino 10 with redaction and the pino-roll transport (a worker thread writing with SonicBoom). */
import { once } from 'node:events'
import { join } from 'node:path'
import pino from 'pino'
import type { Subject } from '../case.js'

/** Options of pino-roll that the cases use (the package ships no types). */
export interface PinoRollOptions {
  size?: string | number
  frequency?: string | number
  limit?: { count: number }
}

export async function pinoSubject(dir: string, roll: PinoRollOptions = {}): Promise<Subject> {
  const transport = pino.transport({
    target: 'pino-roll',
    options: { file: join(dir, 'pino'), extension: '.log', mkdir: true, ...roll },
  })
  // like createLogger() for logwarden: the destination is up before the first record
  await once(transport, 'ready')
  const logger = pino({ redact: ['apiKey'] }, transport)
  const flush = () => new Promise<void>((resolve, reject) => logger.flush((err?: Error) => (err ? reject(err) : resolve())))
  return {
    log: (message, fields) => logger.info(fields, message),
    flush,
    async drain() {
      // hand everything to the worker, then end the transport: SonicBoom flushes and closes the
      // file before the worker exits, and 'close' follows the worker's exit
      await flush()
      const closed = once(transport, 'close')
      // the transport's worker is unref'd (it must not keep an app alive): with nothing else
      // pending, the process would exit before the worker closes the file
      ;(transport as unknown as { ref(): void }).ref() // ThreadStream has ref(); its types omit it
      transport.end()
      await closed
    },
    async close() {},
  }
}

/** pino 10 with redaction and its standard `pino/file` transport (SonicBoom in a worker thread). */
export async function pinoFileSubject(dir: string): Promise<Subject> {
  const transport = pino.transport({ target: 'pino/file', options: { destination: join(dir, 'pino.log') } })
  await once(transport, 'ready')
  const logger = pino({ redact: ['apiKey'] }, transport)
  const flush = () => new Promise<void>((resolve, reject) => logger.flush((err?: Error) => (err ? reject(err) : resolve())))
  return {
    log: (message, fields) => logger.info(fields, message),
    flush,
    async drain() {
      await flush()
      const closed = once(transport, 'close')
      ;(transport as unknown as { ref(): void }).ref()
      transport.end()
      await closed
    },
    async close() {},
  }
}

/** pino 10 with redaction, writing synchronously on the caller's thread: `pino.destination({ sync: true })`. */
export function pinoSyncSubject(dir: string): Promise<Subject> {
  const dest = pino.destination({ dest: join(dir, 'pino.log'), sync: true, mkdir: true })
  const logger = pino({ redact: ['apiKey'] }, dest)
  return Promise.resolve({
    log: (message, fields) => logger.info(fields, message),
    // every call already wrote its line: nothing is held back
    drain: () => Promise.resolve(dest.flushSync()),
    async close() {
      dest.end()
    },
  })
}
