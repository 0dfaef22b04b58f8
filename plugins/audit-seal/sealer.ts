/**
 * The write observer audit-seal attaches to sink-file (plugins/sink-file/write-seam.ts). It runs in
 * sink-file's worker: every byte of a sealed category goes into that category's chain as it is
 * written; a seal is appended to `<dir>/.seal/<category>.seals` every `intervalMs`, before every
 * rotation and at close. The signing key is ratcheted at each epoch boundary, idle or not, and the
 * previous key overwritten in memory and on disk (HMAC: one hash step; Ed25519: a new pair certified
 * by the old one). When retention is about to delete a rotated file, its seals give way to a signed
 * prune checkpoint (./prune.ts).
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, truncateSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { activeFileName } from '../../lib/log-layout/index.js'
import {
  KEY_FILE,
  SEAL_DIR,
  advance,
  CERTS_FILE,
  PRUNED_KIND,
  advanceEd25519,
  checkpointInput,
  epochOf,
  epochStart,
  lineTime,
  parseCheckpoint,
  parseSeal,
  readSigningKey,
  sealFileName,
  sealInput,
  signerFor,
  writeSigningKey,
} from '../../lib/seal/index.js'
import type { PruneCheckpoint, Seal, SealSigner, SigningKey } from '../../lib/seal/index.js'
import type { ActiveFile, ObserverHost, WriteObserver } from '../sink-file/index.js'
import { Chain } from './chain.js'
import { prunedText, replaceFile } from './prune.js'

export interface SealerOptions {
  categories: string[]
  /** absolute; default `<dir>/.seal/signing.key` */
  keyFile?: string
  intervalMs: number
  /** fsync the seal file after each seal */
  fsync: boolean
  /** each seal's digest is also logged to this category (for a notifier or syslog to carry off the host) */
  anchorCategory?: string
}

const APPEND = 'a'
/** beside the active file: the unsealed tail set aside while a rotation interrupted by a crash is finished */
const TAIL_SUFFIX = '.crash-tail'

export class Sealer implements WriteObserver {
  readonly #opts: SealerOptions
  readonly #host: ObserverHost
  readonly #sealDir: string
  readonly #keyFile: string
  readonly #chains = new Map<string, Chain>()
  readonly #fds = new Map<string, number>()
  #key!: SigningKey
  #signer!: SealSigner
  #timer: NodeJS.Timeout | undefined

  constructor(options: SealerOptions, host: ObserverHost) {
    this.#opts = options
    this.#host = host
    this.#sealDir = join(host.dir, SEAL_DIR)
    this.#keyFile = options.keyFile ?? join(this.#sealDir, KEY_FILE)
  }

