/**
 * Time boundaries for `interval`: the next local midnight (daily) or top of the hour (hourly) in
 * an IANA time zone, as an epoch instant. Uses Intl only (no tz database of our own), and is
 * called once per file opened, never per batch.
 */

export type Interval = 'daily' | 'hourly'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const QUARTER = 15 * 60_000
const formats = new Map<string, Intl.DateTimeFormat>()

function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formats.set(timeZone, f)
  }
  return f
}

/** Throws a RangeError for a zone Intl does not know. */
export function assertTimeZone(timeZone: string): void {
  format(timeZone)
}

/** The wall clock in `timeZone` at instant t, expressed as if it were UTC (ms, whole seconds). */
function wallClock(t: number, timeZone: string): number {
  const p: Record<string, number> = {}
  for (const part of format(timeZone).formatToParts(new Date(t))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value)
  }
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!)
}

/** The instant whose wall clock in `timeZone` reads `wall` (the later one in a DST overlap or gap). */
function fromWallClock(wall: number, timeZone: string): number {
  const offsetAt = (t: number) => wallClock(t, timeZone) - Math.floor(t / 1000) * 1000
  let guess = wall - offsetAt(wall)
  guess = wall - offsetAt(guess)
  return guess
}

/** The first boundary strictly after t. */
export function nextBoundary(t: number, interval: Interval, timeZone = 'UTC'): number {
  if (interval === 'hourly') {
    // every zone in use is offset by a multiple of 15 minutes, so the next top of a local hour
    // is one of the next four quarter hours (DST overlaps included: 01:00 happens twice)
    let c = Math.floor(t / QUARTER) * QUARTER + QUARTER
    for (let i = 0; i < 8 && wallClock(c, timeZone) % HOUR !== 0; i++) c += QUARTER
    return c
  }
  const wall = new Date(wallClock(t, timeZone))
  let next = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate() + 1)
  let instant = fromWallClock(next, timeZone)
  // a DST change can land the conversion at or before t: move on to the following midnight
  while (instant <= t) {
    next += DAY
    instant = fromWallClock(next, timeZone)
  }
  return instant
}
