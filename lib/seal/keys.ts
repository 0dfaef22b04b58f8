/**
 * The forward-secure key of audit-seal: a random seed made at `seal init` and a one-way ratchet,
 * k(0) = R(seed), k(e+1) = R(k(e)) with R(k) = HMAC-SHA-256(k, RATCHET), one step per epoch of
 * `epochMs` since `t0`. The host keeps only the current k(e) (memory and disk), never the seed;
 * whoever holds k(e) cannot compute an earlier key, so cannot seal anything as epoch < e. The
 * verifier holds the seed (the verification key, printed once) and walks the ratchet to any epoch.
 * Seals are MACed with a key derived from k(e), not k(e) itself.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import { SealErrors } from './errors.js'

const RATCHET = 'logwarden audit-seal ratchet v1'
const MAC = 'logwarden audit-seal mac v1'
const KID = 'logwarden audit-seal kid v1'
const PREFIX = 'lwseal1'
/** the verification key of an Ed25519 trail: a public key, which can verify but not sign */
const PREFIX_ED25519 = 'lwseal2'
/** an Ed25519 private key as PKCS#8 DER */
const ED25519_DER_BYTES = 48

export interface EpochClock {
  /** epoch 0 starts here (ms since 1970) */
  t0: number
  epochMs: number
}

export interface VerificationKey extends EpochClock {
  /** HMAC: the seed (secret). Ed25519: epoch 0's public key, raw 32 bytes (public) */
  seed: Buffer
  kid: string
  /** absent: HMAC-SHA-256 */
  alg?: 'ed25519'
}

/** The key file the sealing host keeps: the current epoch's key only. */
export interface SigningKey extends EpochClock {
  kid: string
  epoch: number
  /** HMAC: k(e), 32 bytes. Ed25519: epoch e's private key, PKCS#8 DER */
  key: Buffer
  alg?: 'ed25519'
}

export function keyId(seed: Buffer): string {
  return createHmac('sha256', seed).update(KID).digest('hex').slice(0, 16)
}

export function ratchet(key: Buffer): Buffer {
  return createHmac('sha256', key).update(RATCHET).digest()
}

export function macKey(key: Buffer): Buffer {
  return createHmac('sha256', key).update(MAC).digest()
}

export function epochOf(t: number, clock: EpochClock): number {
  return Math.floor((t - clock.t0) / clock.epochMs)
}

export function epochStart(epoch: number, clock: EpochClock): number {
  return clock.t0 + epoch * clock.epochMs
}

export function newSeed(t0: number, epochMs: number): VerificationKey {
  const seed = randomBytes(32)
  return { seed, t0, epochMs, kid: keyId(seed) }
}

export function formatVerificationKey(k: VerificationKey): string {
  return `${k.alg === 'ed25519' ? PREFIX_ED25519 : PREFIX}.${k.t0}.${k.epochMs}.${k.seed.toString('base64url')}`
}

export function parseVerificationKey(text: string): VerificationKey {
  const parts = text.trim().split('.')
  if (parts.length !== 4 || (parts[0] !== PREFIX && parts[0] !== PREFIX_ED25519))
    throw SealErrors.VERIFICATION_KEY('it does not have the form lwseal1.<t0>.<epochMs>.<seed> (or lwseal2.… for Ed25519)')
  const t0 = Number(parts[1])
  const epochMs = Number(parts[2])
  const seed = Buffer.from(parts[3]!, 'base64url')
  if (!Number.isSafeInteger(t0) || !Number.isSafeInteger(epochMs) || epochMs < 1000)
    throw SealErrors.VERIFICATION_KEY('its start time or epoch length is malformed')
  if (seed.length !== 32) throw SealErrors.VERIFICATION_KEY('its seed is not 32 bytes')
  return { seed, t0, epochMs, kid: keyId(seed), ...(parts[0] === PREFIX_ED25519 ? { alg: 'ed25519' as const } : {}) }
}

