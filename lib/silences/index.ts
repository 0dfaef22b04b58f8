/** Alert silences: the model and matching (notifier workers), the file the daemon keeps them in. */
export { formatMatcher, matcherAccepts, parseMatcher, silenceState, silencing, type AlertView, type Matcher, type Silence, type SilenceState } from './model.js'
export { MAX_SILENCES, RETAIN_EXPIRED_MS, newSilenceId, prune, readSilences, silencesFile, writeSilences } from './store.js'
