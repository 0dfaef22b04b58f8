/**
 * What `log.event` adds on the main thread to a record, without the rest of the pipeline: the
 * catalog lookup, the level, the field validation (on / off), the template prepared for after
 * redaction. The host below only counts what it is handed, so the figures are the event layer's
 * own; the whole-call cost against `log.info` is the `logwarden-event` rows of `npm run bench`.
 *
 *   npm run build && node dist/bench/event-cost.js          # EVENT_N=200000 per round by default
 *
 * Prints ns/call, the best of 5 rounds after a 50,000-call warm-up, the first call's time
 * (which compiles the event's validator), and what preparing a validator costs when the build
 * generated it (events-trading) and when it is compiled at run time (the first of a process: it
 * also loads ajv). A script and not a test: nothing is asserted about the
 * figures; it fails (exit 1) only if a call was not handed on, or was flagged invalid.
 */
import { performance } from 'node:perf_hooks'
import { Bindings } from '../core/bindings.js'
import { EventRegistry } from '../core/events/registry.js'
import { logEvent, type EventHost } from '../core/events/write.js'
import { benchRecord } from './case.js'
import { BENCH_EVENT, benchEvents } from './subjects/logwarden-event.js'
import { tradingCatalog } from '../plugins/events-trading/index.js'

const N = Number(process.env.EVENT_N ?? 200_000)
const WARMUP = 50_000
const ROUNDS = 5

function host(mode: 'on' | 'off'): EventHost & { handed: number; flagged: number } {
  return {
    threshold: 30,
    events: new EventRegistry(benchEvents, mode),
    handed: 0,
    flagged: 0,
    writeEvent(_level, _category, _bindings, _event, fields) {
      this.handed++
      if (fields.event_invalid !== undefined) this.flagged++
      return 'id'
    },
  }
}

function measure(label: string, call: () => unknown): number {
  const first = performance.now()
  call()
  const firstMs = performance.now() - first
  for (let i = 0; i < WARMUP; i++) call()
  let best = Infinity
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.hrtime.bigint()
    for (let i = 0; i < N; i++) call()
    best = Math.min(best, Number(process.hrtime.bigint() - started) / N)
  }
  console.log(`${label}: ${best.toFixed(0)} ns/call (best of ${ROUNDS} rounds of ${N}); first call ${firstMs.toFixed(2)} ms`)
  return best
}

const expected = 1 + WARMUP + ROUNDS * N
const base = measure('building the record object alone (baseline)', () => benchRecord())
for (const mode of ['off', 'on'] as const) {
  const h = host(mode)
  const ns = measure(`log.event layer, validateEvents: ${mode}`, () => logEvent(h, Bindings.NONE, 'system', BENCH_EVENT, benchRecord()))
  console.log(`  → the event layer itself: ~${Math.max(0, ns - base).toFixed(0)} ns/call`)
  if (h.handed !== expected || h.flagged !== 0) {
    console.error(`validateEvents ${mode}: ${h.handed} of ${expected} calls handed on, ${h.flagged} flagged`)
    process.exitCode = 1
  }
}

// a validator the build generated (events-trading's) against one compiled here (a config's catalog)
for (const [label, catalog, name] of [
  ['events-trading position_closed (generated at build time)', tradingCatalog, 'position_closed'],
  ['a config catalog event (compiled at run time)', benchEvents, BENCH_EVENT],
] as const) {
  const event = new EventRegistry(catalog, 'on').get(name)!
  const started = performance.now()
  event.prepare()
  console.log(`preparing the validator of ${label}: ${(performance.now() - started).toFixed(2)} ms`)
}
