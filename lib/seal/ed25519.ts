/**
 * The asymmetric variant of the audit seal: one Ed25519 key pair per epoch. The host keeps only the
 * current epoch's private key; at each epoch boundary it makes the next pair, signs the new public
 * key with the current private key (an epoch certificate, appended to `.seal/epochs.certs`), and
 * erases the current private key. The verification key is epoch 0's public key: an auditor who holds
 * it can follow the certificates to any epoch's public key and check every seal, but can sign
 * nothing. Whoever takes the host at epoch e holds only epoch e's private key: it can certify keys
 * for later epochs, never replace those of earlier ones. node:crypto only.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import { keyId } from './keys.js'
import type { SigningKey, VerificationKey } from './keys.js'

export const CERTS_FILE = 'epochs.certs'
const CERT_TAG = 'logwarden audit-seal epoch key v1'

/** One line of `epochs.certs`: epoch `epoch`'s public key, signed by epoch `from`'s private key. */
export interface EpochCert {
  epoch: number
  from: number
  /** raw public key, base64url */
  pub: string
  /** Ed25519 signature, base64 */
  sig: string
}

function newPair(): { pub: Buffer; der: Buffer } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  return { pub: Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url'), der: privateKey.export({ format: 'der', type: 'pkcs8' }) }
}

export function publicKeyOf(raw: Buffer): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' })
}

export function privateKeyOf(der: Buffer): KeyObject {
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
}

function certInput(kid: string, c: Omit<EpochCert, 'sig'>): Buffer {
  return Buffer.from([CERT_TAG, kid, c.epoch, c.from, c.pub].join('\n'))
}

/** `seal init --algorithm ed25519`: epoch 0's pair; the public key is the verification key. */
export function newEd25519Key(t0: number, epochMs: number): { vk: VerificationKey; signing: SigningKey } {
  const { pub, der } = newPair()
  const kid = keyId(pub)
  return { vk: { seed: pub, t0, epochMs, kid, alg: 'ed25519' }, signing: { kid, t0, epochMs, epoch: 0, key: der, alg: 'ed25519' } }
}

/**
 * Moves an Ed25519 signing key forward to `epoch`: a new pair certified by the current key (the
 * certificates appended to `certsFile` and fsynced before the caller writes the new key file), the
 * old private key bytes overwritten. After a long stop the next key is certified straight from the
 * last one (`from` < `epoch - 1`): the epochs in between never had a key, so nothing can be sealed
 * in them.
 */
export function advanceEd25519(k: SigningKey, epoch: number, certsFile: string): void {
  if (epoch <= k.epoch) return
  const next = newPair()
  const body = { epoch, from: k.epoch, pub: next.pub.toString('base64url') }
  const cert: EpochCert = { ...body, sig: sign(null, certInput(k.kid, body), privateKeyOf(k.key)).toString('base64') }
  mkdirSync(dirname(certsFile), { recursive: true, mode: 0o700 })
  const fd = openSync(certsFile, 'a', 0o600)
  try {
    writeSync(fd, `${JSON.stringify(cert)}\n`)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  k.key.fill(0)
  k.key = next.der
  k.epoch = epoch
}

/**
 * The public key of every epoch the certificates reach from epoch 0's, read in file order. A
 * certificate counts when the key of its `from` epoch is known and signed it; a later valid one for
 * the same epoch replaces an earlier (a crash between a certificate and the key file that goes with
 * it leaves one whose private key was never used). Only the holder of an earlier epoch's private
 * key can certify an epoch, so a key taken at epoch e changes nothing up to e.
 */
export function epochPublicKeys(vk: VerificationKey, certsText: string): Map<number, KeyObject> {
  const keys = new Map<number, KeyObject>([[0, publicKeyOf(vk.seed)]])
  for (const line of certsText.split('\n')) {
    if (line === '') continue
    let c: EpochCert
    try {
      c = JSON.parse(line) as EpochCert
    } catch {
      continue // a line torn by a crash
    }
    const signer = keys.get(c.from)
    if (!signer || !Number.isSafeInteger(c.epoch) || c.epoch <= c.from || typeof c.pub !== 'string' || typeof c.sig !== 'string') continue
    const { sig, ...body } = c
    if (!verify(null, certInput(vk.kid, body), signer, Buffer.from(sig, 'base64'))) continue
    const raw = Buffer.from(c.pub, 'base64url')
    if (raw.length === 32) keys.set(c.epoch, publicKeyOf(raw))
  }
  return keys
}
