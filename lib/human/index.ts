/**
 * Records as people read them: the console sink's line (format.ts) and the CLI's (record-line.ts),
 * both escaping record text through the one sanitize() so nothing logged can drive a terminal.
 */
export { sanitize } from './sanitize.js'
export { checkTimezone, createFormatter, formatLine, type FormatOptions, type Formatter } from './format.js'
export { clock, colors, formatJsonLine, formatRecord, levelColor, shortId, type Colors, type RecordFormatOptions } from './record-line.js'
export { OUTPUT_MODES, renderRecord, type OutputMode } from './output-mode.js'
export { fromPino, prettyLine, prettyRecord, type PrettyOptions, type TimeFormat } from './pretty.js'
