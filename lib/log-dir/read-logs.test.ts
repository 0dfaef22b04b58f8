import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { once } from 'node:events'
import { createGzip, gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { readLogs } from './read-logs.js'
import { T, collect, rec, type Rec } from './testing/records.js'

const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix))
const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true })

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

const text = (records: Rec[], tail = '') => records.map((r) => `${JSON.stringify(r)}\n`).join('') + tail

/** A directory as sink-file + rotate leave it, with every kind of file in it. */
function fixture() {
  const dir = tempDir('lw-read-')
  cleanups.push(() => removeDir(dir))
  const sys1 = [rec(0, 'system', 's0'), rec(2, 'system', 's2', { level: 'warn' }), rec(4, 'system', 's4')]
  const sys2 = [rec(10, 'system', 's10', { details: { rule: 'DailyLoss' } }), rec(12, 'system', 's12')]
  const sysActive = [rec(20, 'system', 's20', { account_id: 123 }), rec(22, 'system', 's22')]
  const enf1 = [rec(1, 'enforcement', 'e1', { details: { rule: 'UnrealizedLoss' } }), rec(11, 'enforcement', 'e11', { level: 'error' })]
  const enfActive = [rec(21, 'enforcement', 'e21', { level: 'critical', details: { rule: 'UnrealizedLoss' } })]
  const err = [{ ...enf1[1]! }, rec(13, 'error', 'x13', { level: 'error' }), { ...enfActive[0]! }] // copies + one of its own
  writeFileSync(join(dir, 'system.2026-11-23T10-00-05Z.1.log.gz'), gzipSync(text(sys1)))
  writeFileSync(join(dir, 'system.2026-11-23T10-00-13Z.1.log'), text(sys2))
  writeFileSync(join(dir, 'system.2026-11-23T10-00-13Z.1.log.gz'), gzipSync(text(sys2))) // compressed, source not yet removed
  writeFileSync(join(dir, 'system.2026-11-23T10-00-14Z.1.log.gz.tmp'), 'partial garbage')
  writeFileSync(join(dir, 'system.log'), text(sysActive, '{"timestamp":"2026-11-23T10:00:2')) // a line being written
  writeFileSync(join(dir, 'enforcement.2026-11-23T10-00-12Z.1.log.gz'), gzipSync(text(enf1)))
  writeFileSync(join(dir, 'enforcement.log'), text(enfActive))
  writeFileSync(join(dir, 'error.log'), text(err))
  writeFileSync(join(dir, '.logwarden.lock'), '1\n')
  writeFileSync(join(dir, 'README.txt'), 'not a log')
  return { dir, sys: [...sys1, ...sys2, ...sysActive], enf: [...enf1, ...enfActive], err }
}

const ids = (records: Rec[]) => records.map((r) => r.event_id)

