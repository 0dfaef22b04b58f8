/**
 * Issue 11 item 2 at the CLI: `config validate` and `config print` on configs that fail with a
 * secret close by (the real binary, real files): exit 5 with the code, where and what, and no
 * secret in stdout or stderr, plain or --json. Needs `npm run build`.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/sinks.js'
import { CASES, SCRUB_ENV, leaks, writeCase } from '../helpers/scrub-cases.js'
import { run } from './helpers.js'

const cleanups: Array<() => unknown> = []
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c()
})

describe('config validate / config print on failing configs', () => {
  for (const c of CASES) {
    it(
      c.name,
      async () => {
        const t = tempDir('lw-cli-scrub-')
        cleanups.push(t.cleanup)
        writeCase(t.dir, c)
        // the file searched for from the working directory, as a user runs it
        for (const [command, json] of [
          ['validate', false],
          ['validate', true],
          ['print', false],
        ] as const) {
          const res = await run(['config', command, ...(json ? ['--json'] : [])], { cwd: t.dir, env: SCRUB_ENV })
          const output = `${res.stdout}\n${res.stderr}`
          expect(leaks(output), `config ${command}${json ? ' --json' : ''}: ${output}`).toEqual([])
          if (c.atApply) {
            // nothing is applied by the CLI: the config is valid as far as it can tell
            expect(res.code, output).toBe(0)
            continue
          }
          expect(res.code, output).toBe(5)
          if (json) {
            const error = (JSON.parse(res.stdout) as { error: { code: string; message: string } }).error
            expect(error.code).toBe(c.code)
            expect(error.message).toMatch(c.says)
          } else {
            expect(res.stderr).toMatch(c.says)
            expect(res.stderr).toContain(`[${c.code}]`)
          }
        }
        // three runs of the real binary each
      },
      90_000,
    )
  }

  it('LOGWARDEN_DEBUG stacks are scrubbed too', async () => {
    const t = tempDir('lw-cli-scrub-')
    cleanups.push(t.cleanup)
    writeCase(
      t.dir,
      CASES.find((c) => c.file === 'logwarden.config.mjs')!,
    )
    const res = await run(['config', 'validate'], { cwd: t.dir, env: { ...SCRUB_ENV, LOGWARDEN_DEBUG: '1' } })
    expect(res.code).toBe(5)
    expect(res.stderr).toContain('LwError')
    expect(leaks(`${res.stdout}\n${res.stderr}`)).toEqual([])
  })
})
