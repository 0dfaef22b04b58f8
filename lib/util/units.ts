/**
 * Sizes ('50MB') and durations ('90d') as people write them in a config or on the command line.
 * Units are case-exact so that no spelling is ambiguous: `m`/`M` (minutes? months? mega?) is
 * refused rather than guessed.
 * - sizes: `B`, `KB` `MB` `GB` `TB` and `KiB` `MiB` `GiB` `TiB`. Both spellings are binary
 *   (1KB = 1KiB = 1024 bytes), as `du -h`, pino-roll and the `bytes` package count.
 * - durations: `ms`, `s`, `min`, `h`, `d`, `w`.
 * A bare number is bytes / milliseconds. Returns undefined when the input is not one, so callers
 * word their own error with the option's path.
 */

/** For option schemas: the same spellings parseSize accepts. */
export const SIZE_PATTERN = '^\\d+(?:\\.\\d+)? ?(?:B|KB|KiB|MB|MiB|GB|GiB|TB|TiB)?$'
const SIZE_RE = /^(\d+(?:\.\d+)?) ?(B|KB|KiB|MB|MiB|GB|GiB|TB|TiB)?$/
const SIZE_UNIT: Record<string, number> = { B: 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 }

/** What parseSize accepts, for error messages. */
export const SIZE_EXPECTED = 'a size such as "50MB" (units B, KB, MB, GB, TB or KiB, MiB, GiB, TiB; 1KB = 1024 bytes) or a byte count'

export function parseSize(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? Math.floor(input) : undefined
  const m = SIZE_RE.exec(input.trim())
  if (!m) return undefined
  const unit = (m[2] ?? 'B')[0]!
  return Math.floor(Number(m[1]) * SIZE_UNIT[unit]!)
}

/** For option schemas: the same spellings parseDuration accepts. */
export const DURATION_PATTERN = '^\\d+(?:\\.\\d+)? ?(?:ms|s|min|h|d|w)$'
const DURATION_RE = /^(\d+(?:\.\d+)?) ?(ms|s|min|h|d|w)$/
const DURATION_UNIT: Record<string, number> = { ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }

/** What parseDuration accepts, for error messages. */
export const DURATION_EXPECTED = 'a duration such as "90d" (units ms, s, min, h, d, w; "m" and "M" are refused as ambiguous) or milliseconds'

/** '90d' → ms; a bare number is already ms. */
export function parseDuration(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input : undefined
  const m = DURATION_RE.exec(input.trim())
  if (!m) return undefined
  return Number(m[1]) * DURATION_UNIT[m[2]!]!
}

export function formatSize(bytes: number): string {
  for (const [unit, size] of [
    ['GB', 1024 ** 3],
    ['MB', 1024 ** 2],
    ['KB', 1024],
  ] as const) {
    if (bytes >= size) return `${(bytes / size).toFixed(1).replace(/\.0$/, '')}${unit}`
  }
  return `${bytes}B`
}
