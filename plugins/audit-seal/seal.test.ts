/**
 * audit-seal end to end on real files: sink-file's worker writes, rotate rotates and gzips, the
 * sealer seals, and verify (lib/seal) replays the chain. Each tampering is done to a copy of one
 * sealed directory, the way an attacker with write access to it would, and must be found and
 * located.
 */
import { cpSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KEY_FILE, SEAL_DIR, newSeed, readSigningKey, verifyDir } from '../../lib/seal/index.js'
import type { VerificationKey } from '../../lib/seal/index.js'
import { parseLogFileName } from '../../lib/log-dir/index.js'
import { removeDir, sleep, tempDir } from '../sink-file/test/helpers.js'
import { closeSink, initKey, openSealedSink, readSeals, reseal, writeLines } from './test/harness.js'

const TOTAL = 400
let base: string
let vk: VerificationKey
const dirs: string[] = []

function copy(): string {
  const dir = tempDir('lw-seal-t-')
  dirs.push(dir)
  cpSync(base, dir, { recursive: true })
  rmSync(join(dir, '.logwarden.lock'), { force: true })
  return dir
}

function gzNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => n.startsWith('audit.') && parseLogFileName(n)?.kind === 'compressed')
    .sort()
}

function lines(file: string): string[] {
  const raw = readFileSync(file)
  return (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8').split('\n').slice(0, -1)
}

function rewrite(file: string, edit: (lines: string[]) => string[]): void {
  const text = edit(lines(file))
    .map((l) => `${l}\n`)
    .join('')
  writeFileSync(file, file.endsWith('.gz') ? gzipSync(text) : text)
}

beforeAll(async () => {
  base = tempDir('lw-seal-')
  vk = initKey(base)
  const sink = await openSealedSink(base)
  await writeLines(sink, 0, TOTAL / 2)
  await closeSink(sink)
  // a second run continues the chain across the restart
  const again = await openSealedSink(base)
  await writeLines(again, TOTAL / 2, TOTAL / 2)
  await closeSink(again)
}, 30_000)

afterAll(() => {
  removeDir(base)
  for (const d of dirs) removeDir(d)
})

describe('audit-seal: untouched logs', () => {
  it('verify every line, across rotations, gzip and a restart', () => {
    expect(gzNames(base).length).toBeGreaterThan(3)
    const report = verifyDir({ dir: base, key: vk })
    expect(report.status).toBe('verified')
    const audit = report.categories.find((c) => c.category === 'audit')!
    expect(audit.break).toBeUndefined()
    expect(audit.sealedLines).toBe(TOTAL)
    expect(audit.unsealed).toBeUndefined()
    expect(audit.files.filter((f) => f.endsWith('.gz')).length).toBe(gzNames(base).length)
  })

  it('keep no key of an earlier epoch on disk, and never the seed', () => {
    const k = readSigningKey(join(base, SEAL_DIR, KEY_FILE))
    expect(k.key.equals(vk.seed)).toBe(false)
    expect(readFileSync(join(base, SEAL_DIR, KEY_FILE), 'utf8')).not.toContain(vk.seed.toString('base64'))
  })

  it('is unverifiable with another key', () => {
    const other = newSeed(vk.t0, vk.epochMs)
    const report = verifyDir({ dir: base, key: other })
    expect(report.status).toBe('unverifiable')
    expect(report.categories[0]!.break!.problem).toBe('wrong-key')
  })
})

describe('audit-seal: tampering is found and located', () => {
  function verifyBreak(dir: string, opts: { allowPruned?: boolean } = {}) {
    const report = verifyDir({ dir, key: vk, ...opts })
    const audit = report.categories.find((c) => c.category === 'audit')!
    return { report, audit, b: audit.break }
  }

  it('one changed byte in a record of a rotated .gz', () => {
    const dir = copy()
    const gz = join(dir, gzNames(dir)[1]!)
    rewrite(gz, (ls) => ls.map((l, i) => (i === 4 ? l.replace('"pad":"x', '"pad":"y') : l)))
    const { report, b } = verifyBreak(dir)
    expect(report.status).toBe('tampered')
    expect(b).toMatchObject({ problem: 'modified', file: gz, line: 5 })
  })

  it('a deleted line', () => {
    const dir = copy()
    const f = join(dir, gzNames(dir)[0]!)
    rewrite(f, (ls) => ls.filter((_, i) => i !== 7))
    expect(verifyBreak(dir).b).toMatchObject({ problem: 'deleted', file: f, line: 8 })
  })

  it('two swapped lines', () => {
    const dir = copy()
    const f = join(dir, 'audit.log')
    rewrite(f, (ls) => {
      const out = [...ls]
      ;[out[2], out[3]] = [out[3]!, out[2]!]
      return out
    })
    expect(verifyBreak(dir).b).toMatchObject({ problem: 'reordered', file: f, line: 3 })
  })

  it('an inserted forged line', () => {
    const dir = copy()
    const f = join(dir, gzNames(dir)[2]!)
    rewrite(f, (ls) => [...ls.slice(0, 5), ls[5]!.replace(/"i":\d+/, '"i":9999'), ...ls.slice(5)])
    expect(verifyBreak(dir).b).toMatchObject({ problem: 'inserted', file: f, line: 6 })
  })

  it('a truncated file', () => {
    const dir = copy()
    const f = join(dir, 'audit.log')
    const n = lines(f).length
    truncateSync(f, Buffer.byteLength(lines(f).slice(0, 3).join('\n')) + 10)
    const { b } = verifyBreak(dir)
    expect(n).toBeGreaterThan(4)
    expect(b).toMatchObject({ problem: 'truncated', file: f, line: 4 })
  })

  it('a deleted rotated .gz (and, with retention allowed, only a missing oldest file is pruned)', () => {
    const dir = copy()
    const names = gzNames(dir)
    rmSync(join(dir, names[2]!))
    const { b } = verifyBreak(dir, { allowPruned: true })
    expect(b).toMatchObject({ problem: 'missing-file', file: join(dir, names[2]!.replace(/\.gz$/, '')) })

    const pruned = copy()
    rmSync(join(pruned, names[0]!))
    expect(verifyBreak(pruned).b).toMatchObject({ problem: 'missing-file' })
    const allowed = verifyBreak(pruned, { allowPruned: true })
    expect(allowed.report.status).toBe('verified')
    expect(allowed.audit.pruned).toEqual([names[0]!.replace(/\.gz$/, '')])
  })

  it('a whole file replaced by a re-chained forgery made without the key', () => {
    const dir = copy()
    const f = join(dir, gzNames(dir)[1]!)
    rewrite(f, (ls) => ls.map((l) => l.replace(/"level":"info"/, '"level":"debug"')))
    const forger = newSeed(vk.t0, vk.epochMs)
    const seals = readSeals(dir)
    // the forger keeps each seal's epoch and time and recomputes digests and MACs with its own key
    reseal(dir, forger.seed, seals[0]!.epoch, seals[0]!.t)
    const { b } = verifyBreak(dir)
    expect(b).toMatchObject({ problem: 'forged-seal', seal: 0 })
  })

  it('a re-sealed range without the change is still found: the seal file line says which seal', () => {
    const dir = copy()
    const seals = readSeals(dir)
    writeFileSync(
      join(dir, SEAL_DIR, 'audit.seals'),
      seals
        .filter((_, i) => i !== 3)
        .map((s) => `${JSON.stringify(s)}\n`)
        .join(''),
    )
    expect(verifyBreak(dir).b).toMatchObject({ problem: 'seal-chain', seal: 4 })
  })
})

describe('audit-seal: forward security (journald CVE-2023-31439 class)', () => {
  it("rejects an old range re-sealed with a later epoch's key, and an old epoch claimed with it", async () => {
    const dir = tempDir('lw-seal-cve-')
    dirs.push(dir)
    const key = initKey(dir, 1000)
    const sink = await openSealedSink(dir, { maxSize: 1 << 20 })
    await writeLines(sink, 0, 30)
    await closeSink(sink)
    await sleep(2600) // two epochs later
    const later = await openSealedSink(dir, { maxSize: 1 << 20 })
    await writeLines(later, 30, 30)
    await closeSink(later)
    expect(verifyDir({ dir, key }).status).toBe('verified')
    const seals = readSeals(dir)
    expect(seals.at(-1)!.epoch).toBeGreaterThanOrEqual(seals[0]!.epoch + 2)

    // the attacker now owns the host: it has the current signing key, edits an old record and
    // re-seals the whole chain with that key, as the current epoch
    const stolen = readSigningKey(join(dir, SEAL_DIR, KEY_FILE))
    const f = join(dir, 'audit.log')
    rewrite(f, (ls) => ls.map((l, i) => (i === 2 ? l.replace('"line 2"', '"line two"') : l)))
    const now = Date.now()
    reseal(dir, stolen.key, stolen.epoch, Math.max(now, key.t0 + stolen.epoch * 1000))
    const report = verifyDir({ dir, key })
    expect(report.status).toBe('tampered')
    expect(report.categories[0]!.break).toMatchObject({ problem: 'out-of-epoch', file: f, line: 1 })

    // claiming the old epoch instead: the stolen key is not that epoch's key
    reseal(dir, stolen.key, seals[0]!.epoch, seals[0]!.t)
    expect(verifyDir({ dir, key }).categories[0]!.break).toMatchObject({ problem: 'forged-seal', seal: 0 })
  }, 20_000)
})
