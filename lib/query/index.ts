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
  resolveMinLevel,
  FilterError,
  MAX_REGEX_LENGTH,
  type FilterSpec,
  type LineFilter,
  type LineMeta,
  type UserRegex,
} from './filter.js'
export { compileWhere, type WherePairs } from './where.js'
export { compileEventMatch, type EventMatch } from './event.js'
export { fieldMatches, getPath } from './field-match.js'
export { toTime, type TimeInput } from './time.js'
