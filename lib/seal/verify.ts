/**
 * `logwarden verify`: replays each sealed category's chain against its files, oldest segment first,
 * and reports how far it holds, the first broken link (file, line, what is wrong) and what was
 * written after the last seal. It trusts nothing on the host but the verification key: every
 * seal's MAC is checked with the key of the epoch it claims, the epoch against the seal's time and
 * the records' own timestamps (journald CVE-2023-31439: an old range re-sealed with a later key).
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { activeFileName, parseLogFileName } from '../log-dir/index.js'
import { epochStart } from './keys.js'
import type { VerificationKey } from './keys.js'
import { DIGEST_TAG, SEAL_DIR, parseSeal, sealFileName, sealInput, unpackLoc } from './seal-record.js'
import { checkerFor } from './signer.js'
import type { SealChecker } from './signer.js'
import type { Seal } from './seal-record.js'
import { findSegmentFile, isBefore, locatorOf, readSegment, timeOf } from './segment.js'
import { checkpointInput, parseCheckpoint } from './prune-record.js'
import type { PruneCheckpoint } from './prune-record.js'
import type { Segment } from './segment.js'

export type Problem =
  'modified' | 'deleted' | 'inserted' | 'reordered' | 'truncated' | 'missing-file' | 'forged-seal' | 'seal-chain' | 'out-of-epoch' | 'wrong-key' | 'no-seals'

export interface Break {
  problem: Problem
  /** the log file (or the seal file for a seal problem) */
  file: string
  /** 1-based line in `file` */
  line?: number
  /** the seal's sequence number */
  seal?: number
  detail: string
}

export interface CategoryReport {
  category: string
  status: 'verified' | 'tampered' | 'unverifiable'
  seals: number
  /** lines proven by a valid seal */
  sealedLines: number
  files: string[]
  /** the time of the last valid seal */
  verifiedUntil?: string
  break?: Break
  /** lines after the last seal (a crash, or not yet sealed): not proven, not tampering */
  unsealed?: { file: string; fromLine: number; lines: number; torn: boolean }
  /** sealed late, after a restart in a later epoch: not forward-secure (docs/audit-seal.md) */
  late: Array<{ file: string; fromLine: number; lines: number; seal: number }>
  /** the oldest files, gone (retention), with `allowPruned` */
  pruned: string[]
  /** the seals of files retention deleted were pruned (a signed checkpoint): the chain is proven from here on */
  prunedBefore?: { seals: number; files: string[]; at: string }
  /** the first file proven, and the time of its first record */
  verifiedFrom?: { file: string; time?: string }
}

export interface VerifyReport {
  dir: string
  kid: string
  status: 'verified' | 'tampered' | 'unverifiable'
  categories: CategoryReport[]
  /** bytes of log read (uncompressed) */
  bytes: number
}

export interface VerifyOptions {
  dir: string
  key: VerificationKey
  /** default: every category with a seal file, plus audit and enforcement when they have files */
  categories?: string[]
  /** where rotate's archiveDir moved rotated files */
  archiveDirs?: string[]
  /** a missing oldest file is what retention does: report it as pruned, not as tampering */
  allowPruned?: boolean
}

const DEFAULT_CATEGORIES = ['audit', 'enforcement']

export function verifyDir(opts: VerifyOptions): VerifyReport {
  const sealDir = join(opts.dir, SEAL_DIR)
  const withSeals = existsSync(sealDir)
    ? readdirSync(sealDir)
        .filter((n) => n.endsWith('.seals'))
        .map((n) => n.slice(0, -'.seals'.length))
    : []
  const onDisk = new Set(
    readdirSync(opts.dir)
      .map((n) => parseLogFileName(n)?.category)
      .filter((c): c is string => c !== undefined),
  )
  const categories = opts.categories ?? [...new Set([...withSeals, ...DEFAULT_CATEGORIES.filter((c) => onDisk.has(c))])].sort()
  const walker = checkerFor(opts.key, opts.dir)
  const reports: CategoryReport[] = []
  let bytes = 0
  for (const category of categories) {
    const v = new CategoryVerifier(category, opts, walker)
    reports.push(v.run())
    bytes += v.bytes
  }
  const status = reports.some((r) => r.status === 'tampered')
    ? 'tampered'
    : reports.length === 0 || reports.some((r) => r.status === 'unverifiable')
      ? 'unverifiable'
      : 'verified'
  return { dir: opts.dir, kid: opts.key.kid, status, categories: reports, bytes }
}

