/** CLI hygiene, as the real binary: -h, help <cmd>, version, did-you-mean for commands and flags, unknown categories. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { run } from './helpers.js'

// each case runs the CLI several times; a loaded machine takes seconds per start
vi.setConfig({ testTimeout: 120_000 })
let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-cli-hygiene-'))
  const rec = (category: string) => `${JSON.stringify({ timestamp: new Date().toISOString(), level: 'info', category, message: 'x' })}\n`
  writeFileSync(join(dir, 'enforcement.log'), rec('enforcement'))
  writeFileSync(join(dir, 'trading.log'), rec('trading'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('help and version', () => {
  it('-h, help and help <command> print the help, exit 0', async () => {
    const [short, top, tail, nested] = await Promise.all([run(['-h']), run(['help']), run(['help', 'tail']), run(['help', 'admin', 'reload'])])
    for (const res of [short, top]) {
      expect(res.code).toBe(0)
      expect(res.stdout).toContain('COMMANDS')
    }
    expect(tail.code).toBe(0)
    expect(tail.stdout).toContain('$ logwarden tail')
    expect(nested.stdout).toContain('$ logwarden admin reload')
    const dashH = await run(['query', '-h'])
    expect(dashH.code).toBe(0)
    expect(dashH.stdout).toContain('$ logwarden query')
  })

  it('version prints the package version, also as JSON', async () => {
    const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as { version: string }
    const text = await run(['version'])
    expect(text.code).toBe(0)
    expect(text.stdout).toContain(`logwarden ${pkg.version}`)
    const json = JSON.parse((await run(['version', '--json'])).stdout) as { version: string; node: string }
    expect(json).toMatchObject({ version: pkg.version, node: process.version })
  })
})

describe('did you mean', () => {
  it('a misspelled command names the closest one and exits 2', async () => {
    const res = await run(['stauts'])
    expect(res.code).toBe(2)
    expect(res.stderr).toContain('"stauts" is not a logwarden command. Did you mean `logwarden status`?')
    const nested = await run(['admin', 'relaod'])
    expect(nested.stderr).toContain('`logwarden admin reload`')
    const far = await run(['xyzzy'])
    expect(far.code).toBe(2)
    expect(far.stderr).not.toContain('Did you mean')
    const help = await run(['help', 'qurey'])
    expect(help.code).toBe(2)
    expect(help.stderr).toContain('Did you mean "query"?')
  })

  it('a misspelled flag names the closest flag of that command and exits 2', async () => {
    const res = await run(['query', '--dir', dir, '--levl', 'warn'])
    expect(res.code).toBe(2)
    expect(res.stderr).toContain('unknown flag --levl. Did you mean "--level"?')
    expect(res.stderr).toContain('logwarden query --help')
  })

  it('an unknown category is an error listing the known ones (not an empty result)', async () => {
    const res = await run(['query', '--dir', dir, '-c', 'enforcment'])
    expect(res.code).toBe(2)
    expect(res.stderr).toContain('unknown category "enforcment"')
    expect(res.stderr).toContain('Did you mean "enforcement"?')
    expect(res.stderr).toContain('trading')
  })
})
