/**
 * The Ed25519 variant on real files through the real worker, rotation and gzip: per-epoch key pairs,
 * each public key certified by the previous epoch's private key, and a verification key that is
 * epoch 0's public key. verify proves the trail with it; an attacker holding the current private key
 * still cannot re-seal the past, neither under the current epoch nor by certifying a key of its own
 * for an old epoch.
 */
import { appendFileSync, cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { sign } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CERTS_FILE,
  KEY_FILE,
  SEAL_DIR,
  formatVerificationKey,
  newEd25519Key,
  parseVerificationKey,
  readSigningKey,
  signerFor,
  verifyDir,
} from '../../lib/seal/index.js'
import type { VerificationKey } from '../../lib/seal/index.js'
import { privateKeyOf } from '../../lib/seal/ed25519.js'
import { readCategoryLines, removeDir, sleep, tempDir } from '../sink-file/test/helpers.js'
import { closeSink, initEd25519Key, openSealedSink, readSeals, resealWith, writeLines } from './test/harness.js'

let base: string
let vk: VerificationKey
const dirs: string[] = []

/** Changes the last record of the active file, as an attacker with write access would. */
function editLastRecord(dir: string): void {
  const file = join(dir, 'audit.log')
  const text = readFileSync(file, 'utf8')
  expect(text).toContain('"line 299"')
  writeFileSync(file, text.replace('"line 299"', '"line 2999"'))
}

function copy(): string {
  const dir = tempDir('lw-seal-ed-t-')
  dirs.push(dir)
  cpSync(base, dir, { recursive: true })
  rmSync(join(dir, '.logwarden.lock'), { force: true })
  return dir
}

beforeAll(async () => {
  base = tempDir('lw-seal-ed-')
  vk = initEd25519Key(base, 1000)
  const sink = await openSealedSink(base, { intervalMs: 200 })
  await writeLines(sink, 0, 100)
  await sleep(1200)
  await writeLines(sink, 100, 100)
  await closeSink(sink)
  await sleep(1200) // a restart in a later epoch
  const again = await openSealedSink(base, { intervalMs: 200 })
  await writeLines(again, 200, 100)
  await closeSink(again)
}, 30_000)

afterAll(() => {
  removeDir(base)
  for (const d of dirs) removeDir(d)
})

describe('audit-seal with Ed25519 keys', () => {
  it('the verification key is a public key; the host keeps only the current private key', () => {
    const text = formatVerificationKey(vk)
    expect(text).toMatch(/^lwseal2\.\d+\.1000\.[\w-]{43}$/)
    expect(parseVerificationKey(text)).toMatchObject({ alg: 'ed25519', kid: vk.kid })
    const stored = readSigningKey(join(base, SEAL_DIR, KEY_FILE))
    expect(stored.alg).toBe('ed25519')
    const seals = readSeals(base)
    expect(stored.epoch).toBeGreaterThanOrEqual(seals.at(-1)!.epoch)
    expect(seals.at(-1)!.epoch).toBeGreaterThanOrEqual(2)
    // one certificate per epoch the host went through
    // one certificate per epoch boundary the host saw running; the restart's certifies straight across the gap
    const certs = readFileSync(join(base, SEAL_DIR, CERTS_FILE), 'utf8')
      .split('\n')
      .filter(Boolean)
    expect(certs.length).toBeGreaterThanOrEqual(2)
    expect(certs.length).toBeLessThanOrEqual(stored.epoch)
    expect(certs.map((c) => (JSON.parse(c) as { epoch: number }).epoch).at(-1)).toBe(stored.epoch)
  })

  it('verify proves every line, across epochs, rotations and a restart, with the public key alone', () => {
    const report = verifyDir({ dir: base, key: vk })
    expect(report.status, JSON.stringify(report.categories[0]!.break)).toBe('verified')
    expect(report.categories[0]!.sealedLines).toBe(300)
    expect(readCategoryLines(base, 'audit').length).toBe(300)
  })

  it('an edited record is found; another key pair is unverifiable', () => {
    const dir = copy()
    editLastRecord(dir)
    expect(verifyDir({ dir, key: vk }).categories[0]!.break).toMatchObject({ problem: 'modified' })
    const other = newEd25519Key(vk.t0, vk.epochMs).vk
    expect(verifyDir({ dir: base, key: other }).status).toBe('unverifiable')
  })

  it("the current private key cannot re-seal the past: not as its own epoch, nor an old one, nor through a certificate of the attacker's", () => {
    const dir = copy()
    const stolen = readSigningKey(join(dir, SEAL_DIR, KEY_FILE))
    const signer = signerFor(stolen)
    const seals = readSeals(dir)
    editLastRecord(dir)
    // as the current epoch: every signature is valid, but the records are older than the epoch allows
    resealWith(dir, (i) => signer.sign(i), stolen.epoch, vk.t0 + stolen.epoch * 1000)
    expect(verifyDir({ dir, key: vk }).categories[0]!.break).toMatchObject({ problem: 'out-of-epoch' })
    // as the old epochs, signed with the stolen key: not their keys
    resealWith(dir, (i) => signer.sign(i), seals[0]!.epoch, seals[0]!.t)
    expect(verifyDir({ dir, key: vk }).categories[0]!.break).toMatchObject({ problem: 'forged-seal', seal: 0 })
    // certifying its own key for epoch 1 with the stolen one: the certificate is not from epoch 0's key
    const own = newEd25519Key(vk.t0, vk.epochMs)
    const pub = own.vk.seed.toString('base64url')
    const body = [`logwarden audit-seal epoch key v1`, vk.kid, 1, stolen.epoch, pub].join('\n')
    const forged = { epoch: 1, from: stolen.epoch, pub, sig: sign(null, Buffer.from(body), privateKeyOf(stolen.key)).toString('base64') }
    appendFileSync(join(dir, SEAL_DIR, CERTS_FILE), `${JSON.stringify(forged)}\n`)
    const ownSigner = signerFor(own.signing)
    const epoch1 = seals.find((s) => s.epoch === 1) ?? seals[0]!
    resealWith(dir, (i) => ownSigner.sign(i), 1, epoch1.t)
    expect(verifyDir({ dir, key: vk }).categories[0]!.break).toMatchObject({ problem: 'forged-seal', seal: 0 })
  })
})
