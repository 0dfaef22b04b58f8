import { describe, expect, it } from 'vitest'
import { bufferLines, chunkLines, scanRegion } from './line-scan.js'

const lines = ['{"a":"x1","m":"é"}', '{"a":"y2"}', '{"a":"x1","b":"x1"}', '{"a":"z3 ✓"}']
const text = `${lines.join('\n')}\n`

async function collect(chunks: Buffer[], needles?: Buffer[] | RegExp): Promise<string[]> {
  const out: string[] = []
  for await (const batch of chunkLines(
    (async function* () {
      yield* chunks
    })(),
    needles,
  ))
    out.push(...batch)
  return out
}

describe('line scan', () => {
  it('returns every line without needles, and only lines holding a needle with them (each once)', () => {
    expect(bufferLines(Buffer.from(text))).toEqual(lines)
    expect(bufferLines(Buffer.from(text), [Buffer.from('x1')])).toEqual([lines[0], lines[2]])
    expect(bufferLines(Buffer.from(text), [Buffer.from('z3'), Buffer.from('y2')])).toEqual([lines[1], lines[3]])
    expect(bufferLines(Buffer.from(text), [Buffer.from('nowhere')])).toEqual([])
  })

  it('finds a needle on the first and on the last line (no trailing newline)', () => {
    const out: string[] = []
    const buf = Buffer.from('needle first\nmiddle\nlast needle')
    scanRegion(buf, buf.length, [Buffer.from('needle')], out)
    expect(out).toEqual(['needle first', 'last needle'])
  })

  it('joins lines cut across chunks, multi-byte characters included, at every cut', async () => {
    const bytes = Buffer.from(text)
    for (let cut = 1; cut < bytes.length; cut++) {
      const chunks = [bytes.subarray(0, cut), bytes.subarray(cut)]
      expect(await collect(chunks)).toEqual(lines)
      expect(await collect(chunks, [Buffer.from('x1')])).toEqual([lines[0], lines[2]])
    }
    expect(await collect([Buffer.from('{"a":1}\n{"torn":')])).toEqual(['{"a":1}', '{"torn":'])
  })
})

describe('line scan with a case-insensitive pattern', () => {
  it('returns each line the pattern matches in, once, at any cut', async () => {
    const text2 = 'Account LOCKED a\nnothing\naccount locked, account locked\nlast account Locked'
    expect(bufferLines(Buffer.from(text2), /account locked/gi)).toEqual(['Account LOCKED a', 'account locked, account locked', 'last account Locked'])
    const bytes = Buffer.from(`${text2}\n`)
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(await collect([bytes.subarray(0, cut), bytes.subarray(cut)], /account locked/gi)).toHaveLength(3)
    }
  })
})
