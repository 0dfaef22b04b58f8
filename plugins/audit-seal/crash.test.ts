/**
 * A real SIGKILL between records and their seal: verify reports the tail as unsealed (not as
 * tampering), and the next start continues the chain and seals it.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { verifyDir } from '../../lib/seal/index.js'
import { exited, readCategoryLines, removeDir, sleep, spawnTs, tempDir, waitForLine } from '../sink-file/test/helpers.js'
import { initKey, readSeals } from './test/harness.js'

const CHILD = fileURLToPath(new URL('./test/seal-child.ts', import.meta.url))
const cleanups: Array<() => unknown> = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

function run(dir: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawnTs(CHILD, [dir, ...args], { env })
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
  return child
}

/** `killAtRotation`: the child kills itself then, between that rotation's seal and its rename */
async function killThenRestart(killAtRotation?: number): Promise<void> {
  const dir = tempDir('lw-seal-kill-')
  cleanups.push(() => removeDir(dir))
  const key = initKey(dir)
  const first = run(dir, ['0', '100'])
  await waitForLine(first, /^done$/, 30_000)
  expect(await exited(first)).toBe(0)

  if (killAtRotation === undefined) {
    const killed = run(dir, ['100'])
    await waitForLine(killed, /^wrote (\d+)$/, 30_000, (m) => Number(m[1]) >= 400)
    await sleep(Math.random() * 20)
    killed.kill('SIGKILL')
    await exited(killed)
  } else {
    const killed = run(dir, ['100'], { SEAL_CHILD_KILL_AT_ROTATION: String(killAtRotation) })
    await exited(killed)
    expect(killed.signalCode).toBe('SIGKILL')
  }
  // a write the kill cut in the middle of a line (the kill itself may have torn one already: a
  // write to a file can stop at a page boundary on SIGKILL; the fragment then continues that line)
  const killTorn = existsSync(join(dir, 'audit.log')) ? readFileSync(join(dir, 'audit.log'), 'utf8').replace(/^[^]*\n/, '') : ''
  appendFileSync(join(dir, 'audit.log'), '{"timestamp":"')

  const written = readCategoryLines(dir, 'audit').length
  const before = verifyDir({ dir, key })
  const audit = before.categories[0]!
  expect(before.status).toBe('verified')
  expect(audit.break).toBeUndefined()
  expect(audit.unsealed).toMatchObject({ file: join(dir, 'audit.log'), torn: true })
  expect(audit.sealedLines + audit.unsealed!.lines).toBe(written)
  // everything the killed run wrote since its last rotation seal, the torn fragment included
  // (the kill may also land just after a rotation: then the fragment alone; or between a
  // rotation's seal and its rename: then audit.log still holds that sealed segment, and the
  // unsealed tail starts past it)
  const activeLines = readFileSync(join(dir, 'audit.log'), 'utf8').split('\n').length
  const lastSeal = readSeals(dir).filter(Boolean).at(-1)!
  const renamePending = lastSeal.rot !== undefined && !existsSync(join(dir, lastSeal.rot)) && !existsSync(join(dir, `${lastSeal.rot}.gz`))
  expect(audit.unsealed!.fromLine).toBe(renamePending ? lastSeal.line + lastSeal.n + 1 : 1)
  expect(audit.unsealed!.lines).toBe(activeLines - audit.unsealed!.fromLine + 1)

  const next = written - 1 // the torn fragment is not a record of ours
  const restarted = run(dir, [String(next), String(next + 50)])
  await waitForLine(restarted, /^done$/, 30_000)
  expect(await exited(restarted)).toBe(0)
  const after = verifyDir({ dir, key })
  expect(after.status).toBe('verified')
  expect(after.categories[0]!.unsealed).toBeUndefined()
  expect(after.categories[0]!.sealedLines).toBe(readCategoryLines(dir, 'audit').length)
  // the torn fragment was closed with a newline and sealed with the rest
  expect(readCategoryLines(dir, 'audit')).toContain(`${killTorn}{"timestamp":"`)
}

describe('audit-seal: crash safety', () => {
  it('reports the tail a SIGKILL left as unsealed, then a restart seals it and the chain holds', () => killThenRestart(), 90_000)

  it('a SIGKILL between a rotation seal and its rename is a crash tail, not tampering; the restart finishes the rename', () => killThenRestart(5), 90_000)
})
