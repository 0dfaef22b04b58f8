/** Small helpers shared by core-adjacent code, plugins and the CLI; none of them imports another module of logwarden. */
export { parseSize, parseDuration, formatSize, SIZE_EXPECTED, DURATION_EXPECTED } from './units.js'
export { backoffDelay } from './backoff.js'
export { isAlive } from './pid.js'
export { packageVersion } from './version.js'
export { Default, Size, Duration, TimerMs, PathOption, StringEnum, Level, MAX_TIMER_MS, type Resolved, type TDefault } from './schema.js'
export { optionsTable, withOptionsTable, TABLE_START, TABLE_END } from './options-table.js'
