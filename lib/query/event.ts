/**
 * The event criterion: records whose `event` is one of the names given. A line that does not
 * contain `"event":"<name>"` is refused before it is parsed (the serializer writes exactly that).
 */
export interface EventMatch {
  /** cheap test on the raw JSON line: false means it cannot match */
  line(line: string): boolean
  record(record: Record<string, unknown>): boolean
}

export function compileEventMatch(events: readonly string[] | string | undefined): EventMatch | undefined {
  const names = (typeof events === 'string' ? [events] : (events ?? []))
    .flatMap((e) => e.split(','))
    .map((e) => e.trim())
    .filter(Boolean)
  if (names.length === 0) return undefined
  const wanted = new Set(names)
  const needles = names.map((n) => `"event":${JSON.stringify(n)}`)
  return {
    line: (line) => needles.some((n) => line.includes(n)),
    record: (record) => typeof record.event === 'string' && wanted.has(record.event),
  }
}
