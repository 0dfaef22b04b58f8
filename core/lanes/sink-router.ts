/**
 * Routes each serialized record to the lanes that want it (by category and level, plus copies of
 * error-level records for the `error` category), and shares one scheduled tick among all lanes.
 */
import type { LogRecord } from '../record.js'
import type { SinkLane } from './sink-lane.js'
import { LEVELS } from '../levels.js'

export class SinkRouter {
  #byCategory = new Map<string, SinkLane[]>()
  #errorCopyLanes: SinkLane[] = []
  #lanes: SinkLane[] = []
  #scheduled = false

  constructor(
    private readonly errorCopies: boolean,
    /** 0: batches leave on the next turn of the event loop; more: up to this many ms later */
    private readonly maxDelayMs = 0,
  ) {}

  add(lane: SinkLane, categories: readonly string[]): void {
    this.#lanes.push(lane)
    const wanted = lane.spec.categories === undefined || lane.spec.categories === '*' ? categories : lane.spec.categories
    for (const category of wanted) {
      const list = this.#byCategory.get(category) ?? []
      list.push(lane)
      this.#byCategory.set(category, list)
    }
    if (this.errorCopies && lane.spec.errorCopies === true && wanted.includes('error')) this.#errorCopyLanes.push(lane)
  }

  get lanes(): readonly SinkLane[] {
    return this.#lanes
  }

  /** `jidx`: the record's index in the durable journal, -1 when it is not journaled. */
  route(line: string, record: LogRecord, jidx = -1): void {
    const level = record.level
    const origin = record.origin
    const lanes = this.#byCategory.get(record.category)
    if (lanes !== undefined) {
      for (let i = 0; i < lanes.length; i++) {
        const lane = lanes[i]
        if (level >= lane.minLevel && lane.name !== origin) lane.push(record.category, false, line, jidx)
      }
    }
    if (level >= LEVELS.error && record.category !== 'error') {
      const copies = this.#errorCopyLanes
      for (let i = 0; i < copies.length; i++) {
        const lane = copies[i]
        if (level >= lane.minLevel && lane.name !== origin) lane.push('error', true, line, jidx)
      }
    }
  }

  /** A record from a killed process's journal, to the lanes `wants` names, marked for deduplication. */
  replay(line: string, record: Pick<LogRecord, 'level' | 'category' | 'origin'>, wants: (lane: SinkLane) => boolean): void {
    const { level, category, origin } = record
    for (const lane of this.#byCategory.get(category) ?? []) {
      if (level >= lane.minLevel && lane.name !== origin && wants(lane)) lane.push(category, false, line, -1, true)
    }
    if (level >= LEVELS.error && category !== 'error') {
      for (const lane of this.#errorCopyLanes) {
        if (level >= lane.minLevel && lane.name !== origin && wants(lane)) lane.push('error', true, line, -1, true)
      }
    }
  }

  schedule = (): void => {
    if (this.#scheduled) return
    this.#scheduled = true
    // not unref'd: an unref'd immediate waits for the loop to wake for something else, which
    // delays an alert logged just before the app goes quiet; an immediate never holds a process
    if (this.maxDelayMs > 0) setTimeout(this.#tick, this.maxDelayMs)
    else setImmediate(this.#tick)
  }

  #tick = (): void => {
    this.#scheduled = false
    for (const lane of this.#lanes) lane.tick()
  }
}
