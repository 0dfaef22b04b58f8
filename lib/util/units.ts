/**
 * Sizes ('50MB') and durations ('90d') as people write them in a config. Binary units: 1KB = 1024
 * bytes, as `du -h`, pino-roll and the `bytes` package count. Returns undefined when the input is
 * not one, so callers can word their own error with the option's path.
 */

const SIZE_RE = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?$/i
const SIZE_UNIT: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }

export function parseSize(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? Math.floor(input) : undefined
  const m = SIZE_RE.exec(input.trim())
  if (!m) return undefined
  const unit = (m[2] ?? 'b').toLowerCase()[0]!
  return Math.floor(Number(m[1]) * SIZE_UNIT[unit]!)
}

const DURATION_RE = /^(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h|hr|d|day|days|w|wk)$/i
const DURATION_UNIT: Record<string, number> = {
  ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000, hr: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000, w: 604_800_000, wk: 604_800_000,
}

/** '90d' → ms; a bare number is already ms. */
export function parseDuration(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input : undefined
  const m = DURATION_RE.exec(input.trim())
  if (!m) return undefined
  return Number(m[1]) * DURATION_UNIT[m[2]!.toLowerCase()]!
}

export function formatSize(bytes: number): string {
  for (const [unit, size] of [['GB', 1024 ** 3], ['MB', 1024 ** 2], ['KB', 1024]] as const) {
    if (bytes >= size) return `${(bytes / size).toFixed(1).replace(/\.0$/, '')}${unit}`
  }
  return `${bytes}B`
}
