/** Plugin option schemas as one source: TypeBox builders for types and defaults, and the README options table. */
export { Default, Size, Duration, TimerMs, PathOption, StringEnum, Level, MAX_TIMER_MS, type Resolved, type TDefault } from './schema.js'
export { optionsTable, withOptionsTable, TABLE_START, TABLE_END } from './options-table.js'
