/**
 * sink-file (with rotate) writes, readLogs reads back: the two ends of the log directory agree on
 * names, order and error-log copies.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { collect, rec, type Rec } from '../../lib/log-dir/testing/records.js'
import { createSink } from './worker.js'
import { makeBatch, makeContext, removeDir, tempDir } from './test/helpers.js'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

const ids = (records: Rec[]) => records.map((r) => r.event_id)

describe('readLogs after sink-file', () => {
  it('reads back exactly what sink-file and rotate wrote', async () => {
    const dir = tempDir('lw-read-rt-')
    cleanups.push(() => removeDir(dir))
    const sink = await createSink(
      {
        dir,
        rotation: { module: new URL('../rotate/rotation.js', import.meta.url).href, options: { maxSize: 700, maxFiles: 1000 } },
      },
      makeContext().ctx,
    )
    cleanups.push(() => sink.close?.())
    const written: Rec[] = []
    for (let b = 0; b < 40; b++) {
      const sys = rec(b * 3, 'system', `s${b}`)
      const enf = rec(b * 3 + 1, 'enforcement', `e${b}`, { level: b % 4 === 0 ? 'error' : 'info' })
      const audit = rec(b * 3 + 2, 'audit', `a${b}`)
      written.push(sys, enf, audit)
      const groups = [
        { category: 'system', lines: [JSON.stringify(sys)] },
        { category: 'enforcement', lines: [JSON.stringify(enf)] },
        { category: 'audit', lines: [JSON.stringify(audit)] },
      ]
      if (enf.level === 'error') groups.push({ category: 'error', lines: [JSON.stringify(enf)], errorCopy: true } as never)
      await sink.write(makeBatch(b + 1, groups))
    }
    await sink.command!('idle', undefined)
    expect(await collect({ dir })).toEqual(written)
    expect(ids(await collect({ dir, category: 'error' }))).toEqual(['e0', 'e4', 'e8', 'e12', 'e16', 'e20', 'e24', 'e28', 'e32', 'e36'])
  })
})
