/**
 * docs/writing-plugins.md runs: every code block in it is a file that a test builds and runs —
 * examples/custom-sink (test/examples-custom-sink.test.ts runs npm install && npm test there) or
 * what `logwarden plugins new` writes (test/cli/plugins-new.test.ts installs and tests those) —
 * and this test holds each block to that file, character for character. A config block must
 * pass the config schema.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { files, pluginRange, type Kind } from '../cli/lib/scaffold/templates.js'
import { checkConfigData } from '../core/config.js'
import { packageVersion } from '../lib/util/index.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const GUIDE = readFileSync(join(ROOT, 'docs', 'writing-plugins.md'), 'utf8')

interface Block {
  line: number
  note: string | undefined
  code: string
}

function blocks(text: string): Block[] {
  const out: Block[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    if (!/^```\w*$/.test(lines[i]!)) continue
    const start = i
    const end = lines.indexOf('```', i + 1)
    const note = /^<!-- (.+?) -->$/.exec(lines[start - 1] ?? '')?.[1]
    out.push({ line: start + 1, note, code: lines.slice(start + 1, end).join('\n') })
    i = end
  }
  return out
}

const all = blocks(GUIDE)

describe('docs/writing-plugins.md', () => {
  it('has code blocks, and says for each which run it belongs to', () => {
    expect(all.length).toBeGreaterThanOrEqual(9)
    expect(all.filter((b) => b.note === undefined).map((b) => `line ${b.line}`)).toEqual([])
  })

  it.each(all.map((b) => [`line ${b.line}: ${b.note}`, b] as const))('%s', (_, b) => {
    const [what, ...rest] = b.note!.split(/:? /)
    if (what === 'file') {
      expect(b.code).toBe(readFileSync(join(ROOT, rest[0]!), 'utf8').replace(/\n$/, ''))
    } else if (what === 'scaffold') {
      const kind = rest[0] as Kind
      const names = { pkg: `acme-${kind}`, plugin: `acme-${kind}`, range: pluginRange(packageVersion()), devSpec: 'unused' }
      expect(b.code).toBe(files(names, kind)[rest[1]!]!.replace(/\n$/, ''))
    } else if (what === 'config') {
      const checked = checkConfigData(JSON.parse(b.code), 'guide', undefined, ROOT)
      expect(checked.problems.lines).toEqual([])
    } else {
      throw new Error(`unknown note "${b.note}"`)
    }
  })
})
