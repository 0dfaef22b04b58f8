/**
 * A daemon process for the notify-alertmanager tests: `node daemon.js <config-json> <records-json>`
 * creates a logger from the config, logs each record (`{ category, level, message, fields }`),
 * flushes, closes and exits 0. Two of these logging the same enforcement make one alert.
 */
import { createLogger } from '../../../index.js'
import type { LevelName } from '../../../core/levels.js'

interface Line {
  category: string
  level: LevelName
  message: string
  fields?: Record<string, unknown>
}

const [config, lines] = [JSON.parse(process.argv[2]) as Record<string, unknown>, JSON.parse(process.argv[3]) as Line[]]
const log = await createLogger({ config })
for (const l of lines) log.category(l.category)[l.level](l.message, l.fields)
await log.flush()
await log.close()
