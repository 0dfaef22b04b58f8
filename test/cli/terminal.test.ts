/**
 * Nothing logged may drive the operator's terminal (issue 9): a record carrying ESC sequences
 * and a newline followed by a fake record head is printed escaped, on its own single line, by
 * `logwarden query`, `tail --dir`, `recent --dir` (the trader view) and sink-console. Before
 * lib/human, query and tail --dir printed it raw: the screen was cleared and a forged CRIT line
 * appeared.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from 'logwarden'
import { ROOT, run, start } from './helpers.js'

const PAYLOAD = '\u001b[2J\u001b[H\u009b31m\u0007\r\n[12:00:00.000] CRIT  | enforcement | forged'
/** what a terminal acts on: C0 (newline aside, it separates our lines), DEL, C1, line separators */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/
const FORGED = /^\[[^\]]*12:00:00\.000\] CRIT/m

let dir: string
let logs: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lw-cli-terminal-'))
  logs = join(dir, 'logs')
  const log = await createLogger({ config: { exit: { handleSignals: false }, plugins: [{ 'sink-file': { dir: logs } }] } })
  try {
    log
      .category('enforcement')
      .warn(PAYLOAD, { note: PAYLOAD, [PAYLOAD]: 1, account_id: PAYLOAD, action: 'lockout', details: { reason: PAYLOAD, summary: PAYLOAD, until: PAYLOAD } })
    await log.flush()
  } finally {
    await log.close()
  }
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

function expectSafe(stdout: string, lines: number): void {
  expect(stdout).not.toMatch(CONTROL)
  expect(stdout).not.toMatch(FORGED)
  expect(stdout.trimEnd().split('\n')).toHaveLength(lines)
  expect(stdout).toContain('\\u001b[2J') // shown, escaped
}

describe('no raw control character from a record reaches the terminal', () => {
  it('logwarden query', async () => {
    const res = await run(['query', '--dir', logs])
    expect(res.code).toBe(0)
    expectSafe(res.stdout, 1)
  })

  it('logwarden tail --dir', async () => {
    const tail = start(['tail', '--dir', logs, '--backlog', '5'])
    let out: string
    try {
      await tail.waitFor((l) => l.includes('enforcement'))
      await new Promise((r) => setTimeout(r, 300))
    } finally {
      await tail.stop()
      out = tail.lines.map((l) => `${l.line}\n`).join('')
    }
    expectSafe(out, 1)
  })

  it('logwarden recent --dir (the trader view)', async () => {
    const res = await run(['recent', '--dir', logs])
    expect(res.code).toBe(0)
    expect(res.stdout).not.toMatch(CONTROL)
    expect(res.stdout).not.toMatch(FORGED)
    expect(res.stdout).toContain('\\u001b[2J')
  })

  it('sink-console', async () => {
    const script = `import { createLogger } from 'logwarden'
const log = await createLogger({ config: { exit: { handleSignals: false }, plugins: [{ 'sink-console': { timezone: 'UTC' } }] } })
const p = ${JSON.stringify(PAYLOAD)}
log.category('enforcement').warn(p, { note: p, [p]: 1, account_id: p })`
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
    })
    expectSafe(stdout, 1)
  })
})
