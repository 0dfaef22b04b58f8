/**
 * Alerts that fire until something resolves them (a threshold until `threshold_recovered`):
 * re-sent while active, sent with `endsAt` when the resolving event comes. Kept in a small JSON
 * file beside the spool, so a restart between the two still resolves the alert.
 */
import { open, readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { fingerprint, type AmAlert, type Labels } from './labels.js'
import type { ResolvePair } from './schema.js'

interface Entry {
  alert: AmAlert
  /** epoch ms of the last record that fired it */
  lastFired: number
}

export class ActiveAlerts {
  readonly #entries = new Map<string, Entry>()
  /** resolving event → the alert names it ends */
  readonly #resolves = new Map<string, Set<string>>()
  readonly #stateful = new Set<string>()
  readonly #file: string | undefined
  #saving: Promise<void> = Promise.resolve()
  #dirty = false

  constructor(pairs: ResolvePair[], dir?: string) {
    for (const p of pairs) {
      const firing = Array.isArray(p.firing) ? p.firing : [p.firing]
      const set = this.#resolves.get(p.resolvedBy) ?? new Set<string>()
      for (const f of firing) {
        set.add(f)
        this.#stateful.add(f)
      }
      this.#resolves.set(p.resolvedBy, set)
    }
    this.#file = dir === undefined ? undefined : join(dir, 'active-alerts.json')
  }

  get size(): number {
    return this.#entries.size
  }

  /** names of events that resolve something (routed to the notifier even at info) */
  get resolvingEvents(): string[] {
    return [...this.#resolves.keys()]
  }

  isStateful(alertname: string): boolean {
    return this.#stateful.has(alertname)
  }

  resolves(eventName: string): boolean {
    return this.#resolves.has(eventName)
  }

  fire(alert: AmAlert, now: number): void {
    const key = fingerprint(alert.labels)
    const prev = this.#entries.get(key)
    // Alertmanager keeps the first startsAt of an alert; so do we, with the latest annotations
    this.#entries.set(key, { alert: prev ? { ...alert, startsAt: prev.alert.startsAt } : alert, lastFired: now })
    this.#changed()
  }

  /**
   * Ends the active alerts named by the resolving event whose labels agree with `identity` on every
   * label both carry (account, rule, …); returns them with endsAt.
   */
  resolve(eventName: string, identity: Labels, endsAt: number): AmAlert[] {
    const names = this.#resolves.get(eventName)
    if (!names) return []
    const out: AmAlert[] = []
    for (const [key, { alert }] of this.#entries) {
      if (!names.has(alert.labels.alertname)) continue
      if (!Object.entries(identity).every(([k, v]) => alert.labels[k] === undefined || alert.labels[k] === v)) continue
      this.#entries.delete(key)
      // Alertmanager refuses an end before the start
      const end = Math.max(endsAt, Date.parse(alert.startsAt) + 1)
      out.push({ ...alert, endsAt: new Date(end).toISOString() })
    }
    if (out.length) this.#changed()
    return out
  }

  /** The alerts to send again now; those unresolved for longer than maxActiveMs are let go. */
  due(now: number, maxActiveMs: number): AmAlert[] {
    const out: AmAlert[] = []
    for (const [key, e] of this.#entries) {
      if (now - e.lastFired > maxActiveMs) {
        this.#entries.delete(key)
        this.#changed()
        continue
      }
      out.push(e.alert)
    }
    return out
  }

  async load(): Promise<void> {
    if (!this.#file) return
    let saved: unknown
    try {
      saved = JSON.parse(await readFile(this.#file, 'utf8'))
    } catch {
      return
    }
    if (!Array.isArray(saved)) return
    for (const e of saved as Entry[]) {
      if (e && typeof e.lastFired === 'number' && e.alert && typeof e.alert.labels === 'object') this.#entries.set(fingerprint(e.alert.labels), e)
    }
  }

  /** Resolves once the latest state is on disk. */
  flush(): Promise<void> {
    return this.#saving
  }

  #changed(): void {
    if (!this.#file || this.#dirty) return
    this.#dirty = true
    this.#saving = this.#saving.then(() => this.#save()).catch(() => undefined)
  }

  async #save(): Promise<void> {
    this.#dirty = false
    const file = this.#file!
    const tmp = `${file}.${process.pid}.tmp`
    const handle = await open(tmp, 'w', 0o600)
    try {
      await handle.writeFile(JSON.stringify([...this.#entries.values()]))
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(tmp, file)
  }
}
