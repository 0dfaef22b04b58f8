/** Numeric levels; gaps of 10 leave room for user levels, as in pino and syslog. */
export const LEVELS = Object.freeze({
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  critical: 60,
} as const)

export type LevelName = keyof typeof LEVELS
export type LevelInput = LevelName | 'fatal' | 'warning' | number

const LABEL_BY_VALUE = new Map<number, LevelName>(Object.entries(LEVELS).map(([name, value]) => [value, name as LevelName]))

/** Accepts a name, an alias (`fatal`, `warning`) or a number; undefined when unknown. */
export function levelValue(input: LevelInput | string): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) ? input : undefined
  const name = input.toLowerCase()
  if (name === 'fatal') return LEVELS.critical
  if (name === 'warning') return LEVELS.warn
  return (LEVELS as Record<string, number>)[name]
}

/** The label written in records; a custom number falls back to the nearest level below it. */
export function levelLabel(value: number): LevelName {
  const exact = LABEL_BY_VALUE.get(value)
  if (exact) return exact
  let best: LevelName = 'trace'
  for (const [name, v] of Object.entries(LEVELS)) if (v <= value) best = name as LevelName
  return best
}

export const LEVEL_NAMES = Object.freeze(Object.keys(LEVELS) as LevelName[])
