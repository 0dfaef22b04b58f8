// the formula lives in the core, which imports nothing outside core/; everything else reaches it here
export { backoffDelay } from '../../core/backoff.js'
