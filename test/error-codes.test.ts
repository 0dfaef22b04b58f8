/**
 * The error registry against its documentation: every registered code has a row in
 * docs/errors.md with its kind, every documented code is registered, and no code is spelled as a
 * string outside an errors module (so none can escape the registry and its kind).
 */
import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { LwError, defineErrors, registeredErrors } from '../core/errors.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SKIP_DIRS = new Set(['node_modules', 'dist', 'test', 'testing', 'test-support', 'fixtures'])

function files(dir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return []
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) {
      if (!SKIP_DIRS.has(name) && !name.startsWith('.')) out.push(...files(path, keep))
    } else if (keep(name)) out.push(path)
  }
  return out
}

/** Every errors module of the source tree: the core's, each built-in plugin's, lib's and the CLI's. */
function errorsModules(): string[] {
  return ['core', 'plugins', 'lib', 'cli'].flatMap((d) => files(join(ROOT, d), (n) => n === 'errors.ts'))
}

async function loadRegistry() {
  for (const file of errorsModules()) await import(pathToFileURL(file).href)
  return registeredErrors()
}

/** `| \`LW_ERR_X\` | kind | meaning | fix |` rows of docs/errors.md */
function documented(): Map<string, string> {
  const rows = new Map<string, string>()
  for (const line of readFileSync(join(ROOT, 'docs/errors.md'), 'utf8').split('\n')) {
    const m = /^\| `(LW_ERR_[A-Z0-9_]+)` \| ([a-z-]+) \|/.exec(line)
    if (m) {
      expect(rows.has(m[1]!), `${m[1]} has two rows`).toBe(false)
      rows.set(m[1]!, m[2]!)
    }
  }
  return rows
}

/** whole codes: `LW_ERR_CONFIG_*` (a family in prose) is not one */
const CODE = /LW_ERR_[A-Z0-9]+(?:_[A-Z0-9]+)*(?![A-Z0-9_*])/g

describe('the error registry', () => {
  it('documents every registered code in docs/errors.md, with its kind', async () => {
    const registry = await loadRegistry()
    expect(registry.length).toBeGreaterThan(55)
    const rows = documented()
    const missing = registry.filter((e) => !rows.has(e.code)).map((e) => e.code)
    expect(missing).toEqual([])
    const wrongKind = registry.filter((e) => rows.get(e.code) !== e.kind).map((e) => `${e.code}: registered ${e.kind}, documented ${rows.get(e.code)}`)
    expect(wrongKind).toEqual([])
  })

  it('registers every code that docs/errors.md, the other docs and the READMEs name', async () => {
    const registered = new Set((await loadRegistry()).map((e) => e.code))
    const unregistered = [...documented().keys()].filter((c) => !registered.has(c))
    expect(unregistered).toEqual([])
    const docs = [join(ROOT, 'README.md'), ...files(join(ROOT, 'docs'), (n) => n.endsWith('.md')), ...files(join(ROOT, 'plugins'), (n) => n.endsWith('.md'))]
    const stale = docs.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(CODE)].filter((m) => !registered.has(m[0])).map((m) => `${relative(ROOT, file)}: ${m[0]}`),
    )
    expect(stale).toEqual([])
  })

  it('has no LW_ERR_ string outside an errors module (tests assert codes as literals; they are not sources)', () => {
    const sources = ['core', 'plugins', 'lib', 'cli', 'bench', 'examples']
      .flatMap((d) => files(join(ROOT, d), (n) => /\.(m|c)?[tj]s$/.test(n) && !/\.test\.[tj]s$/.test(n) && n !== 'errors.ts'))
      .concat(['index.ts'].map((f) => join(ROOT, f)).filter(existsSync))
    expect(sources.length).toBeGreaterThan(100)
    // a quote or backtick right before the code: a string literal, or a template building one
    const literals = sources.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (/['"`]LW_ERR_/.test(line) ? [`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`] : [])),
    )
    expect(literals).toEqual([])
  })

  it('refuses a code defined twice, and a malformed one, when the module defining it loads', () => {
    expect(() => defineErrors({ AGAIN: { code: 'LW_ERR_CONFIG_INVALID', kind: 'usage', message: () => 'again' } })).toThrow(
      /LW_ERR_CONFIG_INVALID is defined twice/,
    )
    expect(() => defineErrors({ BAD: { code: 'ERR_NOT_OURS', kind: 'usage', message: () => 'x' } })).toThrow(/must look like LW_ERR_/)
  })

  it('gives an error its registered kind, even one built from the code alone', async () => {
    const { RotateErrors } = await import('../plugins/rotate/errors.js')
    const err = RotateErrors.OPTION('maxSize', '50XB', 'a size')
    expect(err).toBeInstanceOf(LwError)
    expect(err).toMatchObject({ code: 'LW_ERR_ROTATE_OPTION', kind: 'config', message: 'rotate: option maxSize = "50XB" is not a size.' })
    expect(new LwError('LW_ERR_ROTATE_OPTION', 'x').kind).toBe('config')
    expect(new LwError('LW_ERR_FROM_A_NEWER_DAEMON', 'x').kind).toBe('internal')
  })

  it('derives the HTTP answer and the CLI exit code from the kind; io and internal messages stay in the daemon', async () => {
    const { fromLwError } = await import('../plugins/control/errors.js')
    const { CliError, EXIT } = await import('../cli/lib/errors.js')
    const { Errors } = await import('../core/errors.js')
    const cases = [
      [Errors.CONFIG_INVALID('x', 'problem'), 422, EXIT.CONFIG],
      [Errors.UNKNOWN_LEVEL('loud'), 400, EXIT.USAGE],
      [Errors.UNKNOWN_SINK('s', 'a, b'), 404, EXIT.FAILURE],
      [Errors.LOGGER_CLOSED(), 503, EXIT.FAILURE],
      [Errors.SINK_FAILED('s', 'EACCES /var/secret/path'), 500, EXIT.FAILURE],
    ] as const
    for (const [err, status, exit] of cases) {
      const answer = fromLwError(err)
      expect([err.code, answer.status, answer.code, CliError.from(err).exit]).toEqual([err.code, status, err.code, exit])
      expect(answer.message === err.message).toBe(status !== 500)
    }
    expect(fromLwError(Errors.SINK_FAILED('s', 'EACCES /var/secret/path')).message).not.toContain('/var/secret')
  })
})