  start(): void {
    this.#key = readSigningKey(this.#keyFile)
    this.#signer = signerFor(this.#key)
    this.#ratchetTo(Math.max(this.#key.epoch, epochOf(this.#host.now(), this.#key)))
    mkdirSync(this.#sealDir, { recursive: true, mode: 0o700 })
    for (const category of this.#opts.categories) this.#chains.set(category, this.#recover(category))
    // a crash's tail is sealed now, in the epoch its lateness was judged in, before any new line
    for (const chain of this.#chains.values()) if (chain.pending > 0) this.#seal(chain)
    this.#timer = setInterval(() => this.#tick(), Math.min(this.#opts.intervalMs, this.#key.epochMs))
    this.#timer.unref()
  }

  appended(file: ActiveFile, bytes: Uint8Array): void {
    this.#chains.get(file.category)?.feed(bytes)
  }

  /** Records a killed process logged, replayed from its journal: their seal is late if they are old. */
  replayed(file: ActiveFile, bytes: Uint8Array): void {
    const chain = this.#chains.get(file.category)
    if (chain) chain.oldest = Math.min(chain.oldest, oldestTime(bytes))
  }

  rotating(category: string, targetName: string): void {
    const chain = this.#chains.get(category)
    if (chain) this.#seal(chain, targetName)
  }

  /** Retention is about to delete rotated files of `category`: their seals go, a signed checkpoint in their place. */
  deleting(category: string, names: readonly string[]): void {
    const chain = this.#chains.get(category)
    if (!chain) return
    const path = join(this.#sealDir, sealFileName(category))
    if (!existsSync(path)) return
    const text = prunedText(readFileSync(path, 'utf8'), names, (body) => {
      const now = this.#host.now()
      this.#ratchetTo(epochOf(now, this.#key))
      const signed: Omit<PruneCheckpoint, 'mac'> = { v: 1, kind: PRUNED_KIND, kid: this.#key.kid, epoch: this.#key.epoch, t: now, ...body }
      return { ...signed, mac: this.#signer.sign(checkpointInput(signed)).toString('base64') }
    })
    if (text === undefined) return
    // the append fd points at the file being replaced: the next seal opens the new one
    const fd = this.#fds.get(category)
    if (fd !== undefined) closeSync(fd)
    this.#fds.delete(category)
    replaceFile(path, text, this.#host.fileMode)
  }

  close(): void {
    clearInterval(this.#timer)
    for (const chain of this.#chains.values()) if (chain.pending > 0) this.#seal(chain)
    for (const fd of this.#fds.values()) closeSync(fd)
    this.#fds.clear()
    this.#key.key.fill(0)
    this.#signer.erase()
  }

  #tick(): void {
    const epoch = epochOf(this.#host.now(), this.#key)
    if (epoch > this.#key.epoch) this.#ratchetTo(epoch)
    for (const chain of this.#chains.values()) if (chain.pending > 0) this.#seal(chain)
  }

  #ratchetTo(epoch: number): void {
    if (epoch <= this.#key.epoch) return
    // Ed25519: the next epoch's public key is certified (and fsynced) before its private key replaces the key file
    if (this.#key.alg === 'ed25519') advanceEd25519(this.#key, epoch, join(this.#sealDir, CERTS_FILE))
    else advance(this.#key, epoch)
    writeSigningKey(this.#keyFile, this.#key)
    this.#signer.erase()
    this.#signer = signerFor(this.#key)
  }

  #seal(chain: Chain, rot?: string): void {
    const now = this.#host.now()
    this.#ratchetTo(epochOf(now, this.#key))
    // a seal of epoch e may only cover records from epoch e-1 on (verify's check against re-sealing):
    // older ones (a crash's tail or a replay after a long stop, or a write held up for a whole epoch)
    // get a seal marked late, reported as such
    const late = Math.min(chain.oldest, chain.firstTime() ?? Infinity) < epochStart(this.#key.epoch - 1, this.#key)
    const { digest, loc, n } = chain.take()
    const body: Omit<Seal, 'mac'> = {
      v: 1,
      kid: this.#key.kid,
      cat: chain.category,
      seq: chain.seq,
      epoch: this.#key.epoch,
      t: now,
      seg: chain.seg,
      line: chain.line,
      n,
      prev: chain.prev.toString('base64'),
      digest: digest.toString('base64'),
      loc: loc.toString('base64'),
      ...(rot !== undefined ? { rot } : {}),
      ...(late ? { late: true as const } : {}),
    }
    const mac = this.#signer.sign(sealInput(body))
    const seal: Seal = { ...body, mac: mac.toString('base64') }
    const fd = this.#fd(chain.category)
    writeSync(fd, `${JSON.stringify(seal)}\n`)
    if (this.#opts.fsync) fsyncSync(fd)
    chain.advance(mac, n, rot !== undefined)
    if (this.#opts.anchorCategory) {
      this.#host.ctx.log('info', this.#opts.anchorCategory, `audit-seal: ${chain.category} sealed (seal ${seal.seq}, epoch ${seal.epoch})`, {
        event: 'audit_seal',
        sealed_category: chain.category,
        seq: seal.seq,
        epoch: seal.epoch,
        lines: n,
        mac: seal.mac,
      })
    }
  }

  #fd(category: string): number {
    let fd = this.#fds.get(category)
    if (fd === undefined) {
      fd = openSync(join(this.#sealDir, sealFileName(category)), APPEND, this.#host.fileMode)
      this.#fds.set(category, fd)
    }
    return fd
  }

  /**
   * Renames the active file to the name its rotation seal announced. Anything past the `lines` the
   * seal covers (a crash's torn tail) stays out of the rotated file, which must end where its seal
   * does: it is set aside first (written whole, then cut off) and becomes the new active file.
   */
  #finishRename(active: string, target: string, lines: number): void {
    const data = readFileSync(active)
    let end = 0
    for (let k = 0; k < lines && end < data.byteLength; k++) {
      const nl = data.indexOf(0x0a, end)
      end = nl === -1 ? data.byteLength : nl + 1
    }
    if (end < data.byteLength) {
      const fd = openSync(`${active}${TAIL_SUFFIX}`, 'w', this.#host.fileMode)
      try {
        writeSync(fd, data, end, data.byteLength - end)
        fsyncSync(fd)
      } finally {
        closeSync(fd)
      }
      truncateSync(active, end)
    }
    renameSync(active, target)
  }

  /**
   * Picks the chain up where the last run left it: after its last whole seal line, and the lines of
   * the active file past what that seal covered (a crash's unsealed tail) go into the next seal.
   */
  #recover(category: string): Chain {
    const chain = new Chain(category)
    let last: Seal | undefined
    const sealPath = join(this.#sealDir, sealFileName(category))
    if (existsSync(sealPath)) {
      const text = readFileSync(sealPath, 'utf8')
      // a seal torn by a crash never took effect: cut it, so the next seal starts on a line of its own
      const end = text.lastIndexOf('\n') + 1
      if (end < text.length) truncateSync(sealPath, Buffer.byteLength(text.slice(0, end)))
      const lines = text.slice(0, end).split('\n')
      for (let i = lines.length - 1; i >= 0 && !last; i--) last = parseSeal(lines[i]!)
      // every seal pruned (retention deleted every file they covered): the chain goes on from the checkpoint
      const checkpoint = last === undefined && lines.length > 0 ? parseCheckpoint(lines[0]!) : undefined
      if (checkpoint) chain.startAt(checkpoint)
    }
    const active = join(this.#host.dir, activeFileName(category))
    if (last) {
      chain.resume(last)
      // killed between the rotation seal and the rename: finish the rename the seal announced
      if (last.rot !== undefined && existsSync(active) && !existsSync(join(this.#host.dir, last.rot)) && !existsSync(join(this.#host.dir, `${last.rot}.gz`))) {
        this.#finishRename(active, join(this.#host.dir, last.rot), last.line + last.n)
      }
    }
    // the unsealed tail a finished rename set aside goes back to being the active file
    const tailPath = `${active}${TAIL_SUFFIX}`
    if (existsSync(tailPath) && !existsSync(active)) renameSync(tailPath, active)
    if (!existsSync(active)) return chain
    const data = readFileSync(active)
    let at = 0
    for (let k = 0; k < chain.line && at < data.byteLength; k++) {
      const nl = data.indexOf(0x0a, at)
      at = nl === -1 ? data.byteLength : nl + 1
    }
    if (at >= data.byteLength) return chain
    const tail = data.subarray(at)
    chain.feed(tail)
    // lines from before an earlier epoch get a seal marked late: verify reports them, not as verified
    chain.oldest = lineTime(tail.toString('utf8', 0, Math.min(tail.byteLength, 400))) ?? Infinity
    return chain
  }
}

/** The oldest `timestamp` among whole lines (replayed groups are small and rare: parsed line by line). */
function oldestTime(bytes: Uint8Array): number {
  let oldest = Infinity
  for (const line of Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').split('\n')) {
    const t = lineTime(line)
    if (t !== undefined && t < oldest) oldest = t
  }
  return oldest
}

export function createObserver(options: SealerOptions, host: ObserverHost): WriteObserver {
  return new Sealer(options, host)
}
