/**
 * One seal: a line of `<dir>/.seal/<category>.seals`. It covers lines [line, line+n) of segment
 * `seg` of a category (segment = one physical file: the active file until a rotation renames it to
 * `rot`). `digest` = SHA-256(DIGEST_TAG || prev seal's MAC || the covered bytes, newlines included):
 * the chain. `loc` holds a 32-bit FNV-1a per covered line: not a security check (the digest is),
 * only what lets verify say which line was changed, deleted, inserted or swapped. The MAC binds all
 * of it, the epoch included, with the epoch's key.
 */
import { createHmac } from 'node:crypto'

export const DIGEST_TAG = 'logwarden audit-seal chain v1'
export const SEAL_DIR = '.seal'
export const KEY_FILE = 'signing.key'

export interface Seal {
  v: 1
  kid: string
  cat: string
  seq: number
  epoch: number
  /** when it was made (ms); must fall inside its epoch */
  t: number
  seg: number
  line: number
  n: number
  /** base64 of the previous seal's MAC; '' for a category's first seal */
  prev: string
  digest: string
  loc: string
  /** the segment ends here: its file was renamed to this name (then maybe gzipped or archived) */
  rot?: string
  /** covers lines written before a restart in an earlier epoch: not forward-secure, reported */
  late?: true
  mac: string
}

export function sealFileName(category: string): string {
  return `${category}.seals`
}

/** What a seal's MAC (or Ed25519 signature) covers: every field but the MAC itself. */
export function sealInput(s: Omit<Seal, 'mac'>): string {
  return [s.v, s.kid, s.cat, s.seq, s.epoch, s.t, s.seg, s.line, s.n, s.prev, s.digest, s.loc, s.rot ?? '', s.late ? 1 : 0].join('\n')
}

export function computeMac(key: Buffer, s: Omit<Seal, 'mac'>): Buffer {
  return createHmac('sha256', key).update(sealInput(s)).digest()
}

export function parseSeal(line: string): Seal | undefined {
  try {
    const s = JSON.parse(line) as Seal
    if (s.v !== 1 || typeof s.mac !== 'string' || typeof s.digest !== 'string') return undefined
    return s
  } catch {
    return undefined
  }
}

/** FNV-1a, 32 bits, continued from `h` (start with FNV_OFFSET): the locator per line. */
export const FNV_OFFSET = 0x811c9dc5 | 0
/** Kept as a signed 32-bit integer (a small integer to V8: no heap number per step); `>>> 0` to compare. */
export function fnv1a(bytes: Uint8Array, from: number, to: number, h = FNV_OFFSET): number {
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193)
  return h
}

/** The locators of a seal, unpacked. */
export function unpackLoc(loc: string): Uint32Array {
  const b = Buffer.from(loc, 'base64')
  const out = new Uint32Array(b.length >>> 2)
  for (let i = 0; i < out.length; i++) out[i] = b.readUInt32BE(i * 4)
  return out
}

/** The record's `timestamp` (ms) read from the raw line without parsing it all; undefined if absent. */
const TS_RE = /"timestamp":"([^"]{10,40})"/
export function lineTime(line: string): number | undefined {
  const m = TS_RE.exec(line.length > 200 ? line.slice(0, 200) : line)
  if (!m) return undefined
  const t = Date.parse(m[1]!)
  return Number.isNaN(t) ? undefined : t
}
