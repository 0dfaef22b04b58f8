/**
 * Exponential backoff, the one formula every retry loop uses: after `failures` failed attempts
 * (0 for the first retry) wait d = min(maxMs, baseMs·2^failures). With `random`, the wait is
 * jittered to [d/2, d], so many clients cut off together do not come back together.
 */
export function backoffDelay(failures: number, baseMs: number, maxMs = Infinity, random?: () => number): number {
  // 2^30 already exceeds any sane cap; a bigger exponent only risks Infinity·0 on a zero base
  const d = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(0, failures), 30))
  return random ? Math.round(d / 2 + random() * (d / 2)) : d
}
