/**
 * Signing and checking a seal (or a prune checkpoint) whatever the key: HMAC-SHA-256 with the
 * epoch's MAC key, or Ed25519 with the epoch's private key. The seal's `mac` field holds either.
 */
import { createHmac, sign, verify } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CERTS_FILE, epochPublicKeys, privateKeyOf } from './ed25519.js'
import { KeyWalker, macKey, sameMac } from './keys.js'
import type { SigningKey, VerificationKey } from './keys.js'
import { SEAL_DIR } from './seal-record.js'

export interface SealSigner {
  sign(input: string): Buffer
  /** overwrites what can be overwritten (an Ed25519 KeyObject is left to the garbage collector) */
  erase(): void
}

export function signerFor(k: SigningKey): SealSigner {
  if (k.alg === 'ed25519') {
    const key = privateKeyOf(k.key)
    return { sign: (input) => sign(null, Buffer.from(input), key), erase: () => undefined }
  }
  const mk = macKey(k.key)
  return { sign: (input) => createHmac('sha256', mk).update(input).digest(), erase: () => mk.fill(0) }
}

export interface SealChecker {
  /** whether `mac` was made over `input` with the key of `epoch` */
  check(epoch: number, input: string, mac: Buffer): boolean
}

/** For verify: HMAC keys walked from the seed, or Ed25519 public keys from `<dir>/.seal/epochs.certs`. */
export function checkerFor(vk: VerificationKey, dir: string): SealChecker {
  if (vk.alg === 'ed25519') {
    const certs = join(dir, SEAL_DIR, CERTS_FILE)
    const keys = epochPublicKeys(vk, existsSync(certs) ? readFileSync(certs, 'utf8') : '')
    return {
      check: (epoch, input, mac) => {
        const key = keys.get(epoch)
        return key !== undefined && mac.length === 64 && verify(null, Buffer.from(input), key, mac)
      },
    }
  }
  const walker = new KeyWalker(vk)
  return {
    check: (epoch, input, mac) => {
      const mk = walker.macKeyAt(epoch)
      return mk !== undefined && sameMac(createHmac('sha256', mk).update(input).digest(), mac)
    },
  }
}
