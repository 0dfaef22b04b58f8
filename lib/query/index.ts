/**
 * logwarden/query: one record filter for every reader — levels, categories, `--where` (a repeated
 * key is an OR of its values, different keys AND), substring, regex behind a safety check.
 */
export {
  checkRegex, compileFilter, compileMetaFilter, filterFromQuery, filterToQuery, parseWhere, resolveMinLevel,
  FilterError, MAX_REGEX_LENGTH, type FilterSpec, type LineFilter, type LineMeta,
} from './filter.js'
export { compileWhere, type WherePairs } from './where.js'
export { fieldMatches, getPath } from './field-match.js'
export { regexRisk } from './regex-risk.js'
export { toTime, type TimeInput } from './time.js'
