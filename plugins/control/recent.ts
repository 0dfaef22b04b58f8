/**
 * The last N serialized lines of each category, for /recent and the /tail backlog. One ring per
 * category, so a chatty debug category never pushes the last enforcement actions out.
 */
import type { LineMeta } from '../../lib/query/index.js'

export interface Entry extends LineMeta {
  seq: number
  line: string
}

class Ring {
  items: (Entry | undefined)[]
  next = 0
  size = 0
  constructor(capacity: number) {
    this.items = new Array(capacity)
  }
  push(e: Entry): void {
    this.items[this.next] = e
    this.next = (this.next + 1) % this.items.length
    if (this.size < this.items.length) this.size++
  }
  /** newest first */
  *newest(): Generator<Entry> {
    const cap = this.items.length
    for (let i = 1; i <= this.size; i++) yield this.items[(this.next - i + cap) % cap]!
  }
}

export class RecentBuffer {
  #rings = new Map<string, Ring>()
  #seq = 0
  #capacity: number

  constructor(capacity: number) {
    this.#capacity = capacity
  }

  push(category: string, level: number, line: string): Entry {
    let ring = this.#rings.get(category)
    if (!ring) this.#rings.set(category, (ring = new Ring(this.#capacity)))
    const entry = { seq: this.#seq++, category, level, line }
    ring.push(entry)
    return entry
  }

  /** The last `limit` entries that match, oldest first. */
  last(limit: number, match: (e: Entry) => boolean): Entry[] {
    const picked: Entry[] = []
    for (const ring of this.#rings.values()) {
      let n = 0
      for (const e of ring.newest()) {
        if (n >= limit) break
        if (match(e)) {
          picked.push(e)
          n++
        }
      }
    }
    picked.sort((a, b) => a.seq - b.seq)
    return picked.length > limit ? picked.slice(picked.length - limit) : picked
  }

  /** A reload may change the capacity: keep the newest entries that still fit. */
  resize(capacity: number): void {
    if (capacity === this.#capacity) return
    this.#capacity = capacity
    for (const [category, ring] of this.#rings) {
      const keep = [...ring.newest()].slice(0, capacity).reverse()
      const fresh = new Ring(capacity)
      for (const e of keep) fresh.push(e)
      this.#rings.set(category, fresh)
    }
  }
}