describe('readLogs', () => {
  it('merges every category in time order across .gz, rotated .log and active files, each record once', async () => {
    const { dir } = fixture()
    const all = await collect({ dir })
    expect(ids(all)).toEqual(['s0', 'e1', 's2', 's4', 's10', 'e11', 's12', 'x13', 's20', 'e21', 's22'])
    expect(all[4]).toEqual(rec(10, 'system', 's10', { details: { rule: 'DailyLoss' } }))
  })

  it('reads one category, or several; error.log keeps the copies it holds when read alone', async () => {
    const { dir, enf, err } = fixture()
    expect(await collect({ dir, category: 'enforcement' })).toEqual(enf)
    expect(await collect({ dir, category: 'error' })).toEqual(err)
    expect(ids(await collect({ dir, category: ['error', 'enforcement'] }))).toEqual(['e1', 'e11', 'x13', 'e21'])
  })

  it('filters by time, level, fields and text', async () => {
    const { dir } = fixture()
    expect(ids(await collect({ dir, since: T(10), until: new Date(T(13)) }))).toEqual(['s10', 'e11', 's12', 'x13'])
    expect(ids(await collect({ dir, since: '10s', now: Date.parse(T(22)) }))).toEqual(['s12', 'x13', 's20', 'e21', 's22'])
    expect(ids(await collect({ dir, until: Date.parse(T(1)) }))).toEqual(['s0', 'e1'])
    expect(ids(await collect({ dir, minLevel: 'warn' }))).toEqual(['s2', 'e11', 'x13', 'e21'])
    expect(ids(await collect({ dir, minLevel: 'error', category: 'error' }))).toEqual(['e11', 'x13', 'e21'])
    expect(ids(await collect({ dir, where: { 'details.rule': 'UnrealizedLoss' } }))).toEqual(['e1', 'e21'])
    expect(ids(await collect({ dir, where: { account_id: '123' } }))).toEqual(['s20'])
    expect(ids(await collect({ dir, where: { category: 'enforcement', level: 'critical' } }))).toEqual(['e21'])
    expect(ids(await collect({ dir, where: (r) => r.event_id === 's4' }))).toEqual(['s4'])
    expect(ids(await collect({ dir, grep: 'DailyLoss' }))).toEqual(['s10'])
    const re = /"event_id":"s\d+"/g // a global RegExp must not skip lines through lastIndex
    expect(ids(await collect({ dir, grep: re }))).toEqual(['s0', 's2', 's4', 's10', 's12', 's20', 's22'])
  })

  it('rejects options it cannot read', async () => {
    const { dir } = fixture()
    await expect(collect({ dir, since: 'last tuesday' })).rejects.toMatchObject({ code: 'LW_ERR_READ_LOGS_OPTION' })
    await expect(collect({ dir, minLevel: 'loud' as never })).rejects.toMatchObject({ code: 'LW_ERR_READ_LOGS_OPTION' })
    await expect(collect({ dir: join(dir, 'missing') })).rejects.toMatchObject({ code: 'LW_ERR_READ_LOGS_FILE' })
  })

  it('throws on a corrupt archive naming it, or reports it through onError and reads on', async () => {
    const { dir } = fixture()
    const bad = join(dir, 'system.2026-11-23T10-00-05Z.1.log.gz')
    writeFileSync(bad, gzipSync(text([rec(0, 'system', 's0')])).subarray(0, 20))
    await expect(collect({ dir, category: 'system' })).rejects.toThrow(bad)
    const errors: string[] = []
    const got = await collect({ dir, category: 'system', onError: (file) => errors.push(file) })
    expect(errors).toEqual([bad])
    expect(ids(got)).toEqual(['s10', 's12', 's20', 's22'])
  })

  it('streams: memory stays flat while reading a large archive', async () => {
    const dir = tempDir('lw-read-big-')
    cleanups.push(() => removeDir(dir))
    mkdirSync(dir, { recursive: true })
    const lines = 250_000
    const pad = 'p'.repeat(180)
    const gz = createGzip({ level: 1 })
    const out = gz.pipe(createWriteStream(join(dir, 'system.2026-11-23T12-00-00Z.1.log.gz')))
    let chunk = ''
    for (let i = 0; i < lines; i++) {
      chunk += `{"timestamp":"${new Date(Date.UTC(2026, 10, 23, 10) + i).toISOString()}","level":"info","category":"system","message":"m${i}","event_id":"e${i}","pad":"${pad}"}\n`
      if (chunk.length > 1 << 20) {
        if (!gz.write(chunk)) await once(gz, 'drain')
        chunk = ''
      }
    }
    gz.end(chunk)
    await once(out, 'finish')
    // ~60 MB of JSON lines; a reader that kept them would grow the heap by more than that
    const base = process.memoryUsage().heapUsed
    let peak = 0
    let n = 0
    for await (const r of readLogs({ dir, grep: /"message":"m(0|\d*00)"/ })) {
      n++
      if (n % 25 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - base)
      expect(r.category).toBe('system')
    }
    expect(n).toBe(lines / 100)
    expect(peak).toBeLessThan(40 * 1024 * 1024)
  }, 30_000)
})
