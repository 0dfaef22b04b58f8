/** Small helpers shared by core-adjacent code, plugins and the CLI; none of them imports another module of logwarden. */
export { parseSize, parseDuration, formatSize, SIZE_EXPECTED, DURATION_EXPECTED, SIZE_PATTERN, DURATION_PATTERN } from './units.js'
export { backoffDelay } from './backoff.js'
export { isAlive } from './pid.js'
export { packageVersion } from './version.js'
// the option-schema builders live in lib/options (TypeBox's types only; see lib/options/type.ts)
export { MAX_TIMER_MS } from './timer.js'
export { didYouMean, editDistance, suggest } from './suggest.js'
