/**
 * At start: the journals left by processes that died (SIGKILL, OOM, power loss) are claimed, read,
 * and each record is sent to every sink that had not confirmed it (by the lane watermarks the dead
 * process persisted), marked as replayed so that the sink skips what it already holds (by event
 * id). Files are deleted only once every lane confirmed the replay: a process killed while
 * replaying leaves them, and its own claim, to the next start, which replays them again.
 */
import { closeSync, openSync, readFileSync, readdirSync, rmSync, rmdirSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { isAlive } from '../../lib/util/index.js'
import { ACKS_SUFFIX, CLAIM_SUFFIX, activeJournals, parseSegment } from './files.js'

export interface DeadJournal {
  id: string
  dir: string
  /** segment file names, in index order, with the index of their first record */
  segments: Array<{ name: string; first: number }>
  /** per lane name: every record up to this index was confirmed by that lane */
  acks: Record<string, number>
}

export interface ReplayRecord {
  level: number
  category: string
  origin: string | undefined
  line: string
  index: number
}

function claimable(id: string, pid: number): boolean {
  // this process's own leftovers (a runtime closed with unconfirmed records: a reload, another
  // logger) are replayed by the next process, not into whichever logger starts next in this one
  return !activeJournals.has(id) && pid !== process.pid && !isAlive(pid)
}

/** Takes the claim file; a claim whose process is dead (killed while replaying) is taken over. */
function claim(dir: string, id: string): boolean {
  const path = join(dir, id + CLAIM_SUFFIX)
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600)
      writeSync(fd, String(process.pid))
      closeSync(fd)
      return true
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const owner = Number(readFileSync(path, 'utf8').trim())
      if (Number.isInteger(owner) && owner > 0 && (owner === process.pid || isAlive(owner))) return false
      rmSync(path, { force: true })
    }
  }
  return false
}

/** The dead journals in `dir`, each claimed by this process (and marked active until forgotten). */
export function claimDeadJournals(dir: string): DeadJournal[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
  const found = new Map<string, DeadJournal>()
  const withSegments = new Set(names.map((n) => parseSegment(n)?.id))
  for (const name of names) {
    // watermarks or a claim whose segments are all gone (trimmed, or a replay that finished)
    const side = /^((\d+)-[0-9a-f]+)\.(acks|claim)$/.exec(name)
    if (side && !withSegments.has(side[1]) && claimable(side[1]!, Number(side[2]))) rmSync(join(dir, name), { force: true })
    const seg = parseSegment(name)
    if (!seg || !claimable(seg.id, seg.pid)) continue
    let journal = found.get(seg.id)
    if (!journal) {
      if (!claim(dir, seg.id)) continue
      activeJournals.add(seg.id)
      journal = { id: seg.id, dir, segments: [], acks: readAcks(join(dir, seg.id + ACKS_SUFFIX)) }
      found.set(seg.id, journal)
    }
    journal.segments.push({ name, first: seg.first })
  }
  for (const j of found.values()) j.segments.sort((a, b) => a.first - b.first)
  return [...found.values()]
}

function readAcks(path: string): Record<string, number> {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { lanes?: Record<string, number> }
    return parsed.lanes ?? {}
  } catch {
    // no watermark yet (killed before the first one was written): every lane gets everything, deduplicated
    return {}
  }
}

/** Every whole record of a dead journal; a last line the kill cut short was never acknowledged to its caller. */
export function* readJournal(journal: DeadJournal): Generator<ReplayRecord> {
  for (const seg of journal.segments) {
    const text = readFileSync(join(journal.dir, seg.name), 'utf8')
    let index = seg.first
    let at = 0
    for (let end = text.indexOf('\n', at); end !== -1; end = text.indexOf('\n', at)) {
      const entry = text.slice(at, end)
      at = end + 1
      const t1 = entry.indexOf('\t')
      const t2 = entry.indexOf('\t', t1 + 1)
      const t3 = entry.indexOf('\t', t2 + 1)
      if (t1 < 0 || t2 < 0 || t3 < 0) {
        index++
        continue
      }
      const origin = entry.slice(t2 + 1, t3)
      yield { level: Number(entry.slice(0, t1)), category: entry.slice(t1 + 1, t2), origin: origin || undefined, line: entry.slice(t3 + 1), index: index++ }
    }
  }
}

/** The replay was confirmed by every lane: the dead journal's files go. */
export function forgetJournal(journal: DeadJournal): void {
  for (const seg of journal.segments) rmSync(join(journal.dir, seg.name), { force: true })
  rmSync(join(journal.dir, journal.id + ACKS_SUFFIX), { force: true })
  rmSync(join(journal.dir, journal.id + CLAIM_SUFFIX), { force: true })
  activeJournals.delete(journal.id)
  try {
    rmdirSync(journal.dir)
  } catch {
    // not empty: this process's own journal, or another's
  }
}

/** The replay could not be confirmed: release the claim, so the next start (or reload) tries again. */
export function releaseJournal(journal: DeadJournal): void {
  rmSync(join(journal.dir, journal.id + CLAIM_SUFFIX), { force: true })
  activeJournals.delete(journal.id)
}
