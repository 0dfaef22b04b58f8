/**
 * logwarden/query: one record filter for every reader — levels, categories, `--where` (a repeated
 * key is an OR of its values, different keys AND), substring, regex in linear time (RE2).
 */
export {
  checkRegex,
  compileFilter,
  compileMetaFilter,
  filterFromQuery,
  filterToQuery,
  parseWhere,
  messageMatches,
  whereText,
  resolveMinLevel,
  FilterError,
  MAX_REGEX_LENGTH,
  type FilterSpec,
  type LineFilter,
  type LineMeta,
  type UserRegex,
} from './filter.js'
export { compileWhere, whereHints, type WhereOp, type WherePairs, type WhereTerm } from './where.js'
export { compareField, fieldMatches, getPath } from './field-match.js'
export { compileEventMatch, type EventMatch } from './event.js'
export { toTime, type TimeInput } from './time.js'
export { checkCategories } from './categories.js'
export { compileMessageGrep, compileMessageRegex, ignoresCase, type MessageMatch } from './message-match.js'
