/**
 * Test support for audit-seal: a key set up as `seal init` does, sink-file's real worker with rotate's
 * real rotation (size-triggered, gzip) and the sealer attached through the write seam, and the
 * attacker's tools (re-sealing a chain with a key it holds).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createSink } from '../../sink-file/worker.js'
import { makeBatch, makeContext, recordLine } from '../../sink-file/test/helpers.js'
import type { Sink } from '../../../core/sink-contract.js'
import {
  KEY_FILE,
  SEAL_DIR,
  firstSigningKey,
  newEd25519Key,
  newSeed,
  parseSeal,
  sealFileName,
  sealInput,
  signerFor,
  writeSigningKey,
} from '../../../lib/seal/index.js'
import type { Seal, VerificationKey } from '../../../lib/seal/index.js'
import { locatorOf, readSegment, findSegmentFile } from '../../../lib/seal/segment.js'
import { DIGEST_TAG } from '../../../lib/seal/index.js'
import { createHash } from 'node:crypto'

export function initKey(dir: string, epochMs = 15 * 60_000): VerificationKey {
  const vk = newSeed(Date.now(), epochMs)
  writeSigningKey(join(dir, SEAL_DIR, KEY_FILE), firstSigningKey(vk))
  return vk
}

/** As `seal init --algorithm ed25519` does: the verification key is epoch 0's public key. */
export function initEd25519Key(dir: string, epochMs = 15 * 60_000): VerificationKey {
  const { vk, signing } = newEd25519Key(Date.now(), epochMs)
  writeSigningKey(join(dir, SEAL_DIR, KEY_FILE), signing)
  return vk
}

export interface SealedSinkOptions {
  maxSize?: number
  /** rotated files kept per category (retention deletes older ones); default: all */
  maxFiles?: number
  intervalMs?: number
  categories?: string[]
  /** SIGKILL the process in this rotation, between its seal and its rename (test/kill-observer.ts) */
  killAtRotation?: number
}

export async function openSealedSink(dir: string, o: SealedSinkOptions = {}): Promise<Sink> {
  return createSink(
    {
      dir,
      rotation: {
        module: new URL('../../rotate/rotation.js', import.meta.url).href,
        options: { maxSize: o.maxSize ?? 4096, maxFiles: o.maxFiles ?? 100_000, maxAge: false, compress: 'gzip', compressLevel: 6 },
      },
      observers: [
        {
          module: new URL('../sealer.js', import.meta.url).href,
          options: { categories: o.categories ?? ['audit'], intervalMs: o.intervalMs ?? 60_000, fsync: false },
        },
        ...(o.killAtRotation !== undefined ? [{ module: new URL('./kill-observer.js', import.meta.url).href, options: { at: o.killAtRotation } }] : []),
      ],
    },
    makeContext().ctx,
  )
}

let batchSeq = 0
/** Writes lines `from`…`from+count-1` of `category`, `perBatch` a batch, stamped now. */
export async function writeLines(sink: Sink, from: number, count: number, category = 'audit', perBatch = 10): Promise<void> {
  for (let i = from; i < from + count; i += perBatch) {
    const n = Math.min(perBatch, from + count - i)
    const lines = Array.from({ length: n }, (_, k) => recordLine(i + k, category, { pad: 'x'.repeat(60) }, Date.now()))
    await sink.write(makeBatch(++batchSeq, [{ category, lines }]))
  }
}

export async function closeSink(sink: Sink): Promise<void> {
  await sink.command!('idle', undefined)
  await sink.close!()
}

export function readSeals(dir: string, category = 'audit'): Seal[] {
  return readFileSync(join(dir, SEAL_DIR, sealFileName(category)), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => parseSeal(l)!)
}

/**
 * The attacker: recomputes every seal from `fromSeq` on over the files as they are now, with `key`
 * (a signing key it stole or made up) claiming `epoch` at time `t`: a chain as valid as it can make.
 */
export function reseal(dir: string, key: Buffer, epoch: number, t: number, fromSeq = 0, category = 'audit'): void {
  const signer = signerFor({ kid: '', t0: 0, epochMs: 1000, epoch, key })
  resealWith(dir, (input) => signer.sign(input), epoch, t, fromSeq, category)
}

/** As reseal, signing with whatever the attacker holds (an HMAC key, an Ed25519 private key). */
export function resealWith(dir: string, sign: (input: string) => Buffer, epoch: number, t: number, fromSeq = 0, category = 'audit'): void {
  const seals = readSeals(dir, category)
  const rotName = new Map(seals.filter((s) => s.rot).map((s) => [s.seg, s.rot!]))
  let prev = fromSeq > 0 ? seals[fromSeq - 1]!.mac : ''
  const out: Seal[] = seals.slice(0, fromSeq)
  for (const s of seals.slice(fromSeq)) {
    const file = findSegmentFile(rotName.get(s.seg) ?? `${category}.log`, [dir])!
    const seg = readSegment(file)
    const n = Math.min(s.n, seg.lines - s.line)
    const digest = createHash('sha256')
      .update(DIGEST_TAG)
      .update(Buffer.from(prev, 'base64'))
      .update(seg.data.subarray(seg.starts[s.line], seg.starts[s.line + n]))
      .digest('base64')
    const loc = Buffer.alloc(n * 4)
    for (let i = 0; i < n; i++) loc.writeUInt32BE(locatorOf(seg, s.line + i)!, i * 4)
    const { mac: _old, ...rest } = s
    const body = { ...rest, epoch, t, n, prev, digest, loc: loc.toString('base64') }
    const mac = sign(sealInput(body)).toString('base64')
    out.push({ ...body, mac })
    prev = mac
  }
  writeFileSync(join(dir, SEAL_DIR, sealFileName(category)), out.map((s) => `${JSON.stringify(s)}\n`).join(''))
}
