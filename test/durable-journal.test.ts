/**
 * The journal's bookkeeping while a logger runs: the sinks' acknowledgements become saved
 * watermarks, and a journal that cannot be written is reported while the records still reach
 * their sinks. Real files, real worker threads.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createLogger } from 'logwarden'
import { readLines, tempDir } from './helpers/sinks.js'

const t = tempDir('lw-durable-journal-')
afterAll(() => t.cleanup())

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('the durable journal while running', () => {
  it('confirmed records move the saved watermark of every sink; a clean close removes the journal', async () => {
    const dir = join(t.dir, 'marks')
    const log = await createLogger({ config: { plugins: [{ 'sink-file': { dir } }] } })
    for (let i = 0; i < 500; i++) log.audit({ action: 'approve_withdrawal', actor: 'ops', i })
    await log.flush()
    const journal = join(dir, '.journal')
    const acks = () => readdirSync(journal).find((f) => f.endsWith('.acks'))
    for (let waited = 0; acks() === undefined && waited < 3000; waited += 50) await sleep(50)
    await sleep(250) // a later tick may still be saving an earlier figure
    const saved = JSON.parse(readFileSync(join(journal, acks()!), 'utf8')) as { lanes: Record<string, number> }
    // every one of the 500 records (indexes 0…499) is confirmed by sink-file
    expect(saved.lanes['sink-file']).toBe(499)
    await log.close()
    expect(existsSync(journal)).toBe(false)
  })

  it('a journal that cannot be written is reported (LW_ERR_JOURNAL_FAILED); the records still reach the sink', async () => {
    const dir = join(t.dir, 'broken')
    const notADir = join(t.dir, 'a-file')
    writeFileSync(notADir, 'x')
    const log = await createLogger({ config: { durable: { dir: join(notADir, 'journal') }, plugins: [{ 'sink-file': { dir } }] } })
    for (let i = 0; i < 10; i++) log.audit({ action: 'approve_withdrawal', actor: 'ops', i })
    await log.flush()
    await log.close()
    expect(readLines(join(dir, 'audit.log')).map((r) => r.i)).toEqual(Array.from({ length: 10 }, (_, i) => i))
    const reports = readLines(join(dir, 'error.log')).filter((r) => r.code === 'LW_ERR_JOURNAL_FAILED')
    // once per cause per minute, not once per record
    expect(reports).toHaveLength(1)
    expect(String(reports[0]!.message)).toContain('ENOTDIR')
  })
})
