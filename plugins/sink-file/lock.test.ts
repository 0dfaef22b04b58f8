import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { LOCK_FILE } from '../../lib/log-dir/index.js'
import { createSink } from './worker.js'
import { exited, makeContext, removeDir, spawnTs, tempDir, waitForLine } from './test/helpers.js'

const HOLDER = fileURLToPath(new URL('./test/lock-holder.ts', import.meta.url))
const cleanups: Array<() => unknown> = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

function newDir() {
  const dir = tempDir('lw-lock-')
  cleanups.push(() => removeDir(dir))
  return dir
}

function startHolder(dir: string) {
  const child = spawnTs(HOLDER, [dir])
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    return exited(child)
  })
  return child
}

describe('sink-file directory lock', () => {
  it('refuses a second process with an error naming the lock file and the holder pid; a killed holder is taken over', async () => {
    const dir = newDir()
    const holder = startHolder(dir)
    const [, pid] = await waitForLine(holder, /^ready (\d+)$/)
    expect(Number(pid)).toBe(holder.pid)
    const lockPath = join(dir, LOCK_FILE)

    // this test process is the second process
    const attempt = createSink({ dir }, makeContext().ctx)
    await expect(attempt).rejects.toMatchObject({ code: 'LW_ERR_FILE_LOCKED' })
    const message = ((await attempt.catch((e: unknown) => e)) as Error).message
    expect(message).toContain(lockPath)
    expect(message).toContain(`process ${holder.pid}`)

    // and so is a third one
    const third = startHolder(dir)
    const [failure] = await waitForLine(third, /^failed .*/)
    expect(failure).toContain('LW_ERR_FILE_LOCKED')
    expect(failure).toContain(`process ${holder.pid}`)
    expect(await exited(third)).toBe(3)

    holder.kill('SIGKILL')
    await exited(holder)
    expect(readFileSync(lockPath, 'utf8').split('\n')[0]).toBe(String(holder.pid)) // stale lock left behind
    const sink = await createSink({ dir }, makeContext().ctx)
    expect(readFileSync(lockPath, 'utf8').split('\n')[0]).toBe(String(process.pid))
    await sink.close!()
    expect(existsSync(lockPath)).toBe(false)
  })

  it('releases the lock on close, so the next process starts', async () => {
    const dir = newDir()
    const holder = startHolder(dir)
    await waitForLine(holder, /^ready/)
    holder.stdin!.end()
    expect(await exited(holder)).toBe(0)
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
    const sink = await createSink({ dir }, makeContext().ctx)
    await sink.close!()
  })

  it('takes over a lock whose pid is dead, and refuses one held on another host', async () => {
    const dir = newDir()
    const dead = spawnSync(process.execPath, ['-e', '0']).pid
    writeFileSync(join(dir, LOCK_FILE), `${dead}\n`)
    const sink = await createSink({ dir }, makeContext().ctx)
    await sink.close!()

    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, LOCK_FILE), `${dead}\nsome-other-host\n`)
    await expect(createSink({ dir }, makeContext().ctx)).rejects.toThrow(/on host some-other-host/)
  })

  it("in one process, a successor instance (restart, reload) takes over and its predecessor's close leaves its lock alone", async () => {
    const dir = newDir()
    const first = await createSink({ dir }, makeContext().ctx)
    const second = await createSink({ dir }, makeContext().ctx)
    const lock = readFileSync(join(dir, LOCK_FILE), 'utf8')
    await first.close!()
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(lock)
    await second.close!()
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
  })
})
