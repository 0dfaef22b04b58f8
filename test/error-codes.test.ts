/** Every error code the source raises is documented in docs/errors.md (code, meaning, fix). */
import { describe, expect, it } from 'vitest'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

function sources(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules' && name !== 'test' && name !== 'testing' && name !== 'test-support') out.push(...sources(path))
    } else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(path)
  }
  return out
}

describe('docs/errors.md', () => {
  it('documents every LW_ERR_* code used in core/, plugins/ and cli/', () => {
    const doc = readFileSync(join(ROOT, 'docs/errors.md'), 'utf8')
    const codes = new Set<string>()
    for (const dir of ['core', 'plugins', 'cli']) {
      let files: string[] = []
      try { files = sources(join(ROOT, dir)) } catch { continue }
      // whole codes only: `LW_ERR_CLI_${x}` templates and startsWith('LW_ERR_CONFIG') prefixes are not codes
      for (const file of files) for (const m of readFileSync(file, 'utf8').matchAll(/(?<!startsWith\(')LW_ERR_[A-Z0-9]+(?:_[A-Z0-9]+)*(?![A-Z0-9_$`{])/g)) codes.add(m[0])
    }
    expect(codes.size).toBeGreaterThan(20)
    const missing = [...codes].filter((c) => !doc.includes(`\`${c}\``)).sort()
    expect(missing).toEqual([])
  })
})
