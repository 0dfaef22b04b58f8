/**
 * Seal files pruned with retention: once rotate deletes the oldest files, their seals go and a
 * signed checkpoint says where the kept chain starts. verify then proves everything kept, "from"
 * the first kept file, and still finds tampering, the checkpoint's included. Real worker, real
 * rotation, gzip and retention.
 */
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEAL_DIR, parseCheckpoint, parseSeal, sealFileName, verifyDir } from '../../lib/seal/index.js'
import type { VerificationKey } from '../../lib/seal/index.js'
import { compareRotated, parseLogFileName } from '../../lib/log-dir/index.js'
import { readCategoryLines, removeDir, tempDir } from '../sink-file/test/helpers.js'
import { closeSink, initKey, openSealedSink, writeLines } from './test/harness.js'

const KEEP = 3
let base: string
let vk: VerificationKey
const dirs: string[] = []

const sealPath = (dir: string) => join(dir, SEAL_DIR, sealFileName('audit'))
const sealLines = (dir: string) => readFileSync(sealPath(dir), 'utf8').split('\n').filter(Boolean)

/** The rotated audit files on disk, oldest first. */
function rotatedFiles(dir: string): string[] {
  return readdirSync(dir)
    .map((n) => parseLogFileName(n))
    .filter((f) => f !== undefined && f.category === 'audit' && (f.kind === 'rotated' || f.kind === 'compressed'))
    .sort((a, b) => compareRotated(a!, b!))
    .map((f) => f!.name)
}

function copy(): string {
  const dir = tempDir('lw-seal-prune-t-')
  dirs.push(dir)
  cpSync(base, dir, { recursive: true })
  rmSync(join(dir, '.logwarden.lock'), { force: true })
  return dir
}

beforeAll(async () => {
  base = tempDir('lw-seal-prune-')
  vk = initKey(base)
  const sink = await openSealedSink(base, { maxFiles: KEEP })
  await writeLines(sink, 0, 400)
  await closeSink(sink)
}, 30_000)

afterAll(() => {
  removeDir(base)
  for (const d of dirs) removeDir(d)
})

describe('audit-seal: seals pruned with retention', () => {
  it('keeps only the seals of the files kept, behind a signed checkpoint', () => {
    const kept = rotatedFiles(base)
    expect(kept.length).toBe(KEEP)
    const [first, ...rest] = sealLines(base)
    const checkpoint = parseCheckpoint(first!)!
    expect(checkpoint.seq).toBeGreaterThan(KEEP)
    // every rotation seal left names a file still there; the checkpoint names the ones deleted
    const rots = rest.map((l) => parseSeal(l)!.rot).filter((r) => r !== undefined)
    expect(rots.length).toBe(KEEP)
    for (const r of rots) expect(kept.some((k) => k.startsWith(r!))).toBe(true)
    for (const f of checkpoint.files) expect(existsSync(join(base, f)) || existsSync(join(base, `${f}.gz`))).toBe(false)
  })

  it('verify proves every kept line, from the first kept file, with no missing file', () => {
    const report = verifyDir({ dir: base, key: vk })
    const audit = report.categories[0]!
    expect(report.status, JSON.stringify(audit.break)).toBe('verified')
    expect(audit.pruned).toEqual([])
    expect(audit.prunedBefore!.seals).toBe(parseCheckpoint(sealLines(base)[0]!)!.seq)
    expect(audit.verifiedFrom!.file).toBe(join(base, rotatedFiles(base)[0]!))
    const firstKept = JSON.parse(readCategoryLines(base, 'audit')[0]!) as { timestamp: string }
    expect(audit.verifiedFrom!.time).toBe(firstKept.timestamp)
    expect(audit.sealedLines).toBe(readCategoryLines(base, 'audit').length)
    expect(audit.unsealed).toBeUndefined()
  })

  it('a restart continues the chain after a checkpoint, and prunes again', async () => {
    const dir = copy()
    const before = parseCheckpoint(sealLines(dir)[0]!)!
    const sink = await openSealedSink(dir, { maxFiles: KEEP })
    await writeLines(sink, 400, 200)
    await closeSink(sink)
    const after = parseCheckpoint(sealLines(dir)[0]!)!
    expect(after.seq).toBeGreaterThan(before.seq)
    const report = verifyDir({ dir, key: vk })
    expect(report.status, JSON.stringify(report.categories[0]!.break)).toBe('verified')
    expect(report.categories[0]!.sealedLines).toBe(readCategoryLines(dir, 'audit').length)
  }, 30_000)

  it('a restart after every seal was pruned goes on from the checkpoint alone', async () => {
    const dir = copy()
    // the state after retention deleted every file the remaining seals covered: only the checkpoint
    const sink = await openSealedSink(dir, { maxFiles: 0 })
    await writeLines(sink, 400, 200)
    await sink.command!('rotate', { category: 'audit' })
    await closeSink(sink)
    expect(sealLines(dir).length).toBe(1)
    expect(rotatedFiles(dir)).toEqual([])
    const again = await openSealedSink(dir, { maxFiles: 0 })
    await writeLines(again, 600, 5)
    await closeSink(again)
    const report = verifyDir({ dir, key: vk })
    expect(report.status, JSON.stringify(report.categories[0]!.break)).toBe('verified')
    expect(report.categories[0]!.sealedLines).toBe(readCategoryLines(dir, 'audit').length)
  }, 30_000)

  it('a kept file deleted is still a missing file', () => {
    const dir = copy()
    rmSync(join(dir, rotatedFiles(dir)[0]!))
    const audit = verifyDir({ dir, key: vk }).categories[0]!
    expect(audit.status).toBe('tampered')
    expect(audit.break!.problem).toBe('missing-file')
  })

  it('a checkpoint altered (more seals claimed pruned) is forged', () => {
    const dir = copy()
    const [first, ...rest] = sealLines(dir)
    const c = parseCheckpoint(first!)!
    writeFileSync(sealPath(dir), [JSON.stringify({ ...c, files: [...c.files, rotatedFiles(dir)[0]] }), ...rest].join('\n') + '\n')
    const audit = verifyDir({ dir, key: vk }).categories[0]!
    expect(audit.status).toBe('tampered')
    expect(audit.break).toMatchObject({ problem: 'forged-seal', line: 1 })
  })

  it('the checkpoint removed: the kept seals no longer start a chain', () => {
    const dir = copy()
    writeFileSync(sealPath(dir), sealLines(dir).slice(1).join('\n') + '\n')
    const audit = verifyDir({ dir, key: vk }).categories[0]!
    expect(audit.status).toBe('tampered')
    expect(audit.break!.problem).toBe('seal-chain')
  })
})
