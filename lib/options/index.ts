/** Plugin option schemas as one source: builders (TypeBox's types, plain objects) for types and defaults, and the README options table. */
export { Type } from './type.js'
export { Default, Size, Duration, TimerMs, PathOption, StringEnum, Level, MAX_TIMER_MS, withDefaults, type Resolved, type TDefault } from './schema.js'
export { optionsTable, withOptionsTable, TABLE_START, TABLE_END } from './options-table.js'
