/**
 * Refusals are audited once per window per (reason, principal or address): a flood of bad
 * requests must not become a flood of audit records, yet none goes unmentioned — the next record
 * for the same key says how many were left out.
 */
export class AuditGate {
  readonly #seen = new Map<string, { at: number; suppressed: number }>()

  constructor(
    public windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** undefined: stay silent (counted); else how many were left out since the last record. */
  pass(key: string): number | undefined {
    const now = this.now()
    const s = this.#seen.get(key)
    if (s && now - s.at < this.windowMs) {
      s.suppressed++
      return undefined
    }
    // keys come from clients (claimed names, addresses): bounded, at the cost of a repeated record
    if (this.#seen.size >= MAX_KEYS) this.#seen.clear()
    this.#seen.set(key, { at: now, suppressed: 0 })
    return s?.suppressed ?? 0
  }
}

const MAX_KEYS = 10_000
