// one definition, in the core, which checks every timer option against it
export { MAX_TIMER_MS } from '../../core/validate.js'
