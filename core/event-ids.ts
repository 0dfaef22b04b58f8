/**
 * Event ids: a per-process random prefix and a base-36 counter (`prefix + n.toString(36)`), made
 * without a number-to-text conversion per record: the counter's last two base-36 digits come
 * from a table, the digits above them change every 1,296 records.
 */
const LOW = 36 * 36
const PLAIN = Array.from({ length: LOW }, (_, i) => i.toString(36))
const PADDED = PLAIN.map((d) => d.padStart(2, '0'))

export class EventIds {
  #head: string
  #high = 0
  #low = 0

  constructor(private readonly prefix: string) {
    this.#head = prefix
  }

  next(): string {
    if (this.#low === LOW) {
      this.#low = 0
      this.#head = this.prefix + (++this.#high).toString(36)
    }
    const low = this.#low++
    return this.#high === 0 ? this.#head + PLAIN[low] : this.#head + PADDED[low]
  }
}
