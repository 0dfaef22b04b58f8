import type { LoadOptions } from './config.js'
import { Controller } from './controller.js'
import { Logger } from './logger.js'

export type CreateLoggerOptions = LoadOptions

/**
 * Loads the config (inline, a file, or found by cosmiconfig from the working directory; the
 * embedded default otherwise), applies its plugins in order and starts the sinks.
 */
export async function createLogger(options: CreateLoggerOptions = {}): Promise<Logger> {
  const controller = new Controller(options)
  await controller.start()
  return new Logger(controller, 'system')
}