class CategoryVerifier {
  bytes = 0
  readonly #r: CategoryReport
  readonly #sealPath: string
  readonly #dirs: string[]
  readonly #segments = new Map<number, Segment | null>()

  constructor(
    readonly category: string,
    readonly opts: VerifyOptions,
    readonly walker: SealChecker,
  ) {
    this.#r = { category, status: 'verified', seals: 0, sealedLines: 0, files: [], late: [], pruned: [] }
    this.#sealPath = join(opts.dir, SEAL_DIR, sealFileName(category))
    this.#dirs = [opts.dir, ...(opts.archiveDirs ?? [])]
  }

  run(): CategoryReport {
    const r = this.#r
    if (!existsSync(this.#sealPath)) {
      return this.#fail(
        { problem: 'no-seals', file: this.#sealPath, detail: 'no seal file: this category was never sealed, or its seals were deleted' },
        'unverifiable',
      )
    }
    const text = readFileSync(this.#sealPath, 'utf8').split('\n')
    if (text.at(-1) === '') text.pop()
    const checkpoint = text.length > 0 ? parseCheckpoint(text[0]!) : undefined
    if (checkpoint) {
      const problem = this.#checkCheckpoint(checkpoint)
      if (problem) return this.#fail(problem, problem.problem === 'wrong-key' ? 'unverifiable' : 'tampered')
      r.prunedBefore = { seals: checkpoint.seq, files: checkpoint.files, at: iso(checkpoint.t) }
    }
    const first = checkpoint ? 1 : 0
    const seals: Seal[] = []
    for (let i = first; i < text.length; i++) {
      const s = parseSeal(text[i]!)
      if (s) seals.push(s)
      // a seal line torn by a crash can only be the last one
      else if (i < text.length - 1)
        return this.#fail({ problem: 'seal-chain', file: this.#sealPath, line: i + 1, detail: 'this line of the seal file is not a seal' })
    }
    // the file each segment ended up in: named by the seal that rotated it; the last one is active
    const rotName = new Map<number, string>()
    for (const s of seals) if (s.rot !== undefined) rotName.set(s.seg, s.rot)
    // killed between the last seal (a rotation's) and its rename: the active file is still that
    // segment, sealed up to the seal; the next start finishes the rename. A crash state, not tampering.
    const last = seals.at(-1)
    const pendingRename =
      last?.rot !== undefined &&
      findSegmentFile(last.rot, this.#dirs) === undefined &&
      findSegmentFile(activeFileName(this.category), [this.opts.dir]) !== undefined
    if (pendingRename) rotName.delete(last.seg)
    const nameOf = (seg: number) => rotName.get(seg) ?? activeFileName(this.category)

    let prev = checkpoint?.prev ?? ''
    let seg = checkpoint?.seg ?? 0
    let line = checkpoint?.line ?? 0
    const seq0 = checkpoint?.seq ?? 0
    let lastEpoch = 0
    let lastT = -Infinity
    let verifiedAny = false
    for (let i = 0; i < seals.length; i++) {
      const s = seals[i]!
      const at = { file: this.#sealPath, line: i + first + 1, seal: s.seq }
      if (s.kid !== this.opts.key.kid) {
        if (i === 0 && !checkpoint)
          return this.#fail(
            { ...at, problem: 'wrong-key', detail: `sealed with key ${s.kid}, not with the verification key given (${this.opts.key.kid})` },
            'unverifiable',
          )
        return this.#fail({ ...at, problem: 'forged-seal', detail: `seal names key ${s.kid}: the chain changes key mid-way` })
      }
      const { mac, ...body } = s
      if (!this.walker.check(s.epoch, sealInput(body), Buffer.from(mac, 'base64'))) {
        return this.#fail({ ...at, problem: 'forged-seal', detail: `seal ${s.seq} was not made with the key of epoch ${s.epoch}: it is forged or altered` })
      }
      if (s.cat !== this.category || s.seq !== seq0 + i || s.prev !== prev || s.seg !== seg || s.line !== line) {
        return this.#fail({
          ...at,
          problem: 'seal-chain',
          detail: `seal ${s.seq} does not follow the previous seal (a seal was removed, reordered or copied from elsewhere)`,
        })
      }
      const start = epochStart(s.epoch, this.opts.key)
      if (s.t < start || s.t >= start + this.opts.key.epochMs || s.epoch < lastEpoch || s.t < lastT) {
        return this.#fail({
          ...at,
          problem: 'out-of-epoch',
          detail: `seal ${s.seq} claims epoch ${s.epoch} at ${iso(s.t)}, outside that epoch or before the previous seal`,
        })
      }
      const name = nameOf(s.seg)
      const segment = this.#segment(s.seg, name)
      if (!segment) {
        if (this.opts.allowPruned && !verifiedAny) {
          if (!r.pruned.includes(name)) r.pruned.push(name)
        } else {
          return this.#fail({
            problem: 'missing-file',
            file: join(this.opts.dir, name),
            seal: s.seq,
            detail: `${name} (or its .gz) is gone: seals ${s.seq} on cover ${s.n} line(s) of it`,
          })
        }
      } else {
        const problem = this.#checkRange(segment, s, seals[i + 1])
        if (problem) return this.#fail(problem)
        if (s.rot !== undefined && !(pendingRename && s === last) && (segment.lines > s.line + s.n || segment.torn)) {
          return this.#fail({
            problem: 'inserted',
            file: segment.file,
            line: s.line + s.n + 1,
            seal: s.seq,
            detail: `line(s) after the seal that closed this file (${segment.lines - s.line - s.n} more)`,
          })
        }
        if (!verifiedAny) r.verifiedFrom = { file: segment.file, ...(s.n > 0 ? { time: iso(timeOf(segment, s.line) ?? s.t) } : {}) }
        verifiedAny = true
        r.sealedLines += s.n
      }
      r.seals++
      r.verifiedUntil = iso(s.t)
      prev = s.mac
      lastEpoch = s.epoch
      lastT = s.t
      if (s.rot !== undefined) {
        seg++
        line = 0
      } else {
        line += s.n
      }
    }
    // the active file past the last seal: written after it (or before a crash), never sealed
    if (pendingRename) {
      // still the rotated segment's file: only what lies past the seal's range is unsealed
      seg = last.seg
      line = last.line + last.n
    }
    const active = this.#segment(seg, activeFileName(this.category))
    if (active && (active.lines > line || active.torn)) {
      r.unsealed = { file: active.file, fromLine: line + 1, lines: active.lines - line + (active.torn ? 1 : 0), torn: active.torn }
    }
    return r
  }

  /** A prune checkpoint: made with this key, by the key of its epoch, within that epoch. */
  #checkCheckpoint(c: PruneCheckpoint): Break | undefined {
    const at = { file: this.#sealPath, line: 1 }
    if (c.kid !== this.opts.key.kid)
      return { ...at, problem: 'wrong-key', detail: `pruned with key ${c.kid}, not with the verification key given (${this.opts.key.kid})` }
    const { mac, ...body } = c
    if (c.cat !== this.category || !this.walker.check(c.epoch, checkpointInput(body), Buffer.from(mac, 'base64')))
      return { ...at, problem: 'forged-seal', detail: `the prune checkpoint was not made with the key of epoch ${c.epoch}: it is forged or altered` }
    const start = epochStart(c.epoch, this.opts.key)
    if (c.t < start || c.t >= start + this.opts.key.epochMs)
      return { ...at, problem: 'out-of-epoch', detail: `the prune checkpoint claims epoch ${c.epoch} at ${iso(c.t)}, outside that epoch` }
    return undefined
  }

  /** The seal's lines against the file: digest first; only on a mismatch, the locators say where. */
  #checkRange(segment: Segment, s: Seal, next: Seal | undefined): Break | undefined {
    const end = s.line + s.n
    const sealBreak = { file: segment.file, seal: s.seq }
    if (end <= segment.lines) {
      const h = createHash('sha256').update(DIGEST_TAG).update(Buffer.from(s.prev, 'base64'))
      h.update(segment.data.subarray(segment.starts[s.line], segment.starts[end]))
      if (h.digest('base64') === s.digest) {
        if (s.late) {
          this.#r.late.push({ file: segment.file, fromLine: s.line + 1, lines: s.n, seal: s.seq })
          return undefined
        }
        // a seal of epoch e covers records of epoch e-1 at the oldest (seals come at least once an epoch)
        const oldest = epochStart(s.epoch - 1, this.opts.key)
        const bound = Buffer.from(iso(oldest), 'latin1')
        for (let k = s.line; k < end; k++) {
          if (isBefore(segment, k, bound)) {
            const t = timeOf(segment, k) ?? oldest
            return {
              ...sealBreak,
              problem: 'out-of-epoch',
              line: k + 1,
              detail: `a record of ${iso(t)} is sealed with the key of epoch ${s.epoch} (from ${iso(epochStart(s.epoch, this.opts.key))}): an old range re-sealed with a later key`,
            }
          }
        }
        return undefined
      }
    }
    const expected = [...unpackLoc(s.loc), ...(next && next.seg === s.seg && !next.late ? unpackLoc(next.loc) : [])]
    const actual = (i: number) => locatorOf(segment, s.line + i)
    let i = 0
    while (i < s.n && actual(i) === expected[i]) i++
    const line = s.line + i + 1
    if (i === s.n) return { ...sealBreak, problem: 'modified', line: s.line + 1, detail: `lines ${s.line + 1}–${end} do not match seal ${s.seq}` }
    if (s.line + i >= segment.lines)
      return {
        ...sealBreak,
        problem: 'truncated',
        line,
        detail: `the file ends at line ${segment.lines}${segment.torn ? ' (and a torn line)' : ''}; seal ${s.seq} covers up to line ${end}`,
      }
    if (actual(i) === expected[i + 1] && actual(i + 1) === expected[i])
      return { ...sealBreak, problem: 'reordered', line, detail: `lines ${line} and ${line + 1} are swapped` }
    if (actual(i) === expected[i + 1])
      return { ...sealBreak, problem: 'deleted', line, detail: `the sealed line ${line} is gone (line ${line} now holds the next one)` }
    if (actual(i + 1) === expected[i]) return { ...sealBreak, problem: 'inserted', line, detail: `line ${line} was not sealed: it was inserted` }
    return { ...sealBreak, problem: 'modified', line, detail: `line ${line} differs from what seal ${s.seq} covers` }
  }

  #segment(seg: number, name: string): Segment | undefined {
    if (!this.#segments.has(seg)) {
      const file = findSegmentFile(name, this.#dirs)
      const segment = file ? readSegment(file) : null
      if (segment) {
        this.bytes += segment.data.byteLength
        this.#r.files.push(segment.file)
      }
      this.#segments.set(seg, segment)
    }
    return this.#segments.get(seg) ?? undefined
  }

  #fail(b: Break, status: 'tampered' | 'unverifiable' = 'tampered'): CategoryReport {
    this.#r.status = status
    this.#r.break = b
    return this.#r
  }
}

function iso(t: number): string {
  return new Date(t).toISOString()
}