/** Walks the verifier's ratchet; caches so that verifying epochs in order costs one step each. */
export class KeyWalker {
  #epoch = 0
  #key: Buffer
  readonly #macs = new Map<number, Buffer>()
  constructor(readonly vk: VerificationKey) {
    this.#key = ratchet(vk.seed)
  }
  /** the MAC key of `epoch` (undefined for a negative epoch) */
  macKeyAt(epoch: number): Buffer | undefined {
    if (epoch < 0 || !Number.isSafeInteger(epoch)) return undefined
    const cached = this.#macs.get(epoch)
    if (cached) return cached
    if (epoch < this.#epoch) {
      this.#epoch = 0
      this.#key = ratchet(this.vk.seed)
    }
    while (this.#epoch < epoch) {
      this.#key = ratchet(this.#key)
      this.#epoch++
    }
    const mk = macKey(this.#key)
    this.#macs.set(epoch, mk)
    return mk
  }
}

export function sameMac(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}

export function readSigningKey(file: string): SigningKey {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw SealErrors.NO_KEY(file)
    throw SealErrors.KEY_FILE(file, (err as NodeJS.ErrnoException).code ?? 'unreadable')
  }
  try {
    const j = JSON.parse(text) as { v: number; alg?: string; kid: string; t0: number; epochMs: number; epoch: number; key: string }
    const key = Buffer.from(j.key, 'base64')
    const ed25519 = j.alg === 'ed25519'
    if (j.alg !== undefined && !ed25519) throw new Error('bad')
    if (j.v !== 1 || key.length !== (ed25519 ? ED25519_DER_BYTES : 32) || !Number.isSafeInteger(j.epoch) || !Number.isSafeInteger(j.t0) || !(j.epochMs >= 1000))
      throw new Error('bad')
    return { kid: j.kid, t0: j.t0, epochMs: j.epochMs, epoch: j.epoch, key, ...(ed25519 ? { alg: 'ed25519' as const } : {}) }
  } catch {
    throw SealErrors.KEY_FILE(file, 'it is not a signing key written by `logwarden seal init`')
  }
}

/**
 * Replaces the key file atomically (temp file, fsync, rename, fsync of the directory): after a
 * crash either the old or the new key is on disk. The old bytes are overwritten in the file system's
 * view only; a copy-on-write or journaling file system may keep old blocks (docs/audit-seal.md).
 */
export function writeSigningKey(file: string, k: SigningKey, mode = 0o600): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  const body = JSON.stringify({
    v: 1,
    ...(k.alg ? { alg: k.alg } : {}),
    kid: k.kid,
    t0: k.t0,
    epochMs: k.epochMs,
    epoch: k.epoch,
    key: k.key.toString('base64'),
  })
  const tmp = `${file}.tmp`
  const fd = openSync(tmp, 'w', mode)
  try {
    writeSync(fd, body)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(tmp, file)
  try {
    const dfd = openSync(dirname(file), 'r')
    try {
      fsyncSync(dfd)
    } finally {
      closeSync(dfd)
    }
  } catch {
    // not every platform can fsync a directory (Windows); the rename is still atomic
  }
}

/** Moves a signing key forward to `epoch`, erasing every intermediate key from memory. */
export function advance(k: SigningKey, epoch: number): void {
  while (k.epoch < epoch) {
    const next = ratchet(k.key)
    k.key.fill(0)
    k.key = next
    k.epoch++
  }
}

/** The signing key of epoch 0 for a new seed (what `seal init` writes before it forgets the seed). */
export function firstSigningKey(vk: VerificationKey): SigningKey {
  return { kid: vk.kid, t0: vk.t0, epochMs: vk.epochMs, epoch: 0, key: ratchet(vk.seed) }
}

export function sha256(...parts: Array<string | Uint8Array>): Buffer {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return h.digest()
}
